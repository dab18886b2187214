// Sign-in with the organisation's accounts in headless Chromium (issue #12):
// a demo skillpathd set up with a real OpenID provider (oidc-provider,
// tests/oidc/provider.mjs) on loopback that knows the five demo users by
// e-mail, with groups mapped to HR, ADMIN and AGGREGATE. Each signs in
// through the provider's own login and consent pages and reaches the views
// of their grant; one is signed in in a second tab as well and signs out,
// which ends the session in skillpath and at the provider. The sign-in page
// is saved as a screenshot (docs/screenshots/sign-in.png in the README).
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/sign_in.test.mjs
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { repo, startSkillpathd, stopSkillpathd } from "../common/skillpathd.mjs";

const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.SKILLPATH_SCREENSHOTS || join(repo, "build/screenshots");
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

// The demo users' e-mail addresses, asked of skillpath with their tokens.
async function demoAccounts(tokens) {
  const groups = { HR: ["g-hr"], ADMIN: ["g-admin"], AGGREGATE: ["g-tillitsvalgt"] };
  const accounts = [];
  for (const [grant, { person, token }] of Object.entries(tokens)) {
    const answer = await fetch(`${base}/skillpath.v1.OrgService/GetPerson`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: person }),
    });
    assert.equal(answer.status, 200, `GetPerson ${person}`);
    const p = await answer.json();
    accounts.push({ sub: grant.toLowerCase(), email: p.email, name: p.name, groups: groups[grant] ?? [], grant });
  }
  return accounts;
}

let accounts;
before(async () => {
  work = mkdtempSync(join(tmpdir(), "skillpath-signin-"));
  mkdirSync(shots, { recursive: true });
  const providerPort = await freePort();
  const httpPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  const secret = join(work, "oidc-secret");
  writeFileSync(secret, "skillpath-test-secret\n");
  chmodSync(secret, 0o600);
  // skillpath first (it finds the provider when someone signs in), so that
  // the provider can be given the demo users' addresses.
  server = await startSkillpathd({
    work,
    http: `127.0.0.1:${httpPort}`,
    extraArgs: [
      "--web-root", join(repo, "clients/web"),
      "--oidc-issuer", `http://127.0.0.1:${providerPort}`,
      "--oidc-client-id", "skillpath",
      "--oidc-client-secret-file", secret,
      "--public-url", base,
      "--oidc-grant", "HR=g-hr", "--oidc-grant", "ADMIN=g-admin", "--oidc-grant", "AGGREGATE=g-tillitsvalgt",
    ],
  });
  accounts = await demoAccounts(server.tokens);
  assert.equal(accounts.length, 5, "five demo users");
  const accountsFile = join(work, "accounts.json");
  writeFileSync(accountsFile, JSON.stringify(accounts));
  provider = await startProvider(providerPort, `${base}/auth/callback`, `${base}/`, accountsFile);
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
});

// Through the provider's pages: login (any password), then consent.
async function signIn(page, login) {
  await page.goto(base);
  await page.getByTestId("signin-provider").click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${base}/**`);
  await page.getByTestId("nav-learner").waitFor();
}

after(async () => {
  await browser?.close();
  if (server) stopSkillpathd(server);
  provider?.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

test("each demo user signs in through the provider and reaches the views of their grant", async () => {
  const views = { EMPLOYEE: ["learner"], MANAGER: ["learner", "team", "inbox"], HR: ["learner", "team", "inbox", "hr", "import", "catalog", "roles", "people"],
                  ADMIN: ["learner", "team", "hr", "import", "catalog", "roles", "people", "tokens"], AGGREGATE: ["learner", "team", "hr"] };
  const labels = { EMPLOYEE: "ansatt", MANAGER: "leder", HR: "HR", ADMIN: "administrator", AGGREGATE: "tillitsvalgt" };
  for (const a of accounts) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, a.sub);
    const who = await page.locator("#who").textContent();
    assert.ok(who.includes(a.name), `${a.grant}: ${who}`);
    assert.ok(who.includes(labels[a.grant]), `${a.grant} shown as its grant: ${who}`);
    const nav = await page.locator("#nav a").evaluateAll((links) => links.map((l) => l.dataset.testid));
    assert.deepEqual(nav, views[a.grant].map((v) => `nav-${v}`), a.grant);
    await context.close();
  }
});

test("a person signs in through the provider, is signed in in a second tab, and signs out everywhere", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  const button = page.getByTestId("signin-provider");
  await button.waitFor();
  assert.equal(await button.textContent(), "Logg inn med kommunens konto");
  assert.equal(await page.getByTestId("token").count(), 1, "the demo offers the token field too");
  await page.screenshot({ path: join(shots, "sign-in.png"), fullPage: false });

  const employee = accounts.find((a) => a.grant === "EMPLOYEE");
  await signIn(page, employee.sub);
  assert.match(await page.locator("#who").textContent(), new RegExp(employee.name));
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
