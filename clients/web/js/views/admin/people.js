// «Personer»: the organisation's units as a tree (units.js) and its
// people, searchable by name, id, e-mail or position within a unit's
// subtree. A person opens in a form with their unit, position, manager,
// roles (with where each comes from), the units they manage and whether
// they are active; an ADMIN writes it with OrgService.UpsertPerson (errors
// at the field they name), everyone else reads.
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { number, t } from "../../i18n.js";
import { indented, treeOrder } from "../../units.js";
import { field, idRows, input, matches, mayWrite, num, numberInput, readOnly, select, submit, unitOptions, words } from "./form.js";
import { drawUnits } from "./units.js";

const SHOWN = 200;  // rows drawn at most; the search narrows the rest
const PAGE = 5000;
const state = { unit: "", query: "", people: [], all: false, units: [], roles: [], draft: null, isNew: false, notice: "" };

export async function renderPeople(main, app) {
  const data = await app.busy("busy", async () => {
    const [units, roles, people] = await Promise.all([
      call("OrgService/ListOrgUnits", {}),
      call("OrgService/ListRoles", {}),
      allPeople(state.unit),
    ]);
    return { units: treeOrder(units.orgUnits || []), roles: roles.roles || [], people };
  });
  if (!data) return;
  Object.assign(state, data);
  state.all = !state.unit;
  drawPeople(main, app);
}

// Every person in `unit`'s subtree (everyone for ""), page by page.
async function allPeople(unit) {
  const out = [];
  let pageToken = "";
  do {
    const page = await call("OrgService/ListPeople", { orgUnitId: unit, includeSubunits: true, pageSize: PAGE, pageToken });
    out.push(...(page.people || []));
    pageToken = page.nextPageToken || "";
  } while (pageToken);
  return out;
}

function drawPeople(main, app) {
  const writable = mayWrite(app, "org");
  const unitNames = new Map(state.units.map((u) => [u.id, u.name]));
  const names = new Map(state.people.map((p) => [p.id, p.name]));
  const counts = state.all ? countBy(state.people, (p) => p.orgUnitId) : null;
  const reload = () => renderPeople(main, app);
  const pick = (id) => {
    state.unit = id;
    reload();
  };
  const unitsBox = h("div", { "data-testid": "units" });
  const listBox = h("div");
  const editor = h("div", { "data-testid": "person-editor" });
  const open = (person, isNew) => {
    state.draft = structuredClone(person);
    state.isNew = isNew;
    state.notice = "";
    drawEditor();
    editor.scrollIntoView({ block: "start" });
  };
  const drawEditor = () => drawPerson(editor, app, drawEditor, reload, writable);
  const search = h("input", {
    type: "search",
    value: state.query,
    placeholder: t("people.search"),
    "aria-label": t("people.search"),
    "data-testid": "people-search",
    oninput: (e) => {
      state.query = e.target.value;
      drawList(listBox, app, unitNames, open);
    },
  });
  const unitSelect = select(state.unit, unitOptions(state.units, t("hr.allunits")), {
    "aria-label": t("team.unit"),
    "data-testid": "people-unit",
    onchange: (e) => pick(e.target.value),
  });
  main.replaceChildren(
    h("h1", {}, t("people.title")),
    // Person ids for the manager fields (the browser offers them as it types).
    h("datalist", { id: "people-ids" }, state.people.slice(0, 5000).map((p) => h("option", { value: p.id }, p.name))),
    unitsBox,
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("people.list")),
      h(
        "div",
        { class: "row" },
        h("label", {}, `${t("team.unit")} `, unitSelect),
        search,
        writable ? h("button", { type: "button", class: "primary", "data-testid": "person-new", onclick: () => open(blank(), true) }, t("people.new")) : null,
        h("a", { href: "#/import", "data-testid": "people-import" }, t("people.import")),
      ),
      listBox,
    ),
    editor,
  );
  drawList(listBox, app, unitNames, open);
  drawUnits(unitsBox, app, { units: state.units, counts, managers: managersOf(state.people), names, picked: state.unit, pick, changed: reload });
  if (state.draft) drawEditor();
}

function blank() {
  return { id: "", name: "", email: "", orgUnitId: state.unit, position: "", managerId: "", weeklyHours: 0, active: true, roleIds: [], managesUnitIds: [] };
}

// Who manages each unit, by the units people are said to manage.
function managersOf(people) {
  const out = new Map();
  for (const p of people) for (const u of p.managesUnitIds || []) out.set(u, [...(out.get(u) || []), p.name]);
  return out;
}

function countBy(list, key) {
  const out = new Map();
  for (const x of list) out.set(key(x), (out.get(key(x)) || 0) + 1);
  return out;
}

