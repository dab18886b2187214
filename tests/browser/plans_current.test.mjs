// Plans that stay current (issue #14 item 3) in headless Chromium: a demo
// user saves their own plan on «Min læringssti», rates themselves at the
// target of a competence one of its steps was planned for, and the page
// marks that step «ikke lenger nødvendig» as the API does; HR sees the
// out-of-date plan counted; «Lag planen på nytt» gives a new DRAFT without
// the step, and the old plan is cancelled.
//
// A self-rating counts only where no validated level exists (DESIGN.md,
// effective level). The demo's employee E1062 has every level of their plan
// rated by their manager, so the first demo user whose own plan has a step
// on an unvalidated competence is taken (the manager, E1061, in the demo
// data today).
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/plans_current.test.mjs
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
  web = await startWeb("skillpath-current-");
});
after(async () => {
  await web?.stop();
});

const api = (...args) => web.api(...args);
async function signedIn(grant) {
  const page = await web.newPage();
  await web.signIn(page, grant);
  return page;
}

const validated = (source) => ["MANAGER", "EVIDENCE", "CERTIFICATION"].includes(source);

// The competence to rate: one whose level is not validated (a self-rating
// then counts) and that a step of `plan` is planned for on its own, where
// that step is no other step's prerequisite.
function pick(plan, gap, resources) {
  const prerequisites = new Set();
  for (const s of plan.steps) for (const p of resources.get(s.resourceId)?.prerequisiteIds || []) prerequisites.add(p);
  for (const s of plan.steps) {
    const ids = new Set((s.changes || []).map((c) => c.competenceId));
    if (ids.size !== 1 || prerequisites.has(s.resourceId)) continue;
    const [id] = ids;
    const entry = gap.gaps.find((g) => g.competenceId === id && g.priority === "REQUIRED");
    if (entry && !validated(entry.currentSource)) return { competenceId: id, level: entry.targetLevel };
  }
  return null;
}

test("a self-rating makes the saved plan show its now-unneeded step; making it again gives a DRAFT without it", async () => {
  const catalogue = await api("HR", "CatalogService/ListResources", {});
  const resources = new Map((catalogue.resources || []).map((r) => [r.id, r]));
  let grant, choice;
  for (const g of ["EMPLOYEE", "MANAGER", "HR"]) {
    const personId = web.tokens[g].person;
    const draft = await api(g, "PlanService/GeneratePlan", { personId, save: false });
    choice = pick(draft, await api(g, "GapService/GetPersonGap", { personId }), resources);
    if (choice) {
      grant = g;
      break;
    }
  }
  assert.ok(choice, "a demo user's own plan has a step on one unvalidated competence");
  const me = web.tokens[grant].person;

  const page = await signedIn(grant);
  await page.getByTestId("nav-learner").click();
  await page.getByTestId("generate").click();
  await page.getByTestId("plan-status").filter({ hasText: "utkast" }).waitFor();
  const saved = (await api(grant, "PlanService/ListPlans", { personId: me })).plans[0];
  assert.equal(saved.status, "DRAFT");
  assert.ok(!saved.outOfDate, "a fresh plan is current");
  assert.equal(await page.getByTestId("step-unneeded").count(), 0);
  assert.equal(await page.getByTestId("plan-outdated").count(), 0);
  assert.ok(pick(saved, await api(grant, "GapService/GetPersonGap", { personId: me }), resources), "the saved plan is the one looked at");

  // The self-rating, through the page.
  await page.getByTestId("assess-competence").selectOption(choice.competenceId);
  await page.getByTestId("assess-level").selectOption(String(choice.level));
  await page.getByTestId("assess-save").click();
  await page.getByTestId("assess-saved").filter({ hasText: "lagret" }).waitFor();

  const stale = await api(grant, "PlanService/GetPlan", { id: saved.id });
  assert.equal(stale.outOfDate, true);
  const unneeded = stale.steps.filter((s) => s.noLongerNeeded);
  assert.ok(unneeded.length > 0, JSON.stringify(stale.steps));
  for (const s of unneeded) {
    assert.ok(s.changes.every((c) => c.competenceId === choice.competenceId), `step ${s.seq}`);
    assert.match(s.currencyReason, /self-rated/);
  }
  // The page marks exactly those steps, and says why in Norwegian.
  await page.getByTestId("plan-outdated").waitFor();
  assert.equal(await page.getByTestId("step-unneeded").count(), unneeded.length);
  for (const s of unneeded) {
    const li = page.getByTestId(`step-${s.seq}`);
    assert.equal(await li.getByTestId("step-unneeded").textContent(), "ikke lenger nødvendig");
    assert.match(await li.getByTestId("step-unneeded-why").textContent(), new RegExp(`nå på nivå ${choice.level} \\(egenvurdering\\)`));
  }
  await page.screenshot({ path: join(shots, "learner-outdated.png"), fullPage: true });

  // HR sees it counted among the open plans that are out of date.
  const count = await api("HR", "PlanService/GetOutOfDatePlanCount", {});
  assert.ok((count.outOfDatePlans || 0) >= 1);
  const hr = await signedIn("HR");
  await hr.getByTestId("nav-hr").click();
  await hr.getByTestId("org-outofdate").waitFor();
  assert.equal(await hr.getByTestId("org-outofdate").textContent(), `${count.outOfDatePlans || 0} / ${count.openPlans || 0}`);

  // «Lag planen på nytt»: a new DRAFT without the unneeded steps.
  await page.getByTestId("regenerate").click();
  await page.getByTestId("plan-replaces").waitFor();
  await page.getByTestId("plan-status").filter({ hasText: "utkast" }).waitFor();
  const plans = (await api(grant, "PlanService/ListPlans", { personId: me })).plans;
  const fresh = plans[0];
  assert.notEqual(fresh.id, saved.id);
  assert.equal(fresh.status, "DRAFT");
  assert.equal(fresh.replacesPlanId, saved.id);
  assert.ok(!fresh.outOfDate);
  for (const s of unneeded) {
    assert.ok(!fresh.steps.some((f) => f.resourceId === s.resourceId), `${s.resourceId} is gone`);
  }
  assert.equal(fresh.steps.length, saved.steps.length - unneeded.length);
  const old = plans.find((p) => p.id === saved.id);
  assert.equal(old.status, "CANCELLED");
  assert.equal(old.replacedByPlanId, fresh.id);
  assert.equal(await page.locator("[data-testid=plan] .timeline li").count(), fresh.steps.length);
  assert.equal(await page.getByTestId("step-unneeded").count(), 0);
  assert.equal(await page.getByTestId("plan-outdated").count(), 0);

  // Cancelling is there too: «Avbryt planen», after a confirmation.
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("cancel-plan").click();
  await page.getByTestId("generate").waitFor();
  const after = (await api(grant, "PlanService/ListPlans", { personId: me })).plans;
  assert.equal(after.find((p) => p.id === fresh.id).status, "CANCELLED");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(hr.errors, []);
});
