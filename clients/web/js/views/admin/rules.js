// Position rules on the roles page: people whose position code or title
// matches a rule get its roles. HR reads them; an ADMIN writes them
// (OrgService.UpsertPositionRule / DeletePositionRule), and the page says
// how many people the change moved.
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { t } from "../../i18n.js";
import { confirmButton, field, idRows, input, mayWrite, readOnly, submit } from "./form.js";

const state = { rules: null, draft: null, isNew: false, notice: "" };

// The rules are read again the next time the page is drawn.
export function forgetRules() {
  state.rules = null;
}

// Draws the rules into `box`; `roles` are the roles as listed.
export async function renderRules(box, app, roles) {
  if (!["HR", "ADMIN"].includes(app.grant)) return;
  if (!state.rules) {
    const answer = await app.busy("busy", () => call("OrgService/ListPositionRules", {}));
    if (!answer) return;
    state.rules = answer.rules || [];
  }
  drawRules(box, app, roles);
}

function drawRules(box, app, roles) {
  const writable = mayWrite(app, "org");
  const names = new Map(roles.map((r) => [r.id, r.name]));
  const redraw = () => drawRules(box, app, roles);
  const open = (rule, isNew) => {
    state.draft = structuredClone(rule);
    state.isNew = isNew;
    state.notice = "";
    redraw();
  };
  const editor = h("div");
  box.replaceChildren(
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("rules.title")),
      h("p", { class: "muted" }, t("rules.help")),
      state.rules.length
        ? table(
            [{ label: t("admin.id") }, { label: t("rules.match") }, { label: t("admin.description") }, { label: t("rules.roles") }, { label: "" }],
            state.rules.map((r) =>
              h(
                "tr",
                { "data-testid": `rule-${r.id}` },
                h("td", {}, r.id),
                h("td", {}, r.position ? h("code", {}, r.position) : h("span", {}, t("rules.pattern"), " ", h("code", {}, r.pattern))),
                h("td", {}, r.description || ""),
                h("td", {}, (r.roleIds || []).map((id) => names.get(id) || id).join(", ")),
                h("td", {}, h("button", { type: "button", "data-testid": `edit-rule-${r.id}`, onclick: () => open(r, false) }, t(writable ? "admin.edit" : "admin.show"))),
              ),
            ),
            { "data-testid": "rules" },
          )
        : h("p", { class: "muted", "data-testid": "rules" }, t("rules.none")),
      writable ? h("button", { type: "button", "data-testid": "rule-new", onclick: () => open({ id: "", position: "", pattern: "", description: "", roleIds: [""] }, true) }, t("rules.new")) : null,
      editor,
    ),
  );
  if (!state.draft) return;
  const d = state.draft;
  d.roleIds ||= [];
  const set = (key) => (e) => (d[key] = e.target.value);
  const form = h(
    "form",
    { class: "admin-form", "data-testid": "rule-form", onsubmit: (e) => e.preventDefault() },
    h("h3", {}, state.isNew ? t("rules.new") : d.id),
    h(
      "div",
      { class: "fields" },
      field(t("admin.id"), "id", input(d.id, { disabled: !state.isNew, oninput: set("id") })),
      field(t("rules.position"), "position", input(d.position, { oninput: set("position") })),
      field(t("rules.pattern"), "pattern", input(d.pattern, { placeholder: "Lærer*", oninput: set("pattern") })),
      field(t("admin.description"), "description", input(d.description, { class: "wide", oninput: set("description") })),
    ),
    idRows(t("rules.roles"), "role_ids", d.roleIds, roles.map((r) => ({ value: r.id, label: `${r.name} (${r.id})` })), redraw, { item: t("roles.role") }),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "rule-save", onclick: () => save(app, form, redraw) }, t("admin.save")),
      h("button", { type: "button", onclick: () => { state.draft = null; redraw(); } }, t("admin.close")),
      state.isNew ? null : confirmButton(t("admin.delete"), t("admin.delete.confirm"), "rule-delete", () => remove(app, form, redraw)),
      h("span", { class: "form-status", "data-testid": "rule-status" }, state.notice ? h("span", { class: "ok-text" }, state.notice) : null),
    ),
  );
  if (!writable) readOnly(form);
  editor.replaceChildren(form);
}

function moved(result) {
  const n = Number(result.peopleChanged || 0);
  return n === 1 ? t("rules.moved.one") : t("rules.moved").replace("{n}", n);
}

async function save(app, form, redraw) {
  const d = state.draft;
  const result = await submit(app, form, () =>
    call("OrgService/UpsertPositionRule", { id: d.id.trim(), position: d.position, pattern: d.pattern, description: d.description, roleIds: d.roleIds }),
  );
  if (!result) return;
  const stored = result.rule;
  const at = state.rules.findIndex((r) => r.id === stored.id);
  if (at >= 0) state.rules[at] = stored;
  else state.rules.push(stored);
  state.draft = structuredClone(stored);
  state.isNew = false;
  state.notice = `${t("admin.saved")} ${moved(result)}`;
  redraw();
}

async function remove(app, form, redraw) {
  const id = state.draft.id;
  const result = await submit(app, form, () => call("OrgService/DeletePositionRule", { id }));
  if (!result) return;
  state.rules = state.rules.filter((r) => r.id !== id);
  state.draft = null;
  redraw();
}
