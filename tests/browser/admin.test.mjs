// The administration pages (issue #15 item 3) in headless Chromium: HR
// makes a classroom course with an outcome, a prerequisite and a session
// on «Katalog» (a session that ends before it starts is refused, and the
// error is shown at that session's end field); an ADMIN gives a new role a
// target on that course's competence on «Roller» (a level outside the
// scale is shown at the level field) and makes a person with the role on
// «Personer»; the person's plan then takes the new course in its session.
// The people search finds the person, the units show in tree order, an
// ADMIN makes and revokes a token on «Tilgang» and the API refuses it
// afterwards, and gives a role by position (a position rule); HR may read
// roles but not change them; nb and en hold the same texts.
//
// The demonstration has HR make the role target too; the API
// gives roles to ADMIN only (OrgService.UpsertRole, core/access), and the
// pages go through the same rules, so here an ADMIN does that part.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/admin.test.mjs
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repo } from "../common/skillpathd.mjs";
import { startWeb } from "./pages.mjs";

const shots = process.env.SKILLPATH_SCREENSHOTS || join(repo, "build/screenshots");

let web;
before(async () => {
  mkdirSync(shots, { recursive: true });
  web = await startWeb("skillpath-admin-");
});
after(async () => {
  await web?.stop();
});

const api = (...args) => web.api(...args);