function drawList(box, app, unitNames, open) {
  const q = words(state.query);
  const roleNames = new Map(state.roles.map((r) => [r.id, r.name]));
  const found = state.people.filter((p) => matches(q, [p.id, p.name, p.email, p.position, unitNames.get(p.orgUnitId)]));
  const count = found.length > SHOWN ? "people.count.cut" : "admin.count";
  box.replaceChildren(
    h(
      "p",
      { class: "muted", "data-testid": "people-count" },
      t(count).replace("{n}", number(found.length)).replace("{total}", number(state.people.length)).replace("{shown}", SHOWN),
    ),
    h("div", { class: "scroll" }, table(
      [
        { label: t("admin.name") },
        { label: t("team.unit") },
        { label: t("people.roles") },
        { label: t("people.manages") },
        { label: t("people.active") },
        { label: "" },
      ],
      found.slice(0, SHOWN).map((p) =>
        h(
          "tr",
          { "data-testid": `person-${p.id}`, class: p.active === false ? "inactive" : "" },
          h("td", {}, h("strong", {}, p.name), h("div", { class: "muted small" }, [p.id, p.email, p.position].filter(Boolean).join(" · "))),
          h("td", {}, unitNames.get(p.orgUnitId) || p.orgUnitId),
          h("td", {}, (p.roleIds || []).map((id) => roleNames.get(id) || id).join(", ")),
          h("td", {}, (p.managesUnitIds || []).map((id) => unitNames.get(id) || id).join(", ")),
          h("td", { "data-testid": "active" }, p.active === false ? t("people.inactive") : t("people.yes")),
          h("td", {}, h("button", { type: "button", "data-testid": `edit-person-${p.id}`, onclick: () => open(p, false) }, t(mayWrite(app, "org") ? "admin.edit" : "admin.show"))),
        ),
      ),
      { "data-testid": "people" },
    )),
  );
}

// Where a role or managed unit comes from, as small badges.
function origins(assignments) {
  const by = new Map((assignments || []).map((a) => [a.id, a]));
  return (id) => {
    const a = by.get(id);
    if (!a) return null;
    const kinds = ["byHand", "fromImport", "fromRule", "fromData"].filter((k) => a[k]);
    return h("span", { class: "origins" }, kinds.map((k) => h("span", { class: "badge", "data-testid": `origin-${k}` }, t(`people.origin.${k}`))));
  };
}

function drawPerson(box, app, redraw, reload, writable) {
  const d = state.draft;
  d.roleIds ||= [];
  d.managesUnitIds ||= [];
  const set = (key, convert = (v) => v) => (e) => (d[key] = convert(e.target.value));
  const form = h(
    "form",
    { class: "card admin-form", "data-testid": "person-form", onsubmit: (e) => e.preventDefault() },
    h("h2", {}, state.isNew ? t("people.new") : `${d.name} (${d.id})`),
    h(
      "div",
      { class: "fields" },
      field(t("admin.id"), "id", input(d.id, { disabled: !state.isNew, placeholder: t("admin.id.auto"), oninput: set("id") })),
      field(t("admin.name"), "name", input(d.name, { oninput: set("name") })),
      field(t("people.email"), "email", input(d.email, { type: "email", class: "wide", oninput: set("email") })),
      field(t("team.unit"), "org_unit_id", select(d.orgUnitId, unitOptions(state.units, t("admin.choose")), { onchange: set("orgUnitId") })),
      field(t("people.position"), "position", input(d.position, { oninput: set("position") })),
      field(t("people.manager"), "manager_id", input(d.managerId, { class: "short", list: "people-ids", oninput: set("managerId") })),
      field(t("people.weekly"), "weekly_hours", numberInput(d.weeklyHours, { min: 0, max: 60, step: "0.5", oninput: set("weeklyHours", num) })),
      field(
        t("people.active"),
        "active",
        h("input", { type: "checkbox", checked: d.active !== false, onchange: (e) => (d.active = e.target.checked) }),
      ),
    ),
    idRows(t("people.roles"), "role_ids", d.roleIds, state.roles.map((r) => ({ value: r.id, label: `${r.name} (${r.id})` })), redraw, {
      item: t("roles.role"),
      badges: origins(d.roleAssignments),
    }),
    idRows(t("people.manages"), "manages_unit_ids", d.managesUnitIds, state.units.map((u) => ({ value: u.id, label: `${indented(u)} (${u.id})` })), redraw, {
      item: t("team.unit"),
      badges: origins(d.managedUnits),
    }),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "person-save", onclick: () => save(app, form, reload) }, t("admin.save")),
      h("button", { type: "button", "data-testid": "person-close", onclick: () => { state.draft = null; box.replaceChildren(); } }, t("admin.close")),
      h("span", { class: "form-status", "data-testid": "person-status" }, state.notice ? h("span", { class: "ok-text" }, state.notice) : null),
    ),
  );
  if (!writable) readOnly(form);
  box.replaceChildren(form);
}

// The fields this form edits; the person's other settings (their language
// and e-mail choice) are theirs and left alone.
const MASK = "name,email,orgUnitId,position,managerId,weeklyHours,active,roleIds,managesUnitIds";

async function save(app, form, reload) {
  const d = state.draft;
  const request = {
    id: d.id.trim(),
    name: d.name,
    email: d.email,
    orgUnitId: d.orgUnitId,
    position: d.position,
    managerId: d.managerId,
    weeklyHours: num(d.weeklyHours),
    active: d.active !== false,
    roleIds: d.roleIds,
    managesUnitIds: d.managesUnitIds,
    updateMask: MASK,
  };
  const stored = await submit(app, form, () => call("OrgService/UpsertPerson", request));
  if (!stored) return;
  state.draft = structuredClone(stored);
  state.isNew = false;
  state.notice = t("admin.saved");
  reload();
}
