// The web client end to end in headless Chromium (Debian's), driven by
// playwright-core: a demo skillpathd is started, each demo user signs in,
// opens their views, and the figures on the page are checked against the
// API's own answers; a plan is generated, proposed, approved by the manager,
// a step marked done by the learner (it awaits confirmation) and confirmed
// by the manager in the team drill-down; a screenshot of each view is saved.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/
//
// Screenshots go to $SKILLPATH_SCREENSHOTS (default build/screenshots).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repo } from "../common/skillpathd.mjs";
import { startWeb } from "./pages.mjs";

const shots = process.env.SKILLPATH_SCREENSHOTS || join(repo, "build/screenshots");

let web, base, tokens;
const api = (...args) => web.api(...args);
const signIn = (...args) => web.signIn(...args);
const newPage = (...args) => web.newPage(...args);
const openView = (...args) => web.openView(...args);

const digits = (s) => s.replace(/[^0-9]/g, "");

// What the «Validert» column shows for a gap row: only a validated level.
const validated = (g) => (["MANAGER", "EVIDENCE", "CERTIFICATION"].includes(g.currentSource) ? String(g.currentLevel) : "–");

before(async () => {
  mkdirSync(shots, { recursive: true });
  web = await startWeb("skillpath-web-");
  ({ base, tokens } = web);
});

after(async () => {
  await web?.stop();
});

test("the employee sees their gaps and plan as the API computes them, makes a plan and rates themselves", async () => {
  const page = await newPage();
  await signIn(page, "EMPLOYEE");
  const me = tokens.EMPLOYEE.person;
  const gap = await api("EMPLOYEE", "GapService/GetPersonGap", { personId: me });
  await page.getByTestId("required-met").waitFor();
  assert.equal(await page.getByTestId("required-met").textContent(), `${gap.requiredMet} / ${gap.requiredTotal}`);
  // One row per competence (a «skal» and a «bør» target share it).
  assert.equal(await page.locator("[data-testid=gaps] tbody tr").count(), new Set(gap.gaps.map((g) => g.competenceId)).size);
  const first = gap.gaps.find((g) => !g.met) || gap.gaps[0];
  const row = page.getByTestId(`gap-${first.competenceId}`);
  assert.equal(await row.getByTestId("current").textContent(), validated(first));
  // A self-rating is never shown as validated.
  for (const g of gap.gaps.filter((x) => x.currentSource === "SELF")) {
    assert.equal(await page.getByTestId(`gap-${g.competenceId}`).getByTestId("current").textContent(), "–", g.competenceId);
  }
  assert.equal(await row.getByTestId("self").textContent(), first.selfLevel < 0 ? "–" : String(first.selfLevel));
  assert.equal(await page.getByTestId("area-chart").count(), 1);

  // A plan: generated, shown as a dated timeline, sent for approval.
  await page.getByTestId("generate").click();
  await page.getByTestId("plan-status").filter({ hasText: "utkast" }).waitFor();
  const plans = await api("EMPLOYEE", "PlanService/ListPlans", { personId: me });
  assert.equal(plans.plans[0].status, "DRAFT");
  assert.equal(await page.locator("[data-testid=plan] .timeline li").count(), plans.plans[0].steps.length);
  await page.getByTestId("propose").click();
  await page.getByTestId("plan-status").filter({ hasText: "til godkjenning" }).waitFor();

  // The plan as an .ics download (issue #14 item 4): one event per step,
  // named as the plan's steps (tests/ical/ parses it with a real parser).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-ics").click()]);
  const plan = plans.plans[0];
  assert.equal(download.suggestedFilename(), `skillpath-plan-${plan.id}.ics`);
  const ics = readFileSync(await download.path(), "utf8");
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  assert.equal((ics.match(/^BEGIN:VEVENT\r$/gm) || []).length, plan.steps.length);
  for (const s of plan.steps) assert.ok(ics.includes(`\r\nUID:${plan.id}-${s.seq}@skillpath\r\n`), `step ${s.seq}`);

  // A self-assessment, recorded as SELF for them.
  await page.getByTestId("assess-competence").selectOption(first.competenceId);
  await page.getByTestId("assess-level").selectOption("1");
  await page.getByTestId("assess-save").click();
  await page.getByTestId("assess-saved").filter({ hasText: "lagret" }).waitFor();
  const history = await api("EMPLOYEE", "AssessmentService/ListAssessments", { personId: me, competenceId: first.competenceId });
  const last = history.assessments.at(-1);
  assert.equal(last.source, "SELF");
  assert.equal(last.level, 1);
  assert.equal(last.assessorId, me);

  await page.screenshot({ path: join(shots, "learner.png"), fullPage: true });
  const phone = await newPage({ width: 390, height: 844 });
  await signIn(phone, "EMPLOYEE");
  await phone.getByTestId("required-met").waitFor();
  await phone.screenshot({ path: join(shots, "learner-phone.png"), fullPage: false });
  assert.deepEqual(page.errors, []);
});

