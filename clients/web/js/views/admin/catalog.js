// «Katalog»: HR and ADMIN keep the learning resources: a searchable list,
// and a form for one resource with its outcomes, prerequisites and
// sessions, written with CatalogService.UpsertResource (errors at the field
// they name) and removed with DeleteResource. Session times are entered in
// the browser's time zone.
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { number, t } from "../../i18n.js";
import {
  competenceOptions,
  confirmButton,
  field,
  fromLocalInput,
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
  toLocalInput,
  words,
} from "./form.js";

// A long list in a box of its own height, so the form below stays near.
const scroll = (inner) => h("div", { class: "scroll" }, inner);
const MODES = ["ELEARNING", "CLASSROOM", "WORKSHOP", "ON_THE_JOB", "MENTORING"];
const state = { query: "", resources: [], draft: null, isNew: false, notice: "" };

export async function renderCatalog(main, app) {
  const answer = await app.busy("busy", () => call("CatalogService/ListResources", {}));
  if (!answer) return;
  state.resources = answer.resources || [];
  if (state.draft && !state.isNew && !state.resources.some((r) => r.id === state.draft.id)) state.draft = null;
  drawCatalog(main, app);
}

function drawCatalog(main, app) {
  const writable = mayWrite(app, "catalog");
  const listBox = h("div");
  const search = h("input", {
    type: "search",
    value: state.query,
    placeholder: t("admin.search"),
    "aria-label": t("admin.search"),
    "data-testid": "catalog-search",
    oninput: (e) => {
      state.query = e.target.value;
      drawList(listBox, app, open);
    },
  });
  const editor = h("div", { "data-testid": "resource-editor" });
  main.replaceChildren(
    h("h1", {}, t("catalog.title")),
    h(
      "div",
      { class: "card" },
      h("p", { class: "muted" }, t("catalog.help")),
      h(
        "div",
        { class: "row" },
        search,
        writable
          ? h("button", { type: "button", class: "primary", "data-testid": "resource-new", onclick: () => open(blank(), true) }, t("catalog.new"))
          : null,
      ),
      listBox,
    ),
    editor,
  );
  drawList(listBox, app, open);
  // Adding or removing a row draws the form again, saving the whole page.
  const redrawEditor = () => drawEditor(editor, app, redrawEditor, () => drawCatalog(main, app), writable);
  if (state.draft) redrawEditor();

  function open(resource, isNew) {
    state.draft = structuredClone(resource);
    state.isNew = isNew;
    state.notice = "";
    drawCatalog(main, app);
    editor.scrollIntoView({ block: "start" });
  }
}

function blank() {
  return { id: "", title: "", provider: "", mode: "ELEARNING", hours: 0, cost: 0, language: "nb", url: "", outcomes: [{ competenceId: "", minLevel: 0, reachesLevel: 1 }], prerequisiteIds: [], sessions: [] };
}

// `open(resource, isNew)` opens one in the form.
function drawList(box, app, open) {
  const q = words(state.query);
  const shown = state.resources.filter((r) =>
    matches(q, [r.id, r.title, r.provider, t(`mode.${r.mode}`), ...(r.outcomes || []).map((o) => app.competencePlain(o.competenceId))]),
  );
  const writable = mayWrite(app, "catalog");
  box.replaceChildren(
    h("p", { class: "muted", "data-testid": "catalog-count" }, t("admin.count").replace("{n}", shown.length).replace("{total}", state.resources.length)),
    scroll(table(
      [
        { label: t("catalog.resource") },
        { label: t("catalog.mode") },
        { label: t("hr.hours"), num: true },
        { label: t("hr.cost"), num: true },
        { label: t("catalog.outcomes") },
        { label: t("catalog.sessions"), num: true },
        { label: "" },
      ],
      shown.map((r) =>
        h(
          "tr",
          { "data-testid": `resource-${r.id}` },
          h("td", {}, h("strong", {}, r.title), h("div", { class: "muted small" }, r.id, r.provider ? ` · ${r.provider}` : "")),
          h("td", {}, t(`mode.${r.mode}`)),
          h("td", { class: "num" }, number(r.hours, r.hours % 1 ? 1 : 0)),
          h("td", { class: "num" }, number(r.cost)),
          h("td", {}, (r.outcomes || []).map((o) => h("div", {}, app.competenceLabel(o.competenceId), ` ${o.minLevel}→${o.reachesLevel}`))),
          h("td", { class: "num" }, (r.sessions || []).length),
          h(
            "td",
            {},
            h("button", { type: "button", "data-testid": `edit-${r.id}`, onclick: () => open(r, false) }, t(writable ? "admin.edit" : "admin.show")),
          ),
        ),
      ),
      { "data-testid": "resources" },
    )),
  );
}

