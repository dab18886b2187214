// A manager's daily work in the web client (issue #15 items 1 and 2), in
// headless Chromium against a demo skillpathd: the inbox lists what waits
// as the API does; a plan sent back needs a comment, which the employee
// then sees on their plan and answers; a manager's rating from the team
// drill-down changes the heatmap; the employee's rating history is charted
// and listed as the API has it. A phone-width screenshot of the inbox has no
// column cut off.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/manager.test.mjs
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
  web = await startWeb("skillpath-manager-");
});
after(async () => {
  await web?.stop();
});

const api = (...args) => web.api(...args);

// The demo employee's plan, saved and proposed through the API.
async function proposedPlan() {
  const personId = web.tokens.EMPLOYEE.person;
  const plans = (await api("EMPLOYEE", "PlanService/ListPlans", { personId })).plans || [];
  let plan = plans.find((p) => ["DRAFT", "PROPOSED"].includes(p.status));
  if (!plan) plan = await api("EMPLOYEE", "PlanService/GeneratePlan", { personId, save: true });
  if (plan.status !== "PROPOSED") plan = await api("EMPLOYEE", "PlanService/SetPlanStatus", { planId: plan.id, status: "PROPOSED" });
  return plan;
}

test("the inbox lists the proposed plan; sent back with a comment, the employee sees why and answers", async () => {
  const plan = await proposedPlan();
  const employee = web.tokens.EMPLOYEE.person;
  const page = await web.openView("MANAGER", "inbox", "inbox-proposed");
  const unit = await page.getByTestId("inbox-unit").inputValue();
  const inbox = await api("MANAGER", "PlanService/GetInbox", { orgUnitId: unit });
  // Every section shows what the API lists, row for row.
  assert.equal(await page.getByTestId("inbox-proposed").locator("tbody tr").count(), (inbox.proposed || []).length);
  assert.equal(await page.getByTestId("inbox-pending").locator("tbody tr").count(), (inbox.pending || []).length);
  assert.equal(await page.getByTestId("inbox-withoutplan").locator("tbody tr").count(), (inbox.withoutPlan || []).length);
  assert.equal(await page.getByTestId("inbox-expired").locator("tbody tr").count(), (inbox.expired || []).length);
  assert.ok((inbox.proposed || []).some((p) => p.planId === plan.id), "the employee's plan waits for the manager");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, "inbox-phone.png"), fullPage: true });
  for (const box of await page.locator(".table-wrap").all()) {
    const fits = await box.evaluate((el) => el.scrollWidth <= el.clientWidth || getComputedStyle(el).overflowX === "auto");
    assert.ok(fits, "a wide table scrolls instead of cutting columns");
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByTestId(`inbox-plan-${employee}`).click();
  const detail = page.getByTestId("person-detail");
  await detail.getByTestId("review").waitFor();
  // Sending back without a word is refused in the page and writes nothing.
  await detail.getByTestId("send-back").click();
  assert.equal(await detail.getByTestId("review-comment").evaluate((el) => el.validity.valid), false);
  assert.equal((await api("MANAGER", "PlanService/GetPlan", { id: plan.id })).status, "PROPOSED");

  const why = "Ta personvernkurset før verkstedet, og flytt det til etter sommeren.";
  await detail.getByTestId("review-comment").fill(why);
  await detail.getByTestId("send-back").click();
  await detail.getByTestId("plan-status").filter({ hasText: "utkast" }).waitFor();
  const back = await api("MANAGER", "PlanService/GetPlan", { id: plan.id });
  assert.equal(back.status, "DRAFT");
  assert.equal(back.comments.at(-1).text, why);
  assert.equal(back.comments.at(-1).status, "DRAFT");
  assert.equal(back.comments.at(-1).authorPersonId, web.tokens.MANAGER.person);
  // The inbox no longer lists it, and the person stays open with the answer.
  await page.getByTestId(`inbox-plan-${employee}`).waitFor({ state: "detached" });
  assert.equal(await detail.getByTestId("plan-status").textContent(), "utkast");
  const after = await api("MANAGER", "PlanService/GetInbox", { orgUnitId: unit });
  assert.ok(!(after.proposed || []).some((p) => p.planId === plan.id));

  // The employee sees why on their own page, and answers.
  const learner = await web.openView("EMPLOYEE", "learner", "plan");
  const notice = learner.getByTestId("plan-sentback");
  await notice.waitFor();
  assert.match(await notice.textContent(), /sendte planen tilbake/);
  assert.ok((await notice.textContent()).includes(why));
  assert.ok((await learner.getByTestId("plan-comments").textContent()).includes(why));
  await learner.getByTestId("plan-comment-input").fill("Greit, jeg flytter kurset.");
  await learner.getByTestId("plan-comment-send").click();
  await learner.getByTestId("plan-comment-1").waitFor();
  const answered = await api("EMPLOYEE", "PlanService/GetPlan", { id: plan.id });
  assert.equal(answered.comments.at(-1).text, "Greit, jeg flytter kurset.");
  assert.equal(answered.comments.at(-1).authorPersonId, employee);
  await learner.screenshot({ path: join(shots, "plan-sent-back.png"), fullPage: true });
  assert.deepEqual([...page.errors, ...learner.errors], []);
});