test("the manager sees the team heatmap as the API does and approves the plan; the employee marks a step done, the manager confirms it", async () => {
  const page = await openView("MANAGER", "team", "heatmap");
  const unit = await page.getByTestId("team-unit").inputValue();
  const team = await api("MANAGER", "GapService/GetTeamGap", { orgUnitId: unit });
  assert.equal(await page.locator("[data-testid=heatmap] tbody tr").count(), team.rows.length);
  const worst = [...team.rows].sort((a, b) => b.gapScore - a.gapScore || a.name.localeCompare(b.name))[0];
  assert.equal(await page.locator("[data-testid=heatmap] tbody tr").first().locator("td").first().textContent(), worst.name);
  const singles = team.coverage.filter((c) => c.singlePoint).length;
  assert.equal(await page.locator("[data-testid=single-points] li").count(), singles);
  // Filter by area: only that area's columns.
  const areas = await page.getByTestId("team-area").locator("option").count();
  assert.ok(areas > 1);
  await page.screenshot({ path: join(shots, "team.png"), fullPage: true });

  // Drill into the employee and approve their proposed plan.
  await page.getByTestId(`row-${tokens.EMPLOYEE.person}`).click();
  await page.getByTestId("person-name").filter({ hasText: tokens.EMPLOYEE.person }).waitFor();
  await page.getByTestId("person-detail").getByTestId("approve").click();
  await page.getByTestId("person-detail").getByTestId("plan-status").filter({ hasText: "godkjent" }).waitFor();

  // A plan for someone without one: made and proposed by the manager.
  const without = [];
  for (const r of team.rows) {
    const plans = await api("MANAGER", "PlanService/ListPlans", { personId: r.personId });
    if (plans.plans.length === 0 && r.personId !== tokens.MANAGER.person) without.push(r.personId);
  }
  assert.ok(without.length > 0);
  await page.getByTestId(`row-${without[0]}`).click();
  await page.getByTestId("person-name").filter({ hasText: without[0] }).waitFor();
  await page.getByTestId("person-detail").getByTestId("generate").click();
  await page.getByTestId("person-detail").getByTestId("plan-status").filter({ hasText: "utkast" }).waitFor();
  await page.getByTestId("person-detail").getByTestId("propose").click();
  await page.getByTestId("person-detail").getByTestId("plan-status").filter({ hasText: "til godkjenning" }).waitFor();
  const proposed = await api("MANAGER", "PlanService/ListPlans", { personId: without[0] });
  assert.equal(proposed.plans[0].status, "PROPOSED");

  // The learner marks step 1 done: it awaits the manager's confirmation,
  // and nothing validated is recorded by their own click.
  const me = tokens.EMPLOYEE.person;
  const learner = await newPage();
  await signIn(learner, "EMPLOYEE");
  await learner.getByTestId("done-1").click();
  await learner.getByTestId("step-1").getByTestId("step-status").filter({ hasText: "venter på godkjenning" }).waitFor();
  assert.equal(await learner.getByTestId("done-1").count(), 0, "no second click on a step awaiting confirmation");
  let plans = await api("EMPLOYEE", "PlanService/ListPlans", { personId: me });
  const mine = plans.plans[0];
  assert.equal(mine.steps[0].status, "AWAITING_CONFIRMATION");
  assert.equal(mine.status, "IN_PROGRESS");
  const competence = mine.steps[0].changes[0].competenceId;
  let history = await api("EMPLOYEE", "AssessmentService/ListAssessments", { personId: me, competenceId: competence });
  const fromPlan = (a) => a.evidenceUri === `skillpath:plan/${mine.id}/step/1`;
  assert.deepEqual(history.assessments.filter(fromPlan).map((a) => a.source), ["SELF"]);
  await learner.screenshot({ path: join(shots, "learner-awaiting.png"), fullPage: true });

  // The manager sees it waiting in the team view and confirms it in the
  // person's drill-down.
  await page.reload();
  await page.getByTestId(`pending-${me}-1`).click();
  await page.getByTestId("person-name").filter({ hasText: me }).waitFor();
  const detail = page.getByTestId("person-detail");
  await detail.getByTestId("step-1").getByTestId("step-status").filter({ hasText: "venter på godkjenning" }).waitFor();
  await page.screenshot({ path: join(shots, "team-pending.png"), fullPage: true });
  await detail.getByTestId("confirm-1").click();
  await detail.getByTestId("step-1").getByTestId("step-status").filter({ hasText: "fullført" }).waitFor();
  await page.getByTestId("pending-table").waitFor({ state: "detached" });
  plans = await api("EMPLOYEE", "PlanService/ListPlans", { personId: me });
  assert.equal(plans.plans[0].steps[0].status, "DONE");
  assert.ok(["IN_PROGRESS", "COMPLETED"].includes(plans.plans[0].status));
  history = await api("EMPLOYEE", "AssessmentService/ListAssessments", { personId: me, competenceId: competence });
  const evidence = history.assessments.filter((a) => fromPlan(a) && a.source === "EVIDENCE");
  const gap = await api("EMPLOYEE", "GapService/GetPersonGap", { personId: me });
  const g = gap.gaps.find((x) => x.competenceId === competence);
  // Evidence is recorded unless a validated level at least as high stood already.
  if (evidence.length) {
    assert.equal(evidence[0].assessorId, tokens.MANAGER.person);
    assert.equal(evidence[0].level, mine.steps[0].changes[0].toLevel);
  } else {
    assert.ok(g && ["MANAGER", "EVIDENCE", "CERTIFICATION"].includes(g.currentSource) && g.currentLevel >= mine.steps[0].changes[0].toLevel);
  }
  assert.deepEqual(page.errors, []);
  assert.deepEqual(learner.errors, []);
});

