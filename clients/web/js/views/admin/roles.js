// «Roller»: the roles and their target profiles. Each role shows its own
// targets and those it inherits, with the role each comes from; an ADMIN
// edits a role (OrgService.UpsertRole, errors at the field they name) and
// everyone else reads. The position rules follow (rules.js).
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { t } from "../../i18n.js";
import {
  competenceOptions,
  field,
  idRows,
  input,
  itemRows,
  matches,
  mayWrite,
  num,
  numberInput,
  readOnly,
  select,
  submit,
  words,
} from "./form.js";
import { forgetRules, renderRules } from "./rules.js";

const PRIORITIES = ["REQUIRED", "DESIRED"];
const state = { query: "", roles: [], draft: null, isNew: false, notice: "" };

export async function renderRoles(main, app) {
  const answer = await app.busy("busy", () => call("OrgService/ListRoles", {}));
  if (!answer) return;
  state.roles = answer.roles || [];
  forgetRules();
  if (state.draft && !state.isNew && !state.roles.some((r) => r.id === state.draft.id)) state.draft = null;
  drawRoles(main, app);
}

function drawRoles(main, app) {
  const writable = mayWrite(app, "roles");
  const listBox = h("div");
  const editor = h("div", { "data-testid": "role-editor" });
  const rules = h("div", { "data-testid": "position-rules" });
  const search = h("input", {
    type: "search",
    value: state.query,
    placeholder: t("admin.search"),
    "aria-label": t("admin.search"),
    "data-testid": "roles-search",
    oninput: (e) => {
      state.query = e.target.value;
      drawList(listBox, app, open);
    },
  });
  main.replaceChildren(
    h("h1", {}, t("roles.title")),
    h(
      "div",
      { class: "card" },
      h("p", { class: "muted" }, t("roles.help")),
      h(
        "div",
        { class: "row" },
        search,
        writable ? h("button", { type: "button", class: "primary", "data-testid": "role-new", onclick: () => open({ id: "", name: "", description: "", inheritsRoleIds: [], targets: [] }, true) }, t("roles.new")) : null,
      ),
      listBox,
    ),
    editor,
    rules,
  );
  drawList(listBox, app, open);
  const redrawEditor = () => drawEditor(editor, app, redrawEditor, () => drawRoles(main, app), writable);
  if (state.draft) redrawEditor();
  renderRules(rules, app, state.roles);

  function open(role, isNew) {
    state.draft = structuredClone(role);
    state.isNew = isNew;
    state.notice = "";
    drawRoles(main, app);
    editor.scrollIntoView({ block: "start" });
  }
}

const byId = () => new Map(state.roles.map((r) => [r.id, r]));

// The targets `role` inherits: each ancestor's own targets, with the role
// they come from and the role of `role`'s own list it came through.
export function inheritedTargets(role, roles) {
  const out = [];
  const seen = new Set([role.id]);
  const queue = (role.inheritsRoleIds || []).filter(Boolean).map((id) => ({ id, via: id }));
  while (queue.length) {
    const { id, via } = queue.shift();
    if (seen.has(id)) continue;
    seen.add(id);
    const r = roles.get(id);
    if (!r) continue;
    for (const target of r.targets || []) out.push({ ...target, from: r, via: roles.get(via) });
    for (const next of r.inheritsRoleIds || []) queue.push({ id: next, via });
  }
  return out;
}

function drawList(box, app, open) {
  const roles = byId();
  const q = words(state.query);
  const shown = state.roles.filter((r) => matches(q, [r.id, r.name, r.description, ...(r.targets || []).map((x) => app.competencePlain(x.competenceId))]));
  box.replaceChildren(
    h("p", { class: "muted", "data-testid": "roles-count" }, t("admin.count").replace("{n}", shown.length).replace("{total}", state.roles.length)),
    table(
      [{ label: t("roles.role") }, { label: t("roles.inherits") }, { label: t("roles.own"), num: true }, { label: t("roles.inherited"), num: true }, { label: "" }],
      shown.map((r) =>
        h(
          "tr",
          { "data-testid": `role-${r.id}` },
          h("td", {}, h("strong", {}, r.name), h("div", { class: "muted small" }, r.id)),
          h("td", {}, (r.inheritsRoleIds || []).map((id) => roles.get(id)?.name || id).join(", ") || "–"),
          h("td", { class: "num" }, (r.targets || []).length),
          h("td", { class: "num", "data-testid": "inherited-count" }, inheritedTargets(r, roles).length),
          h("td", {}, h("button", { type: "button", "data-testid": `edit-role-${r.id}`, onclick: () => open(r, false) }, t(mayWrite(app, "roles") ? "admin.edit" : "admin.show"))),
        ),
      ),
      { "data-testid": "roles" },
    ),
  );
}