function drawEditor(box, app, redraw, redrawAll, writable) {
  const d = state.draft;
  d.outcomes ||= [];
  d.prerequisiteIds ||= [];
  d.sessions ||= [];
  const set = (key, convert = (v) => v) => (e) => (d[key] = convert(e.target.value));
  const others = state.resources.filter((r) => r.id !== d.id).map((r) => ({ value: r.id, label: `${r.title} (${r.id})` }));
  const form = h(
    "form",
    { class: "card admin-form", "data-testid": "resource-form", onsubmit: (e) => e.preventDefault() },
    h("h2", {}, state.isNew ? t("catalog.new") : d.title || d.id),
    h(
      "div",
      { class: "fields" },
      field(t("admin.id"), "id", input(d.id, { disabled: !state.isNew, placeholder: t("admin.id.auto"), oninput: set("id") })),
      field(t("catalog.title.field"), "title", input(d.title, { class: "wide", oninput: set("title") })),
      field(t("catalog.provider"), "provider", input(d.provider, { oninput: set("provider") })),
      field(t("catalog.mode"), "mode", select(d.mode, MODES.map((m) => ({ value: m, label: t(`mode.${m}`) })), { onchange: set("mode") })),
      field(t("hr.hours"), "hours", numberInput(d.hours, { min: 0, step: "0.5", oninput: set("hours", num) })),
      field(t("catalog.cost"), "cost", numberInput(d.cost, { min: 0, step: 100, oninput: set("cost", num) })),
      field(t("catalog.language"), "language", input(d.language, { class: "short", oninput: set("language") })),
      field(t("catalog.url"), "url", input(d.url, { type: "url", class: "wide", oninput: set("url") })),
    ),
    outcomes(app, d, redraw),
    idRows(t("catalog.prerequisites"), "prerequisite_ids", d.prerequisiteIds, others, redraw, { item: t("catalog.resource") }),
    sessions(d, redraw),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "resource-save", onclick: () => save(app, form, redrawAll) }, t("admin.save")),
      h("button", { type: "button", "data-testid": "resource-close", onclick: () => { state.draft = null; redrawAll(); } }, t("admin.close")),
      state.isNew ? null : confirmButton(t("admin.delete"), t("admin.delete.confirm"), "resource-delete", () => remove(app, form, redrawAll)),
      h("span", { class: "form-status", "data-testid": "resource-status" }, state.notice ? h("span", { class: "ok-text" }, state.notice) : null),
    ),
  );
  if (!writable) readOnly(form);
  box.replaceChildren(form);
}

function outcomes(app, d, redraw) {
  return itemRows(t("catalog.outcomes"), "outcomes", d.outcomes, {
    help: t("catalog.outcomes.help"),
    fields: (o, i) => [
      field(t("col.competence"), `outcomes[${i}].competence_id`, select(o.competenceId, competenceOptions(app, o.competenceId), { onchange: (e) => (o.competenceId = e.target.value) })),
      field(t("catalog.minlevel"), `outcomes[${i}].min_level`, numberInput(o.minLevel, { min: 0, max: 20, oninput: (e) => (o.minLevel = num(e.target.value)) })),
      field(t("catalog.reaches"), `outcomes[${i}].reaches_level`, numberInput(o.reachesLevel, { min: 1, max: 20, oninput: (e) => (o.reachesLevel = num(e.target.value)) })),
    ],
    blank: () => ({ competenceId: "", minLevel: 0, reachesLevel: 1 }),
    redraw,
  });
}

function sessions(d, redraw) {
  return itemRows(t("catalog.sessions"), "sessions", d.sessions, {
    help: t("catalog.sessions.help"),
    rowTestid: "session",
    fields: (s, i) => {
      const at = `sessions[${i}]`;
      return [
        field(t("admin.id"), `${at}.id`, input(s.id, { class: "short", oninput: (e) => (s.id = e.target.value) })),
        field(t("catalog.start"), `${at}.start`, input(toLocalInput(s.start), { type: "datetime-local", oninput: (e) => (s.start = fromLocalInput(e.target.value)) })),
        field(t("catalog.end"), `${at}.end`, input(toLocalInput(s.end), { type: "datetime-local", oninput: (e) => (s.end = fromLocalInput(e.target.value)) })),
        field(t("catalog.capacity"), `${at}.capacity`, numberInput(s.capacity, { min: 1, oninput: (e) => (s.capacity = num(e.target.value)) })),
        field(t("catalog.location"), `${at}.location`, input(s.location, { oninput: (e) => (s.location = e.target.value) })),
        field(t("catalog.fixedcost"), `${at}.fixed_cost`, numberInput(s.fixedCost, { min: 0, step: 100, oninput: (e) => (s.fixedCost = num(e.target.value)) })),
      ];
    },
    blank: () => ({ id: `s${d.sessions.length + 1}`, start: "", end: "", capacity: 20, location: "", fixedCost: 0 }),
    redraw,
  });
}

// The draft as UpsertResource takes it (a time left empty is left out, so
// the server names it as missing).
function request(d) {
  return {
    id: d.id.trim(),
    title: d.title,
    provider: d.provider,
    mode: d.mode,
    hours: num(d.hours),
    cost: num(d.cost),
    language: d.language,
    url: d.url,
    outcomes: d.outcomes.map((o) => ({ competenceId: o.competenceId, minLevel: num(o.minLevel), reachesLevel: num(o.reachesLevel) })),
    prerequisiteIds: d.prerequisiteIds,
    sessions: d.sessions.map((s) => {
      const out = { id: s.id, capacity: num(s.capacity), location: s.location, fixedCost: num(s.fixedCost) };
      if (s.start) out.start = s.start;
      if (s.end) out.end = s.end;
      return out;
    }),
  };
}

async function save(app, form, redraw) {
  const stored = await submit(app, form, () => call("CatalogService/UpsertResource", request(state.draft)));
  if (!stored) return;
  const at = state.resources.findIndex((r) => r.id === stored.id);
  if (at >= 0) state.resources[at] = stored;
  else state.resources.push(stored);
  state.resources.sort((a, b) => a.id.localeCompare(b.id));
  state.draft = structuredClone(stored);
  state.isNew = false;
  state.notice = t("admin.saved");
  redraw();
}

async function remove(app, form, redraw) {
  const id = state.draft.id;
  const done = await submit(app, form, () => call("CatalogService/DeleteResource", { id }));
  if (!done) return;
  state.resources = state.resources.filter((r) => r.id !== id);
  state.draft = null;
  redraw();
}