test("HR sees the organisation and the training demand as the API computes them, and simulates a budget", async () => {
  const page = await openView("HR", "hr", "org-people");
  const summary = await api("HR", "GapService/GetOrgSummary", { topN: 10 });
  assert.equal(digits(await page.getByTestId("org-people").textContent()), String(summary.total.people));
  assert.equal(await page.locator("[data-testid=units] tbody tr").count(), summary.units.length + 1);

  await page.getByTestId("demand-run").click();
  await page.getByTestId("demand-table").waitFor({ timeout: 120000 });
  const demand = await api("HR", "PlanService/GetTrainingDemand", { orgUnitId: "", budget: 0 });
  assert.equal(await page.locator("[data-testid=demand-table] tbody tr").count(), demand.resources.length + 1);
  assert.equal(digits(await page.getByTestId("total-cost").textContent()), String(Math.round(demand.totalCost)));
  // Learners without a seat in any session: shown as such, not in a quarter.
  for (const r of demand.resources) {
    const cell = await page.getByTestId(`demand-${r.resourceId}`).getByTestId("unscheduled").textContent();
    if (!r.unscheduled) {
      assert.equal(cell, "–", r.resourceId);
      continue;
    }
    assert.ok(cell.startsWith(`${r.unscheduled} `), `${r.resourceId}: ${cell}`);
    if (r.extraSessionsNeeded) assert.ok(cell.includes(`+${r.extraSessionsNeeded} kurs à ${r.sessionCapacity}`), cell);
    const inQuarters = (r.quarters || []).reduce((n, q) => n + q.learners, 0);
    assert.equal(inQuarters + r.unscheduled, r.learners, r.resourceId);
  }

  await page.getByTestId("budget").fill("50000");
  await page.getByTestId("simulate").click();
  await page.getByTestId("allocation").waitFor({ timeout: 120000 });
  const funded = await api("HR", "PlanService/GetTrainingDemand", { orgUnitId: "", budget: 50000 });
  assert.equal(await page.getByTestId("funded").textContent(), String(funded.allocation.funded.length));
  assert.equal(await page.getByTestId("unfunded").textContent(), String(funded.allocation.unfunded.length));
  assert.equal(digits(await page.getByTestId("spent").textContent()), String(Math.round(funded.allocation.spent)));
  // Who and what is funded: the table is the API's allocation, row by row.
  const rows = await page.locator("[data-testid=funded-table] tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
  );
  assert.ok(funded.allocation.funded.length > 0);
  assert.deepEqual(
    rows.map(([who, what, cost]) => [who, what, digits(cost)]),
    funded.allocation.funded.map((f) => [`${f.personName} (${f.personId})`, f.resourceTitle, String(Math.round(f.cost))]),
  );
  // The method in Norwegian, not the server's English.
  const method = await page.getByTestId("method").textContent();
  assert.match(method, /Valget er optimalt/);
  assert.doesNotMatch(method, /dynamic programming/);
  await page.screenshot({ path: join(shots, "hr.png"), fullPage: true });
  assert.deepEqual(page.errors, []);
});