test("a manager rates a person from the team view, with the self-rating beside, and the heatmap changes", async () => {
  const page = await web.openView("MANAGER", "team", "heatmap");
  const unit = await page.getByTestId("team-unit").inputValue();
  const team = await api("MANAGER", "GapService/GetTeamGap", { orgUnitId: unit });
  // A person (not the manager) with a REQUIRED gap somewhere.
  let person, competence, column;
  for (const r of team.rows) {
    if (r.personId === web.tokens.MANAGER.person) continue;
    const i = r.cells.findIndex((c) => c.targetLevel && c.gap > 0);
    if (i >= 0) {
      person = r;
      column = i;
      competence = team.competenceIds[i];
      break;
    }
  }
  assert.ok(person, "someone in the team has a gap");
  const target = person.cells[column].targetLevel;
  const cell = page.getByTestId(`row-${person.personId}`).getByTestId(`cell-${competence}`);
  assert.notEqual(await cell.getAttribute("class"), "cell met");

  await page.getByTestId(`row-${person.personId}`).click();
  const detail = page.getByTestId("person-detail");
  await detail.getByTestId("rate").waitFor();
  await detail.getByTestId("rate-competence").selectOption(competence);
  const gap = await api("MANAGER", "GapService/GetPersonGap", { personId: person.personId });
  const line = gap.gaps.find((g) => g.competenceId === competence);
  const beside = await detail.getByTestId("rate-beside").textContent();
  assert.ok(beside.includes(`Egen vurdering: ${line.selfLevel < 0 ? "–" : line.selfLevel}`), beside);
  assert.ok(beside.includes(`mål: ${target}`), beside);
  await detail.getByTestId("rate-level").selectOption(String(target));
  await detail.getByTestId("rate-note").fill("Observert i praksis");
  await detail.getByTestId("rate-save").click();
  await detail.getByTestId("rate-saved").filter({ hasText: "lagret" }).waitFor();

  const history = await api("MANAGER", "AssessmentService/ListAssessments", { personId: person.personId, competenceId: competence });
  const last = history.assessments.at(-1);
  assert.equal(last.source, "MANAGER");
  assert.equal(last.level, target);
  assert.equal(last.assessorId, web.tokens.MANAGER.person);
  assert.equal(last.note, "Observert i praksis");
  // The heatmap above now shows the level met, as the API does.
  await page.getByTestId(`row-${person.personId}`).getByTestId(`cell-${competence}`).and(page.locator(".met")).waitFor();
  const now = await api("MANAGER", "GapService/GetTeamGap", { orgUnitId: unit });
  const row = now.rows.find((r) => r.personId === person.personId);
  assert.ok(row.cells[column].gap <= 0);
  assert.deepEqual(page.errors, []);
});

test("the employee's rating history is charted and listed as the API has it", async () => {
  const me = web.tokens.EMPLOYEE.person;
  const page = await web.openView("EMPLOYEE", "learner", "history");
  const competence = await page.getByTestId("history-competence").inputValue();
  const history = await api("EMPLOYEE", "AssessmentService/ListAssessments", { personId: me, competenceId: competence });
  const n = (history.assessments || []).length;
  // The chart is drawn before the list is filled.
  await page.waitForFunction(() => window.Chart.getChart(document.querySelector("[data-testid=history-chart]")));
  if (n) await page.getByTestId("history-row").first().waitFor();
  assert.equal(await page.getByTestId("history-row").count(), n);
  // Both lines are drawn from the same assessments.
  const lines = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.querySelector("[data-testid=history-chart]"));
    return chart.data.datasets.map((d) => d.data.length);
  });
  const self = history.assessments.filter((a) => a.source === "SELF").length;
  const valid = n - self;
  assert.ok(lines[0] >= (self ? self + 1 : 0) && lines[1] >= (valid ? valid + 1 : 0), JSON.stringify({ lines, self, valid }));
  assert.deepEqual(page.errors, []);
});
