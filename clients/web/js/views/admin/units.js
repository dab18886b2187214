// The organisation's units on the people page: the tree in tree order
// (each unit after its parent, indented), who leads each and how many people
// it holds; picking one lists its people. An ADMIN adds and changes units
// (OrgService.UpsertOrgUnit, errors at the field they name).
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { t } from "../../i18n.js";
import { field, input, mayWrite, readOnly, select, submit, unitOptions } from "./form.js";
import { indented } from "../../units.js";

const state = { draft: null, isNew: false, notice: "" };

// `units` in tree order (units.js), `counts` people per unit id (or null
// when not every person is loaded), `managers` the names of those who
// manage each unit, `names` person names by id; `pick(id)`
// lists a unit's people; `changed()` reads everything again after a write.
export function drawUnits(box, app, { units, counts, managers, names, picked, pick, changed }) {
  const writable = mayWrite(app, "org");
  const redraw = () => drawUnits(box, app, { units, counts, managers, names, picked, pick, changed });
  const open = (unit, isNew) => {
    state.draft = structuredClone(unit);
    state.isNew = isNew;
    state.notice = "";
    redraw();
  };
  const editor = h("div");
  box.replaceChildren(
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("units.title")),
      h(
        "div",
        { class: "scroll" },
        table(
          [{ label: t("team.unit") }, { label: t("units.manager") }, { label: t("hr.people"), num: true }, { label: "" }],
          units.map((u) =>
            h(
              "tr",
              { "data-testid": `unit-${u.id}`, class: u.id === picked ? "picked" : "" },
              h(
                "td",
                { class: "tree" },
                h("button", { type: "button", class: "link", "data-testid": "unit-name", "data-depth": u.depth, onclick: () => pick(u.id) }, indented(u)),
                h("span", { class: "muted small" }, ` ${u.id}`),
              ),
              h("td", {}, leaders(u, managers, names).join(", ") || "–"),
              h("td", { class: "num" }, counts ? counts.get(u.id) || 0 : ""),
              h("td", {}, writable ? h("button", { type: "button", "data-testid": `edit-unit-${u.id}`, onclick: () => open(u, false) }, t("admin.edit")) : null),
            ),
          ),
          { "data-testid": "unit-tree" },
        ),
      ),
      writable ? h("button", { type: "button", "data-testid": "unit-new", onclick: () => open({ id: "", parentId: picked || "", name: "", managerId: "" }, true) }, t("units.new")) : null,
      editor,
    ),
  );
  if (!state.draft) return;
  const d = state.draft;
  const set = (key) => (e) => (d[key] = e.target.value);
  const form = h(
    "form",
    { class: "admin-form", "data-testid": "unit-form", onsubmit: (e) => e.preventDefault() },
    h("h3", {}, state.isNew ? t("units.new") : d.name),
    h(
      "div",
      { class: "fields" },
      field(t("admin.id"), "id", input(d.id, { disabled: !state.isNew, placeholder: t("admin.id.auto"), oninput: set("id") })),
      field(t("admin.name"), "name", input(d.name, { oninput: set("name") })),
      field(t("units.parent"), "parent_id", select(d.parentId, unitOptions(units.filter((u) => u.id !== d.id), t("units.root")), { onchange: set("parentId") })),
      field(t("units.manager.id"), "manager_id", input(d.managerId, { class: "short", list: "people-ids", oninput: set("managerId") })),
    ),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "unit-save", onclick: () => save(app, form, changed) }, t("admin.save")),
      h("button", { type: "button", onclick: () => { state.draft = null; redraw(); } }, t("admin.close")),
      h("span", { class: "form-status", "data-testid": "unit-status" }, state.notice ? h("span", { class: "ok-text" }, state.notice) : null),
    ),
  );
  if (!writable) readOnly(form);
  editor.replaceChildren(form);
}

// The unit's own manager_id and whoever is said to manage it.
function leaders(unit, managers, names) {
  const out = new Set(managers.get(unit.id) || []);
  if (unit.managerId) out.add(names.get(unit.managerId) || unit.managerId);
  return [...out];
}

async function save(app, form, changed) {
  const d = state.draft;
  const stored = await submit(app, form, () => call("OrgService/UpsertOrgUnit", { id: d.id.trim(), parentId: d.parentId, name: d.name, managerId: d.managerId }));
  if (!stored) return;
  state.draft = structuredClone(stored);
  state.isNew = false;
  state.notice = t("admin.saved");
  changed();
}