test("a union representative sees coverage without people; English on request; errors are shown", async () => {
  const page = await openView("AGGREGATE", "team", "no-rows");
  assert.equal(await page.getByTestId("heatmap").count(), 0);
  assert.ok((await page.locator("[data-testid^=coverage-]").count()) > 0);

  await page.getByTestId("lang").click();
  await page.getByTestId("nav-team").filter({ hasText: "My team" }).waitFor();

  // A bad token: the call's message is on the page.
  await page.getByTestId("signout").click();
  await page.getByTestId("token").fill("tok_0000000000000000.wrong");
  await page.getByTestId("signin").click();
  await page.getByTestId("error").filter({ hasText: "unauthenticated" }).waitFor();
});

test("competences show in the page's language, and a name only the framework's language has is marked as such", async () => {
  const page = await newPage();
  await signIn(page, "EMPLOYEE");
  const row = (id) => page.getByTestId(`gap-${id}`).locator("td").first();
  await page.getByTestId("gap-digcomp.4.2").waitFor();
  // DigComp is written in English; its bokmål names are shown, unmarked.
  assert.equal(await row("digcomp.4.2").textContent(), "Beskytte personopplysninger og personvern");
  assert.equal(await row("do.personvern.grunnlag").textContent(), "Personvernregelverket");
  assert.equal(await page.locator("[data-testid=gaps] [lang]").count(), 0);

  await page.getByTestId("lang").click();
  await page.getByTestId("nav-learner").filter({ hasText: "My learning path" }).waitFor();
  assert.equal(await row("digcomp.4.2").textContent(), "Protecting personal data and privacy");
  assert.equal(await row("do.personvern.grunnlag").textContent(), "Data protection law");
  await page.getByTestId("lang").click();

  // Without a Norwegian name, the English one is shown, marked lang="en".
  const digcomp = await api("ADMIN", "FrameworkService/GetFramework", { id: "digcomp-2.2" });
  const privacy = digcomp.areas.flatMap((a) => a.competences).find((c) => c.id === "digcomp.4.2");
  privacy.translations = [];
  await api("ADMIN", "FrameworkService/UpsertFramework", digcomp);
  try {
    await page.reload();
    await page.getByTestId("gap-digcomp.4.2").waitFor();
    const marked = page.getByTestId("gap-digcomp.4.2").locator("td").first().locator("span[lang=en]");
    assert.equal(await marked.textContent(), "Protecting personal data and privacy");
  } finally {
    await api("ADMIN", "FrameworkService/InstallFramework", { name: "digcomp-2.2" });
  }
  assert.deepEqual(page.errors, []);
});

test("every demo user can open every view they are offered, without an error", async () => {
  const expected = {
    EMPLOYEE: ["learner"],
    MANAGER: ["learner", "team", "inbox"],
    HR: ["learner", "team", "inbox", "hr", "import", "catalog", "roles", "people"],
    ADMIN: ["learner", "team", "hr", "import", "catalog", "roles", "people", "tokens"],
    AGGREGATE: ["learner", "team", "hr"],
  };
  for (const [grant, views] of Object.entries(expected)) {
    const page = await newPage();
    await signIn(page, grant);
    const offered = await page.locator("#nav a").evaluateAll((links) => links.map((a) => a.dataset.testid.replace("nav-", "")));
    assert.deepEqual(offered, views, grant);
    for (const view of views) {
      await page.getByTestId(`nav-${view}`).click();
      await page.locator(`#nav a.active[data-testid=nav-${view}]`).waitFor();
      await page.locator("#busy[hidden]").waitFor({ state: "attached" });
      await page.locator("main h1").waitFor();
      assert.equal(await page.getByTestId("error").isHidden(), true, `${grant} ${view}: ${await page.getByTestId("error").textContent()}`);
    }
    assert.deepEqual(page.errors, [], grant);
    await page.context().close();
  }
});

