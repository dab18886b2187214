// Sign-in with the organisation's accounts in headless Chromium (issue #12):
// a demo skillpathd set up with a real OpenID provider (oidc-provider,
// tests/oidc/provider.mjs) on loopback; a demo person signs in through the
// provider's own login and consent pages, reaches their views, is signed in
// in a second tab as well, and signs out, which ends the session in
// skillpath and at the provider.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/sign_in.test.mjs
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { repo, startSkillpathd, stopSkillpathd } from "../common/skillpathd.mjs";

const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
let work, provider, server, base, browser;

// A loopback port free a moment ago: skillpath and the provider must know
// each other's address before either starts.
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startProvider(port, redirect, afterLogout, accounts) {
  const child = spawn(process.execPath, [
    join(repo, "tests/oidc/provider.mjs"),
    "--port", String(port),
    "--redirect-uri", redirect,
    "--post-logout-redirect-uri", afterLogout,
    "--accounts", accounts,
  ]);
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start:\n${log}`)), 60000);
    const onData = (chunk) => {
      log += chunk;
      if (log.includes("oidc-provider listening on")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`oidc-provider exited with ${code}:\n${log}`)));
  });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "skillpath-signin-"));
  const providerPort = await freePort();
  const httpPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  const accounts = join(work, "accounts.json");
  // Ingrid (E1003) of the demo municipality, known to the provider by e-mail.
  writeFileSync(accounts, JSON.stringify([{ sub: "ingrid", email: "ingrid.jakobsen@eksempel.kommune.no", name: "Ingrid" }]));
  const secret = join(work, "oidc-secret");
  writeFileSync(secret, "skillpath-test-secret\n");
  chmodSync(secret, 0o600);
  provider = await startProvider(providerPort, `${base}/auth/callback`, `${base}/`, accounts);
  server = await startSkillpathd({
    work,
    http: `127.0.0.1:${httpPort}`,
    extraArgs: [
      "--web-root", join(repo, "clients/web"),
      "--oidc-issuer", `http://127.0.0.1:${providerPort}`,
      "--oidc-client-id", "skillpath",
      "--oidc-client-secret-file", secret,
      "--public-url", base,
    ],
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  if (server) stopSkillpathd(server);
  provider?.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

test("a person signs in through the provider, is signed in in a second tab, and signs out everywhere", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  const button = page.getByTestId("signin-provider");
  await button.waitFor();
  assert.equal(await button.textContent(), "Logg inn med kommunens konto");
  assert.equal(await page.getByTestId("token").count(), 1, "the demo offers the token field too");

  await button.click();
  // The provider's own pages: login (any password), then consent.
  await page.locator('input[name="login"]').fill("ingrid");
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${base}/**`);
  await page.getByTestId("nav-learner").waitFor();
  assert.match(await page.locator("#who").textContent(), /Ingrid Jakobsen/);
  const cookies = await context.cookies(base);
  const session = cookies.find((c) => c.name === "skillpath_session");
  assert.ok(session?.httpOnly, "the session is an HttpOnly cookie");
  assert.equal(session.sameSite, "Lax");
  assert.equal(await page.evaluate(() => document.cookie), "", "the page's code never sees it");

  // Another tab of the same browser is signed in too.
  const second = await context.newPage();
  await second.goto(base);
  await second.getByTestId("nav-learner").waitFor();

  // Signing out ends the session in skillpath and at the provider (which
  // asks to confirm).
  await page.locator("#signout").click();
  await page.waitForURL(/\/session\/end/, { waitUntil: "domcontentloaded" });
  await page.locator('button[name="logout"]').click();
  await page.waitForURL(`${base}/**`, { waitUntil: "domcontentloaded" });
  await page.getByTestId("signin-provider").waitFor();
  await second.reload();
  await second.getByTestId("signin-provider").waitFor();
  await context.close();
});
