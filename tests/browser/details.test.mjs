// The small things of issue #15 item 6, in headless Chromium against a demo
// skillpathd: a competence with a «skal» and a «bør» target is one row of
// the gaps table; the heatmap colours «bør» gaps apart from «skal» gaps;
// on a phone no table hides a column (they scroll in their box) and no
// page is wider than the screen; a server error reads in Norwegian on a
// Norwegian page; an erased demo person is no longer offered at sign-in.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/details.test.mjs
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repo } from "../common/skillpathd.mjs";
import { startWeb } from "./pages.mjs";

const shots = process.env.SKILLPATH_SCREENSHOTS || join(repo, "build/screenshots");

let web;
before(async () => {
  mkdirSync(shots, { recursive: true });
  web = await startWeb("skillpath-details-");
});
after(async () => {
  await web?.stop();
});

const api = (...args) => web.api(...args);

test("a competence with a «skal» and a «bør» target is one row, with both targets and both gaps", async () => {
  const page = await web.openView("EMPLOYEE", "learner", "gaps");
  const gap = await api("EMPLOYEE", "GapService/GetPersonGap", { personId: web.tokens.EMPLOYEE.person });
  const ids = gap.gaps.map((g) => g.competenceId);
  assert.equal(await page.locator("[data-testid=gaps] tbody tr").count(), new Set(ids).size);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  assert.ok(twice, "the demo employee has a competence with both a «skal» and a «bør» target");
  const required = gap.gaps.find((g) => g.competenceId === twice && g.priority === "REQUIRED");
  const desired = gap.gaps.find((g) => g.competenceId === twice && g.priority === "DESIRED");
  const row = page.getByTestId(`gap-${twice}`);
  assert.equal(await row.count(), 1);
  assert.equal(await row.getByTestId("priority").textContent(), "skal bør");
  assert.equal(await row.getByTestId("target").textContent(), String(required.targetLevel));
  assert.equal(await row.getByTestId("target-desired").textContent(), ` · bør ${desired.targetLevel}`);
  assert.equal(await row.getByTestId("gap").textContent(), required.met ? "✓" : String(required.gap));
  assert.equal(await row.getByTestId("gap-desired").textContent(), ` · bør ${desired.met ? "✓" : desired.gap}`);
  // One choice per competence where the person rates themselves.
  const options = await page.getByTestId("assess-competence").locator("option").evaluateAll((o) => o.map((x) => x.value));
  assert.equal(options.length, new Set(options).size);
  assert.deepEqual(page.errors, []);
});

test("the heatmap colours a «bør» gap in blue and a «skal» gap in yellow to red, as the API says each cell's priority", async () => {
  const page = await web.openView("MANAGER", "team", "heatmap");
  const unit = await page.getByTestId("team-unit").inputValue();
  const team = await api("MANAGER", "GapService/GetTeamGap", { orgUnitId: unit });
  let desired = 0;
  let required = 0;
  for (const row of team.rows) {
    const line = page.getByTestId(`row-${row.personId}`);
    for (const [i, cell] of row.cells.entries()) {
      if (!cell.targetLevel || !(cell.gap > 0)) continue;
      const id = team.competenceIds[i];
      const shade = await line.getByTestId(`cell-${id}`).getAttribute("class");
      const step = Math.min(cell.gap, 3);
      if (cell.priority === "DESIRED") {
        desired++;
        assert.match(shade, new RegExp(`\\bwant${step}\\b`), `${row.personId} ${id}`);
      } else {
        required++;
        assert.equal(cell.priority, "REQUIRED");
        assert.match(shade, new RegExp(`\\bgap${step}\\b`), `${row.personId} ${id}`);
      }
    }
  }
  assert.ok(desired > 0 && required > 0, JSON.stringify({ desired, required }));
  // The two kinds of gap look different to the reader.
  const colour = (cls) => page.evaluate((c) => {
    const el = document.querySelector(`.legend .cell.${c}`);
    return getComputedStyle(el).backgroundColor;
  }, cls);
  assert.notEqual(await colour("want1"), await colour("gap1"));
  assert.notEqual(await colour("want3"), await colour("gap3"));
  assert.deepEqual(page.errors, []);
});

// Every table of the page at phone width: no cell hidden, each wider table
// scrolls in its box, and the page itself no wider than the screen.
async function fitsAPhone(page, name) {
  const hidden = await page.locator("table th, table td").evaluateAll((cells) =>
    cells.filter((c) => getComputedStyle(c).display === "none").map((c) => c.textContent),
  );
  assert.deepEqual(hidden, [], `${name}: no hidden column`);
  for (const box of await page.locator(".table-wrap").all()) {
    const ok = await box.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 || getComputedStyle(el).overflowX === "auto");
    assert.ok(ok, `${name}: a wide table scrolls in its box`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than the phone`);
}

test("on a phone every column is there: the gaps, the heatmap, the inbox and HR's tables scroll instead", async () => {
  for (const [grant, view, ready, shot] of [
    ["EMPLOYEE", "learner", "gaps", "gaps-phone.png"],
    ["MANAGER", "team", "heatmap", "team-phone.png"],
    ["MANAGER", "inbox", "inbox-proposed", null],
    ["HR", "hr", "demand", "hr-phone.png"],
  ]) {
    const page = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, grant);
    await page.getByTestId(`nav-${view}`).click();
    await page.getByTestId(ready).waitFor();
    await page.locator("#busy[hidden]").waitFor({ state: "attached" });
    await fitsAPhone(page, `${grant} ${view}`);
    if (shot) await page.screenshot({ path: join(shots, shot), fullPage: true });
    assert.deepEqual(page.errors, [], `${grant} ${view}`);
    await page.context().close();
  }
});

test("a server error reads in the page's language; the server's own English words are marked as English", async () => {
  const page = await web.newPage();
  await page.goto(web.base + "/");
  await page.getByTestId("token").fill("tok_0000000000000000.wrong");
  await page.getByTestId("signin").click();
  const bar = page.getByTestId("error");
  await bar.filter({ hasText: "Du er ikke logget inn" }).waitFor();
  const english = bar.locator("[lang=en]");
  assert.equal(await english.count(), 1);
  assert.match(await english.textContent(), /unauthenticated/);
  // In English, nothing is marked as another language.
  await page.getByTestId("lang").click();
  await page.getByTestId("token").fill("tok_0000000000000000.wrong");
  await page.getByTestId("signin").click();
  await bar.filter({ hasText: "You are not signed in" }).waitFor();
  assert.equal(await bar.locator("[lang]").count(), 0);
});

// Last: it erases a demo person the tests above use.
test("an erased demo person is no longer offered at sign-in; the others still are", async () => {
  const page = await web.newPage();
  await page.goto(web.base + "/");
  await page.getByTestId("demo-EMPLOYEE").waitFor();
  const offered = await page.locator("[data-testid^=demo-]").count();
  await api("ADMIN", "PrivacyService/ErasePerson", { personId: web.tokens.EMPLOYEE.person });
  await page.reload();
  await page.getByTestId("demo-MANAGER").waitFor();
  assert.equal(await page.getByTestId("demo-EMPLOYEE").count(), 0);
  assert.equal(await page.locator("[data-testid^=demo-]").count(), offered - 1);
  assert.deepEqual(page.errors, []);
});