// Issue #13 item 7: HR uploads an HR system's export; the page shows the
// dry run's difference and the rejected rows with their lines, applies it on
// confirmation, and follows a large upload's progress.
test("HR imports units and people from files: the difference first, applied on confirmation, progress for a large file", async () => {
  const page = await openView("HR", "import", "import-file");
  const choose = (name, text) => page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  const dryRun = async () => {
    await page.getByTestId("import-dry-run").click();
    await page.locator("#busy[hidden]").waitFor({ state: "attached" });
    await page.getByTestId("import-created").waitFor();
  };
  const figure = async (name) => digits(await page.getByTestId(`import-${name}`).textContent());

  // Units, as Visma writes them: BOM, semicolons, CRLF, Norwegian headers.
  await page.getByTestId("import-kind").selectOption("units");
  await choose("enheter.csv", "\uFEFFEnhetskode;Navn;Overordnet\r\nbrann;Brann og redning;kommune\r\nbrann.fore;Forebyggende;brann\r\n");
  await page.getByTestId("import-map").fill("id=Enhetskode, name=Navn, parent_id=Overordnet");
  await dryRun();
  assert.equal(await figure("created"), "2");
  assert.match(await page.getByTestId("import-read-as").textContent(), /2 rader, lest som CSV, «;»/);
  assert.equal((await api("HR", "OrgService/ListOrgUnits", {})).orgUnits.some((u) => u.id === "brann"), false, "a dry run writes nothing");
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-applied").waitFor();
  assert.equal((await api("HR", "OrgService/ListOrgUnits", {})).orgUnits.find((u) => u.id === "brann.fore").parentId, "brann");

  // People with a row that names a unit that does not exist: rejected with
  // its line and column, no confirmation offered, nothing written.
  await page.getByTestId("import-kind").selectOption("people");
  await page.getByTestId("import-map").fill("id=Ansattnr, name=Navn, org_unit_id=Enhetskode, email=E-post");
  const header = "\uFEFFAnsattnr;Navn;Enhetskode;E-post\r\n";
  const good = 'B1;Berit Brann;brann;berit@kommune.no\r\nB2;"Brannmann; Bjørn";brann.fore;\r\n';
  await choose("ansatte.csv", header + good + "B3;Ukjent Enhet;nowhere;\r\n");
  await dryRun();
  assert.equal(await figure("rejected"), "1");
  const error = await page.locator("[data-testid=import-errors] tbody tr").first().locator("td").allTextContents();
  assert.deepEqual(error.slice(0, 3), ["4", "Enhetskode", "B3"]);
  assert.equal(await page.getByTestId("import-confirm").count(), 0);

  // Corrected: two new people, applied.
  await choose("ansatte.csv", header + good);
  await dryRun();
  assert.equal(await figure("created"), "2");
  assert.equal(await figure("rejected"), "0");
  assert.match(await page.getByTestId("import-change-B2").textContent(), /Brannmann; Bjørn/);
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-applied").waitFor();
  const b2 = await api("HR", "OrgService/GetPerson", { id: "B2" });
  assert.equal(b2.name, "Brannmann; Bjørn");
  assert.equal(b2.orgUnitId, "brann.fore");

  // The file is the whole truth for Brann og redning: B2 is not in it any
  // more and becomes inactive; the rest of the organisation is untouched.
  const activeBefore = (await api("HR", "GapService/GetOrgSummary", {})).total.people;
  await choose("ansatte.csv", header + "B1;Berit Brann;brann;berit@kommune.no\r\n");
  await page.getByTestId("import-sync").check();
  await page.getByTestId("import-sync-unit").selectOption("brann");
  await dryRun();
  assert.equal(await figure("deactivated"), "1");
  assert.equal(await figure("unchanged"), "1");
  assert.match(await page.getByTestId("import-change-B2").textContent(), /blir inaktiv/);
  await page.screenshot({ path: join(shots, "import.png"), fullPage: true });
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-applied").waitFor();
  assert.equal((await api("HR", "OrgService/GetPerson", { id: "B2" })).active, false);
  assert.equal((await api("HR", "GapService/GetOrgSummary", {})).total.people, activeBefore - 1);
  // The same file again changes nothing, and says so.
  await dryRun();
  await page.getByTestId("import-same").waitFor();
  assert.equal(await page.getByTestId("import-confirm").count(), 0);
  assert.match(await page.getByTestId("import-read-as").textContent(), /^1 rad, lest som CSV/);
  await page.getByTestId("import-sync").uncheck();

  // A large file (30,000 people, about 1.3 MB) on a slow uplink: the
  // upload's progress is shown, then that the server compares.
  let big = header;
  for (let i = 0; i < 30000; i++) big += `N${100000 + i};Ny tilsett ${i};brann.fore;\r\n`;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1 << 20 });
  await page.evaluate(() => {
    window.seen = [];
    new MutationObserver(() => {
      const label = document.querySelector("[data-testid=import-progress-text]");
      if (label && window.seen.at(-1) !== label.textContent) window.seen.push(label.textContent);
    }).observe(document.getElementById("main"), { subtree: true, childList: true, characterData: true });
  });
  await choose("alle.csv", big);
  await dryRun();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  assert.equal(await figure("created"), "30000");
  const seen = await page.evaluate(() => window.seen);
  assert.ok(seen.some((s) => /^Laster opp [0-9,]+ av [0-9,]+ MB/.test(s)), JSON.stringify(seen));
  assert.ok(seen.includes("Sammenligner med det som er lagret …"), JSON.stringify(seen));
  assert.equal((await api("HR", "OrgService/GetPerson", { id: "B1" })).active, true);
  assert.deepEqual(page.errors, []);
});