function drawEditor(box, app, redraw, redrawAll, writable) {
  const d = state.draft;
  d.inheritsRoleIds ||= [];
  d.targets ||= [];
  const set = (key) => (e) => (d[key] = e.target.value);
  const others = state.roles.filter((r) => r.id !== d.id).map((r) => ({ value: r.id, label: `${r.name} (${r.id})` }));
  const form = h(
    "form",
    { class: "card admin-form", "data-testid": "role-form", onsubmit: (e) => e.preventDefault() },
    h("h2", {}, state.isNew ? t("roles.new") : d.name || d.id),
    h(
      "div",
      { class: "fields" },
      field(t("admin.id"), "id", input(d.id, { disabled: !state.isNew, placeholder: t("admin.id.auto"), oninput: set("id") })),
      field(t("admin.name"), "name", input(d.name, { class: "wide", oninput: set("name") })),
      field(t("admin.description"), "description", h("textarea", { rows: 2, class: "wide", oninput: set("description") }, d.description || "")),
    ),
    idRows(t("roles.inherits"), "inherits_role_ids", d.inheritsRoleIds, others, redraw, { item: t("roles.role") }),
    targets(app, d, redraw),
    inherited(app, d),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "role-save", onclick: () => save(app, form, redrawAll) }, t("admin.save")),
      h("button", { type: "button", "data-testid": "role-close", onclick: () => { state.draft = null; redrawAll(); } }, t("admin.close")),
      h("span", { class: "form-status", "data-testid": "role-status" }, state.notice ? h("span", { class: "ok-text" }, state.notice) : null),
    ),
  );
  if (!writable) readOnly(form);
  box.replaceChildren(form);
}

function targets(app, d, redraw) {
  return itemRows(t("roles.own.title"), "targets", d.targets, {
    help: t("roles.targets.help"),
    rowTestid: "target",
    fields: (x, i) => [
      field(t("col.competence"), `targets[${i}].competence_id`, select(x.competenceId, competenceOptions(app, x.competenceId), { onchange: (e) => (x.competenceId = e.target.value) })),
      field(t("col.level"), `targets[${i}].level`, numberInput(x.level, { min: 1, max: 20, oninput: (e) => (x.level = num(e.target.value)) })),
      field(t("col.priority"), `targets[${i}].priority`, select(x.priority, PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })), { onchange: (e) => (x.priority = e.target.value) })),
      field(t("roles.weight"), `targets[${i}].weight`, numberInput(x.weight || 0, { min: 0, max: 100, step: "0.5", oninput: (e) => (x.weight = num(e.target.value)) })),
    ],
    blank: () => ({ competenceId: "", level: 1, priority: "REQUIRED", weight: 0 }),
    redraw,
  });
}

// What the role gets from the roles it inherits, as the draft stands.
function inherited(app, d) {
  const list = inheritedTargets(d, byId());
  return h(
    "div",
    { class: "group" },
    h("h3", {}, t("roles.inherited.title")),
    list.length
      ? table(
          [{ label: t("col.competence") }, { label: t("col.level"), num: true }, { label: t("col.priority") }, { label: t("roles.from") }],
          list.map((x) =>
            h(
              "tr",
              { "data-testid": `inherited-${x.from.id}-${x.competenceId}-${x.priority}` },
              h("td", {}, app.competenceLabel(x.competenceId)),
              h("td", { class: "num" }, x.level),
              h("td", {}, h("span", { class: `badge ${x.priority === "REQUIRED" ? "required" : ""}` }, t(`priority.${x.priority}`))),
              h("td", { "data-testid": "from" }, x.from.name, x.via && x.via.id !== x.from.id ? ` (${t("roles.via")} ${x.via.name})` : ""),
            ),
          ),
          { "data-testid": "inherited-targets" },
        )
      : h("p", { class: "muted", "data-testid": "inherited-targets" }, t("roles.inherited.none")),
  );
}

async function save(app, form, redraw) {
  const d = state.draft;
  const request = {
    id: d.id.trim(),
    name: d.name,
    description: d.description || "",
    inheritsRoleIds: d.inheritsRoleIds,
    targets: d.targets.map((x) => ({ competenceId: x.competenceId, level: num(x.level), priority: x.priority, weight: num(x.weight) })),
  };
  const stored = await submit(app, form, () => call("OrgService/UpsertRole", request));
  if (!stored) return;
  const at = state.roles.findIndex((r) => r.id === stored.id);
  if (at >= 0) state.roles[at] = stored;
  else state.roles.push(stored);
  state.roles.sort((a, b) => a.id.localeCompare(b.id));
  state.draft = structuredClone(stored);
  state.isNew = false;
  state.notice = t("admin.saved");
  redraw();
}