// The status and body of `method` called with `token` (a refusal included).
async function raw(token, method, body) {
  const res = await fetch(`${web.base}/skillpath.v1.${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// A datetime-local input's value for a time `days` from now at 09:00 (or
// `hour`), in this process's time zone (the browser's too).
function localInput(days, hour = 9) {
  const d = new Date(Date.now() + days * 86400000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
}

const course = { id: "kurs.test-admin", title: "Prøvekurs fra katalogsiden", session: "s-vaar" };
const role = { id: "test-rolle", name: "Prøverolle" };
const person = { id: "T9001", name: "Testa Testesen" };
let competence, top, prerequisite, start, end;

test("HR makes a course with an outcome, a prerequisite and a session; an end before the start is shown at its field", async () => {
  // A competence no resource of the demo teaches, so a plan for it needs the new course.
  const [frameworks, catalogue] = await Promise.all([api("HR", "FrameworkService/ListFrameworks", {}), api("HR", "CatalogService/ListResources", {})]);
  const taught = new Set(catalogue.resources.flatMap((r) => r.outcomes.map((o) => o.competenceId)));
  for (const f of frameworks.frameworks) {
    for (const a of f.areas) {
      const c = a.competences.find((x) => !taught.has(x.id));
      if (c && !competence) {
        competence = c.id;
        top = (c.scale?.levels?.length ? c.scale : f.scale).levels.length;
      }
    }
  }
  assert.ok(competence, "a competence without a resource");
  prerequisite = catalogue.resources.find((r) => r.mode === "ELEARNING" && !r.prerequisiteIds.length);

  const page = await web.openView("HR", "catalog", "resources");
  await page.getByTestId("resource-new").click();
  const f = (path) => page.getByTestId(`f-${path}`);
  await f("id").fill(course.id);
  await f("title").fill(course.title);
  await f("mode").selectOption("CLASSROOM");
  await f("hours").fill("6");
  await f("cost").fill("1200");
  await f("outcomes[0].competence_id").selectOption(competence);
  await f("outcomes[0].min_level").fill("0");
  await f("outcomes[0].reaches_level").fill(String(top));
  await page.getByTestId("add-prerequisite_ids").click();
  await f("prerequisite_ids[0]").selectOption(prerequisite.id);
  await page.getByTestId("add-sessions").click();
  await f("sessions[0].id").fill(course.session);
  await f("sessions[0].start").fill(localInput(60, 9));
  await f("sessions[0].end").fill(localInput(59, 15));
  await f("sessions[0].capacity").fill("12");
  await f("sessions[0].location").fill("Rådhuset, møterom 2");

  await page.getByTestId("resource-save").click();
  const error = page.getByTestId("err-sessions[0].end");
  await error.waitFor();
  assert.match(await error.textContent(), /after start/);
  // The page says it in Norwegian; the server's English words are marked so.
  assert.match(await error.textContent(), /^Ikke gyldig: /);
  assert.equal(await error.locator("[lang=en]").count(), 1);
  assert.equal(await f("sessions[0].end").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("error").isVisible(), false, "shown at the field, not only in the bar");
  assert.equal((await raw(web.tokens.HR.token, "CatalogService/GetResource", { id: course.id })).status, 404, "nothing written");
  await page.getByTestId("resource-form").screenshot({ path: join(shots, "catalog.png") });

  await f("sessions[0].end").fill(localInput(61, 15));
  await page.getByTestId("resource-save").click();
  await page.getByTestId("resource-status").filter({ hasText: "Lagret" }).waitFor();
  assert.equal(await page.getByTestId("err-sessions[0].end").isVisible(), false);
  start = new Date(localInput(60, 9)).toISOString();
  end = new Date(localInput(61, 15)).toISOString();
  const stored = await api("HR", "CatalogService/GetResource", { id: course.id });
  assert.equal(stored.title, course.title);
  assert.equal(stored.mode, "CLASSROOM");
  assert.equal(stored.hours, 6);
  assert.equal(stored.cost, 1200);
  assert.deepEqual(stored.outcomes, [{ competenceId: competence, minLevel: 0, reachesLevel: top }]);
  assert.deepEqual(stored.prerequisiteIds, [prerequisite.id]);
  assert.equal(stored.sessions.length, 1);
  assert.equal(stored.sessions[0].id, course.session);
  assert.equal(Date.parse(stored.sessions[0].start), Date.parse(start));
  assert.equal(Date.parse(stored.sessions[0].end), Date.parse(end));
  assert.equal(stored.sessions[0].capacity, 12);
  await page.getByTestId("catalog-search").fill("prøvekurs");
  assert.equal(await page.locator("[data-testid=resources] tbody tr").count(), 1);
  await page.getByTestId(`resource-${course.id}`).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("roles show what they inherit and from which role; HR gives a new role a target, a bad level shown at its field", async () => {
  const roles = new Map((await api("ADMIN", "OrgService/ListRoles", {})).roles.map((r) => [r.id, r]));
  // HR keeps the roles' target profiles (DESIGN.md); ADMIN may too.
  const page = await web.openView("HR", "roles", "roles");
  // A role that builds on another lists that role's targets as inherited, with their role.
  const child = [...roles.values()].find((r) => r.inheritsRoleIds.length === 1 && roles.get(r.inheritsRoleIds[0]).targets.length);
  const parent = roles.get(child.inheritsRoleIds[0]);
  await page.getByTestId(`edit-role-${child.id}`).click();
  const inherited = page.locator("[data-testid=inherited-targets] tbody tr");
  await inherited.first().waitFor();
  assert.ok((await inherited.count()) >= parent.targets.length);
  for (const x of parent.targets) {
    const row = page.getByTestId(`inherited-${parent.id}-${x.competenceId}-${x.priority}`);
    assert.match(await row.getByTestId("from").textContent(), new RegExp(`^${parent.name}`));
  }
  await page.getByTestId("role-form").screenshot({ path: join(shots, "roles.png") });

  await page.getByTestId("role-new").click();
  const f = (path) => page.getByTestId(`f-${path}`);
  await f("id").fill(role.id);
  await f("name").fill(role.name);
  // Building on a role shows its targets at once, before anything is saved.
  await page.getByTestId("add-inherits_role_ids").click();
  await f("inherits_role_ids[0]").selectOption(parent.id);
  await page.getByTestId(`inherited-${parent.id}-${parent.targets[0].competenceId}-${parent.targets[0].priority}`).waitFor();
  await page.getByTestId("remove-inherits_role_ids-0").click();
  await page.locator("p[data-testid=inherited-targets]").waitFor();

  await page.getByTestId("add-targets").click();
  await f("targets[0].competence_id").selectOption(competence);
  await f("targets[0].level").fill(String(top + 5));
  await f("targets[0].priority").selectOption("REQUIRED");
  await page.getByTestId("role-save").click();
  const error = page.getByTestId("err-targets[0].level");
  await error.waitFor();
  assert.match(await error.textContent(), /outside the scale/);
  assert.equal((await raw(web.tokens.ADMIN.token, "OrgService/GetRole", { id: role.id })).status, 404, "nothing written");

  await f("targets[0].level").fill(String(top));
  await page.getByTestId("role-save").click();
  await page.getByTestId("role-status").filter({ hasText: "Lagret" }).waitFor();
  const stored = await api("ADMIN", "OrgService/GetRole", { id: role.id });
  assert.equal(stored.name, role.name);
  assert.deepEqual(stored.inheritsRoleIds, []);
  assert.deepEqual(stored.targets.map((x) => [x.competenceId, x.level, x.priority]), [[competence, top, "REQUIRED"]]);
  await page.getByTestId(`role-${role.id}`).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("HR reads the people and units but is offered no change (ADMIN's, as HR data comes by import)", async () => {
  const page = await web.openView("HR", "people", `edit-person-${web.tokens.EMPLOYEE.person}`);
  await page.getByTestId(`edit-person-${web.tokens.EMPLOYEE.person}`).click();
  await page.getByTestId("read-only").waitFor();
  assert.equal(await page.getByTestId("f-name").isDisabled(), true);
  await page.context().close();
});

// The units as the page should list them: each after its parent, siblings by name.
function treeOrder(units) {
  const collator = new Intl.Collator("nb");
  const children = new Map();
  for (const u of units) {
    const p = u.parentId || "";
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(u);
  }
  const out = [];
  const visit = (p, depth) => {
    for (const u of (children.get(p) || []).sort((a, b) => collator.compare(a.name, b.name))) {
      out.push({ id: u.id, depth });
      visit(u.id, depth + 1);
    }
  };
  visit("", 0);
  return out;
}

test("the units show in tree order, a new one under its parent; an ADMIN makes a person with the new role, the search finds them, and their plan takes the new course in its session", async () => {
  const before = (await api("ADMIN", "OrgService/ListOrgUnits", {})).orgUnits;
  const page = await web.openView("ADMIN", "people", "people");
  await page.getByTestId("unit-tree").waitFor();
  // A new unit, named to sort first among its siblings.
  const parentUnit = before.find((u) => !u.parentId);
  await page.getByTestId("unit-new").click();
  const u = (path) => page.getByTestId("unit-form").getByTestId(`f-${path}`);
  await u("id").fill("test.enhet");
  await u("name").fill("Ab prøveenhet");
  await u("parent_id").selectOption(parentUnit.id);
  await page.getByTestId("unit-save").click();
  await page.getByTestId("unit-test.enhet").waitFor();
  const units = (await api("ADMIN", "OrgService/ListOrgUnits", {})).orgUnits;
  assert.equal(units.find((u) => u.id === "test.enhet")?.parentId, parentUnit.id);
  const rows = page.locator("[data-testid=unit-tree] tbody tr");
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ id: tr.dataset.testid.replace(/^unit-/, ""), depth: Number(tr.querySelector("[data-depth]").dataset.depth) })),
  );
  assert.deepEqual(shown, treeOrder(units));
  assert.deepEqual(shown.slice(0, 2), [{ id: parentUnit.id, depth: 0 }, { id: "test.enhet", depth: 1 }]);

  const unit = units.find((u) => u.parentId) || units[0];
  await page.getByTestId("person-new").click();
  const f = (path) => page.getByTestId("person-form").getByTestId(`f-${path}`);
  await f("id").fill(person.id);
  await f("name").fill(person.name);
  await f("email").fill("testa.testesen@eksempel.kommune.no");
  await f("org_unit_id").selectOption(unit.id);
  await f("position").fill("Rådgiver");
  await page.getByTestId("add-role_ids").click();
  await f("role_ids[0]").selectOption(role.id);
  await page.getByTestId("person-save").click();
  await page.getByTestId("person-status").filter({ hasText: "Lagret" }).waitFor();
  const stored = await api("ADMIN", "OrgService/GetPerson", { id: person.id });
  assert.equal(stored.name, person.name);
  assert.equal(stored.orgUnitId, unit.id);
  assert.deepEqual(stored.roleIds, [role.id]);
  assert.equal(stored.active, true);

  // The search: by part of the name, case aside.
  await page.getByTestId("people-search").fill("testesen");
  const found = page.locator("[data-testid=people] tbody tr");
  await page.getByTestId(`person-${person.id}`).waitFor();
  assert.equal(await found.count(), 1);
  assert.match(await page.getByTestId("people-count").textContent(), /^1 av \d+/);
  await page.getByTestId("people-search").fill(web.tokens.EMPLOYEE.person);
  await page.getByTestId(`person-${web.tokens.EMPLOYEE.person}`).waitFor();
  await page.screenshot({ path: join(shots, "people.png"), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The plan: the prerequisite first, then the new course in the new session.
  const plan = await api("HR", "PlanService/GeneratePlan", { personId: person.id, save: false });
  const step = plan.steps.find((s) => s.resourceId === course.id);
  assert.ok(step, `the plan takes ${course.id}: ${JSON.stringify(plan.steps.map((s) => s.resourceId))}`);
  assert.equal(step.sessionId, course.session);
  assert.equal(Date.parse(step.plannedStart), Date.parse(start));
  assert.deepEqual(step.changes.map((c) => [c.competenceId, c.toLevel]), [[competence, top]]);
  const first = plan.steps.findIndex((s) => s.resourceId === prerequisite.id);
  assert.ok(first >= 0 && first < plan.steps.indexOf(step), "the prerequisite comes first");
  assert.deepEqual(plan.uncovered || [], []);
});

test("an ADMIN makes a token on «Tilgang», sees its secret once, and revokes it; the API refuses it then", async () => {
  const page = await web.openView("ADMIN", "tokens", "tokens");
  const f = (path) => page.getByTestId(`f-${path}`);
  // An employee's token needs its person: said at the person field.
  await f("grant").selectOption("EMPLOYEE");
  await page.getByTestId("token-create").click();
  await page.getByTestId("err-person_id").waitFor();

  await f("person_id").fill(person.id);
  await f("description").fill("prøvetoken fra tilgangssiden");
  await page.getByTestId("token-create").click();
  const secret = await page.getByTestId("token-secret").inputValue();
  const id = secret.split(".")[0];
  const who = await raw(secret, "AuthService/WhoAmI", {});
  assert.equal(who.status, 200);
  assert.equal(who.body.person.id, person.id);
  await page.getByTestId(`token-${id}`).waitFor();
  assert.match(await page.getByTestId(`token-${id}`).getByTestId("token-status").textContent(), /gyldig/);
  await page.screenshot({ path: join(shots, "tokens.png"), fullPage: true });

  await page.getByTestId(`revoke-${id}`).click();
  await page.getByTestId(`token-${id}`).waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("token-secret").count(), 0, "the secret is shown once");
  const refused = await raw(secret, "AuthService/WhoAmI", {});
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, "unauthenticated");
  // Listed with the revoked ones.
  await page.getByTestId("tokens-valid-only").uncheck();
  await page.getByTestId(`token-${id}`).getByTestId("token-status").filter({ hasText: "trukket tilbake" }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("on a phone the catalogue form fits the width; its tables scroll in their box", async () => {
  const page = await web.newPage({ width: 390, height: 844 });
  await web.signIn(page, "HR");
  await page.getByTestId("nav-catalog").click();
  await page.getByTestId(`edit-${course.id}`).click();
  await page.getByTestId("resource-form").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
  await page.getByTestId("resource-form").evaluate((form) => form.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: join(shots, "catalog-phone.png") });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the administration pages have every text in English too", async () => {
  // A text missing in English would show in Norwegian (i18n.js falls back
  // to bokmål): both languages hold the same keys.
  for (const file of ["base", "daily", "admin"]) {
    const source = readFileSync(join(repo, `clients/web/js/texts/${file}.js`), "utf8");
    const block = (from, to) => new Set([...source.slice(source.indexOf(from), to ? source.indexOf(to) : undefined).matchAll(/^\s+"([^"]+)":/gm)].map((m) => m[1]));
    const nb = block("  nb: {", "  en: {");
    const en = block("  en: {");
    assert.ok(nb.size > 0, file);
    assert.deepEqual([...nb].filter((k) => !en.has(k)), [], `keys only in nb (texts/${file}.js)`);
    assert.deepEqual([...en].filter((k) => !nb.has(k)), [], `keys only in en (texts/${file}.js)`);
  }
  const page = await web.newPage();
  await web.signIn(page, "ADMIN");
  await page.getByTestId("lang").click();
  const keys = /\b(admin|catalog|roles|rules|people|units|tokens|nav|mode|priority|grant)\.[A-Za-z]/;
  const views = { catalog: `edit-${course.id}`, roles: `edit-role-${role.id}`, people: `edit-person-${web.tokens.EMPLOYEE.person}`, tokens: null };
  for (const [view, open] of Object.entries(views)) {
    await page.getByTestId(`nav-${view}`).click();
    await page.locator(`#nav a.active[data-testid=nav-${view}]`).waitFor();
    await page.locator("main h1").waitFor();
    if (open) {
      await page.getByTestId(open).click();
      await page.locator("main form").first().waitFor();
    }
    const text = await page.locator("main").innerText();
    assert.doesNotMatch(text, keys, view);
    assert.equal(await page.getByTestId("error").isHidden(), true, view);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an ADMIN gives a role by position on the roles page; a rule without a position or pattern is shown at its field", async () => {
  const page = await web.openView("ADMIN", "roles", "rules");
  await page.getByTestId("rule-new").click();
  const f = (path) => page.getByTestId("rule-form").getByTestId(`f-${path}`);
  await f("id").fill("regel.radgiver");
  await f("role_ids[0]").selectOption("ansatt");
  await page.getByTestId("rule-save").click();
  await page.getByTestId("rule-form").getByTestId("err-position").waitFor();

  await f("pattern").fill("Rådgiv*");
  await page.getByTestId("rule-save").click();
  await page.getByTestId("rule-status").filter({ hasText: "Lagret" }).waitFor();
  const moved = await page.getByTestId("rule-status").textContent();
  await page.getByTestId("rule-regel.radgiver").waitFor();
  const stored = await api("ADMIN", "OrgService/GetPerson", { id: person.id });
  const origin = stored.roleAssignments.find((a) => a.id === "ansatt");
  assert.ok(origin?.fromRule, `the rule gave ${person.id} the role: ${JSON.stringify(stored.roleAssignments)}`);
  const rules = (await api("ADMIN", "OrgService/ListPositionRules", {})).rules;
  assert.deepEqual(rules.map((r) => [r.id, r.pattern, r.roleIds]), [["regel.radgiver", "Rådgiv*", ["ansatt"]]]);
  assert.match(moved, /(\d+ personer|én person)/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("HR deletes a resource after a second click; one that another needs first is refused, said in the error bar", async () => {
  const catalogue = (await api("HR", "CatalogService/ListResources", {})).resources;
  const needed = catalogue.find((r) => r.id !== course.id && catalogue.some((x) => x.prerequisiteIds.includes(r.id)));
  const page = await web.openView("HR", "catalog", "resources");
  await page.getByTestId(`edit-${needed.id}`).click();
  await page.getByTestId("resource-delete").click();
  await page.getByTestId("resource-delete-confirm").click();
  await page.getByTestId("error").filter({ hasText: "failed_precondition" }).waitFor();
  assert.equal((await raw(web.tokens.HR.token, "CatalogService/GetResource", { id: needed.id })).status, 200, "still there");

  await page.getByTestId("resource-close").click();
  await page.getByTestId(`edit-${course.id}`).click();
  await page.getByTestId("resource-delete").click();
  assert.equal((await raw(web.tokens.HR.token, "CatalogService/GetResource", { id: course.id })).status, 200, "one click deletes nothing");
  await page.getByTestId("resource-delete-confirm").click();
  await page.getByTestId(`resource-${course.id}`).waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("error").isHidden(), true);
  assert.equal((await raw(web.tokens.HR.token, "CatalogService/GetResource", { id: course.id })).status, 404);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