// Issue #14 item 5: the plan options the API takes, in the page.
test("the employee makes a plan with options of their own: hours, first day, «bør» targets, cheapest, modes, language", async () => {
  const person = tokens.EMPLOYEE.person;
  for (const p of (await api("HR", "PlanService/ListPlans", { personId: person })).plans || []) {
    if (!["CANCELLED", "COMPLETED"].includes(p.status)) await api("HR", "PlanService/SetPlanStatus", { planId: p.id, status: "CANCELLED" });
  }
  const page = await openView("EMPLOYEE", "learner", "generate");
  await page.getByTestId("plan-options").locator("summary").click();
  await page.getByTestId("opt-hours").fill("6");
  await page.getByTestId("opt-start").fill("2027-01-11");
  await page.getByTestId("opt-desired").check();
  await page.getByTestId("opt-objective").selectOption("MIN_COST");
  await page.getByTestId("opt-mode-ELEARNING").check();
  await page.getByTestId("opt-language").selectOption("nb");
  await page.getByTestId("generate").click();
  await page.getByTestId("propose").waitFor();
  const saved = (await api("HR", "PlanService/ListPlans", { personId: person })).plans[0]; // newest first
  assert.equal(saved.status, "DRAFT");
  assert.equal(saved.options.weeklyHours, 6);
  assert.equal(saved.options.includeDesired, true);
  assert.equal(saved.options.objective, "MIN_COST");
  assert.deepEqual(saved.options.modes, ["ELEARNING"]);
  assert.equal(saved.options.language, "nb");
  assert.ok(saved.options.start.startsWith("2027-01-11"), saved.options.start);
  assert.ok(saved.steps.length > 0);
  assert.ok(saved.steps[0].plannedStart.startsWith("2027-01-11"), saved.steps[0].plannedStart);
  for (const s of saved.steps) {
    const r = await api("HR", "CatalogService/GetResource", { id: s.resourceId });
    assert.equal(r.mode, "ELEARNING", s.resourceId);
    assert.ok(!r.language || r.language === "nb", `${s.resourceId}: ${r.language}`);
  }
  assert.deepEqual(page.errors, []);
});

test("unit lists read top-down: the root first, each unit after its parent", async () => {
  const listed = (await api("HR", "OrgService/ListOrgUnits", {})).orgUnits;
  const parent = new Map(listed.map((u) => [u.id, u.parentId || ""]));
  const page = await openView("HR", "team", "team-unit");
  const ids = await page.getByTestId("team-unit").locator("option").evaluateAll((os) => os.map((o) => o.value));
  assert.equal(ids.length, listed.length);
  assert.equal(parent.get(ids[0]), "", `${ids[0]} is a root`);
  const seen = new Set();
  for (const id of ids) {
    const p = parent.get(id);
    assert.ok(!p || seen.has(p), `${id} comes after its parent ${p}`);
    seen.add(id);
  }
  // Below a unit, its units are indented one step further.
  const labels = await page.getByTestId("team-unit").locator("option").allTextContents();
  const child = ids.findIndex((id) => parent.get(id) === ids[0]);
  assert.ok(child > 0);
  assert.ok(labels[child].startsWith("\u00a0\u00a0") && !labels[0].startsWith("\u00a0"), labels.slice(0, 3).join(" | "));
  assert.deepEqual(page.errors, []);
});
