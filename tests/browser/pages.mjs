// What the browser tests share: a demo skillpathd serving the web client,
// Debian's Chromium through playwright-core, pages signed in as a demo
// user, and the API's own answers to check the pages against.
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { repo, startSkillpathd, stopSkillpathd } from "../common/skillpathd.mjs";

const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

// Starts skillpathd and Chromium; `stop()` ends both.
export async function startWeb(prefix) {
  const server = await startSkillpathd({ prefix, extraArgs: ["--web-root", join(repo, "clients/web")] });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
  const web = {
    server,
    browser,
    base: `http://${server.httpAddress}`,
    tokens: server.tokens,
    // The API's own answer to `method` for the demo user `grant`.
    async api(grant, method, body) {
      const res = await fetch(`${web.base}/skillpath.v1.${method}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${web.tokens[grant].token}` },
        body: JSON.stringify(body),
      });
      const json = await res.json();
      assert.equal(res.status, 200, `${method}: ${JSON.stringify(json)}`);
      return json;
    },
    // A new page (Norwegian), collecting page errors and CSP refusals in `page.errors`.
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: "nb-NO" });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      page.errors = errors;
      return page;
    },
    async signIn(page, grant) {
      await page.goto(web.base + "/");
      await page.getByTestId(`demo-${grant}`).click();
      await page.getByTestId("who").filter({ hasText: "·" }).waitFor();
    },
    // A new page, signed in as `grant`, on the view (nav-<view>) once the
    // element with the test id `ready` is shown.
    async openView(grant, view, ready) {
      const page = await web.newPage();
      await web.signIn(page, grant);
      await page.getByTestId(`nav-${view}`).click();
      await page.getByTestId(ready).waitFor();
      return page;
    },
    async stop() {
      await browser.close();
      stopSkillpathd(server);
    },
  };
  return web;
}
