// The employee's own settings on «Min læringssti»:
//  - the calendar feed (issue #14 item 4): the page makes a subscription
//    address, which a calendar fetches without any sign-in and which a real
//    iCalendar parser (Debian's python3-icalendar) reads as the plan's
//    steps; stopping it in the page makes the address answer 404 at once,
//    and a new address stops the one before;
//  - e-mail notifications (issue #15): off and on, and the language.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/own_settings.test.mjs
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { startWeb } from "./pages.mjs";

let web;
before(async () => {
  web = await startWeb("skillpath-feed-");
});
after(async () => {
  await web?.stop();
});

// The events a real parser finds in `ics`: [{summary, start}], start as an ISO date.
function parse(ics) {
  const script = [
    "import json, sys, icalendar",
    "cal = icalendar.Calendar.from_ical(sys.stdin.read())",
    "print(json.dumps([{'summary': str(e['SUMMARY']), 'start': e.decoded('DTSTART').isoformat()} for e in cal.walk('VEVENT')]))",
  ].join("\n");
  const python = process.env.ICAL_PYTHON || "/usr/bin/python3"; // Debian's, where python3-icalendar is
  return JSON.parse(execFileSync(python, ["-c", script], { input: ics }).toString());
}

test("the employee subscribes to their plan from the page, a calendar reads it, and stopping it ends the address", async () => {
  // The feed holds the approved plans: the employee's own, approved by their manager.
  const person = web.tokens.EMPLOYEE.person;
  for (const p of (await web.api("HR", "PlanService/ListPlans", { personId: person })).plans || []) {
    if (!["CANCELLED", "COMPLETED"].includes(p.status)) await web.api("HR", "PlanService/SetPlanStatus", { planId: p.id, status: "CANCELLED" });
  }
  const plan = await web.api("EMPLOYEE", "PlanService/GeneratePlan", { personId: person, save: true });
  await web.api("EMPLOYEE", "PlanService/SetPlanStatus", { planId: plan.id, status: "PROPOSED" });
  await web.api("MANAGER", "PlanService/SetPlanStatus", { planId: plan.id, status: "APPROVED" });
  const page = await web.openView("EMPLOYEE", "learner", "calendar-feed");
  await page.getByTestId("feed-create").click();
  const url = await page.getByTestId("feed-url").inputValue();
  assert.match(url, new RegExp(`^${web.base}/calendar/[^/]+\\.ics$`));

  // A calendar sends no cookie and no token.
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /^text\/calendar/);
  const events = parse(await res.text());
  const steps = plan.steps.filter((s) => s.plannedStart);
  assert.ok(steps.length > 0);
  assert.equal(events.length, steps.length);
  for (const s of steps) {
    assert.ok(
      events.some((e) => e.summary.includes(s.title) && e.start.slice(0, 10) <= s.plannedStart.slice(0, 10)),
      `${s.title} on ${s.plannedStart} in ${JSON.stringify(events)}`,
    );
  }

  // A second address stops the first.
  await page.getByTestId("feed-create").click();
  await page.waitForFunction((old) => document.querySelector("[data-testid=feed-url]")?.value !== old, url);
  const second = await page.getByTestId("feed-url").inputValue();
  assert.notEqual(second, url);
  assert.equal((await fetch(url)).status, 404);
  assert.equal((await fetch(second)).status, 200);

  await page.getByTestId("feed-revoke").click();
  await page.getByTestId("feed-result").filter({ hasText: "stoppet" }).waitFor();
  assert.equal((await fetch(second)).status, 404);
  await page.getByTestId("feed-revoke").click();
  await page.getByTestId("feed-result").filter({ hasText: "ikke noe abonnement" }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the employee turns e-mail from skillpath off and chooses English, and the API says so", async () => {
  const page = await web.openView("EMPLOYEE", "learner", "notify-settings");
  assert.match(await page.getByTestId("notify-settings").innerText(), /magnus\.jacobsen@eksempel\.kommune\.no/);
  assert.equal(await page.getByTestId("notify-email").isChecked(), true, "on by default");
  await page.getByTestId("notify-email").uncheck();
  await page.getByTestId("notify-saved").filter({ hasText: "ikke e-post" }).waitFor();
  let who = await web.api("EMPLOYEE", "AuthService/WhoAmI", {});
  assert.equal(who.person.emailNotifications ?? false, false);
  await page.getByTestId("notify-language").selectOption("en");
  await page.getByTestId("notify-email").check();
  await page.getByTestId("notify-saved").filter({ hasText: "du får e-post" }).waitFor();
  who = await web.api("EMPLOYEE", "AuthService/WhoAmI", {});
  assert.equal(who.person.emailNotifications, true);
  assert.equal(who.person.language, "en");
  // A new page shows what is stored.
  const again = await web.openView("EMPLOYEE", "learner", "notify-settings");
  assert.equal(await again.getByTestId("notify-language").inputValue(), "en");
  assert.equal(await again.getByTestId("notify-email").isChecked(), true);
  assert.deepEqual([...page.errors, ...again.errors], []);
});
