// What the administration pages share: form fields that know the API's
// field path ("sessions[1].end"), so an INVALID_ARGUMENT answer, which names
// the field first ("sessions[1].end: must be after start"), is shown at the
// field it names; rows of ids (prerequisites, inherited roles, ...); and
// the few conversions between the API's JSON and form inputs.
import { ApiError } from "../../api.js";
import { h } from "../../dom.js";
import { fieldOf as errorField, serverWords } from "../../errors.js";
import { t } from "../../i18n.js";
import { indented } from "../../units.js";

// A labelled control for the field at `path`, with a place for its error.
// The control gets the test id f-<path>, the error err-<path>; `alias` is
// another name the server's messages use for the same field.
export function field(label, path, control, alias) {
  control.setAttribute("data-testid", `f-${path}`);
  if (!control.getAttribute("aria-label")) control.setAttribute("aria-label", label);
  return h(
    "label",
    { class: "field", "data-field": path, "data-alias": alias },
    h("span", { class: "field-label" }, label),
    control,
    h("span", { class: "field-error", "data-testid": `err-${path}`, role: "alert", hidden: true }),
  );
}

// A block that stands for a whole repeated field ("sessions", "inherits_role_ids"):
// errors about the list itself are shown at its top.
export function group(title, path, ...children) {
  return h(
    "fieldset",
    { class: "group", "data-field": path },
    h("legend", {}, title),
    h("span", { class: "field-error", "data-testid": `err-${path}`, role: "alert", hidden: true }),
    ...children,
  );
}

export function input(value, attrs = {}) {
  return h("input", { type: "text", value: value ?? "", ...attrs });
}

export function numberInput(value, attrs = {}) {
  return h("input", { type: "number", value: value ?? 0, class: "short", ...attrs });
}

export function select(value, options, attrs = {}) {
  return h(
    "select",
    attrs,
    options.map((o) => (o.group ? h("optgroup", { label: o.group }, o.options.map((x) => option(x, value))) : option(o, value))),
  );
}

function option(o, value) {
  return h("option", { value: o.value, selected: o.value === value }, o.label);
}

// Every competence of every framework, grouped by area, for a select.
export function competenceOptions(app, chosen) {
  const groups = new Map();
  for (const [id, c] of app.catalog?.competences || []) {
    const area = app.areaPlain(c.area);
    if (!groups.has(area)) groups.set(area, []);
    groups.get(area).push({ value: id, label: `${app.competencePlain(id)} (${id})` });
  }
  const out = [{ value: "", label: t("admin.choose") }];
  // A competence no framework holds any more still shows as what it is.
  if (chosen && !app.catalog?.competences.has(chosen)) out.push({ value: chosen, label: chosen });
  for (const [area, options] of groups) out.push({ group: area, options });
  return out;
}

export function unitOptions(units, empty) {
  return [{ value: "", label: empty }, ...units.map((u) => ({ value: u.id, label: `${indented(u)} (${u.id})` }))];
}

// Rows of ids picked from `options` ({value, label}), the list at `path`:
// each row's select is the field <path>[i]. `list` is changed in place;
// `redraw` draws the form again after a row is added or removed.
// `item` labels each row's select (the title, if not given).
export function idRows(title, path, list, options, redraw, { item = title, badges = () => null } = {}) {
  return itemRows(title, path, list, {
    fields: (id, i) => [
      field(`${item} ${i + 1}`, `${path}[${i}]`, select(id, [{ value: "", label: t("admin.choose") }, ...withStale(options, id)], {
        onchange: (e) => {
          list[i] = e.target.value;
          redraw();
        },
      })),
      badges(id),
    ],
    blank: () => "",
    redraw,
    empty: t("admin.none"),
  });
}

// An editable list at `path`, changed in place: each item a row of
// `fields(item, i)` and a remove button, then an add button that appends
// `blank()`; `help` stands above the rows, `empty` in their place when
// there are none. `rowTestid` names each row (<rowTestid>-<i>).
export function itemRows(title, path, list, { fields, blank, redraw, help = "", empty = "", rowTestid = "" }) {
  const rows = list.map((x, i) =>
    h(
      "div",
      { class: "row item", "data-testid": rowTestid ? `${rowTestid}-${i}` : undefined },
      fields(x, i),
      removeButton(`remove-${path}-${i}`, () => {
        list.splice(i, 1);
        redraw();
      }),
    ),
  );
  return group(
    title,
    path,
    help ? h("p", { class: "muted" }, help) : null,
    rows.length || !empty ? rows : h("p", { class: "muted" }, empty),
    addButton(`add-${path}`, () => {
      list.push(blank());
      redraw();
    }),
  );
}

function withStale(options, id) {
  return !id || options.some((o) => o.value === id) ? options : [...options, { value: id, label: id }];
}

export function addButton(testid, onclick) {
  return h("button", { type: "button", class: "add", "data-testid": testid, onclick }, `+ ${t("admin.add")}`);
}

export function removeButton(testid, onclick) {
  return h("button", { type: "button", class: "remove", "data-testid": testid, "aria-label": t("admin.remove"), title: t("admin.remove"), onclick }, "×");
}

// A button that asks once more before it does `work` (no window.confirm,
// which a page cannot style or a test easily answer).
export function confirmButton(label, confirmLabel, testid, work) {
  const button = h("button", { type: "button", class: "danger", "data-testid": testid }, label);
  button.addEventListener("click", () => {
    if (button.dataset.armed) return work();
    button.dataset.armed = "1";
    button.textContent = confirmLabel;
    button.setAttribute("data-testid", `${testid}-confirm`);
  });
  return button;
}

export function clearErrors(form) {
  for (const box of form.querySelectorAll("[data-field].invalid")) box.classList.remove("invalid");
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const c of form.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
}

// The field path an INVALID_ARGUMENT message starts with, and the problem
// after it; an import's "resources[0]." names the entity, not a field.
export function fieldOf(message) {
  const named = errorField(message);
  return named && { path: named.path.replace(/^(resources|roles|people|units|rules)\[\d+\]\./, ""), problem: named.problem };
}

// Shows `error` at the field of `form` it names, or at the nearest
// enclosing one ("sessions[1]" and then "sessions" for
// "sessions[1].location" when the form has no such field); false when no
// field of the form fits.
export function placeError(form, error) {
  if (!(error instanceof ApiError) || error.code !== "invalid_argument") return false;
  const named = fieldOf(error.message);
  if (!named) return false;
  for (let path = named.path; path; path = parent(path)) {
    const box = form.querySelector(`[data-field="${CSS.escape(path)}"], [data-alias="${CSS.escape(path)}"]`);
    if (!box) continue;
    box.classList.add("invalid");
    const slot = box.querySelector(":scope > .field-error");
    // "Ikke gyldig: " in the page's language, the server's words after it.
    slot.replaceChildren(`${t("error.atfield")}: `, serverWords(named.path === path || named.path === box.dataset.alias ? named.problem : error.message));
    slot.hidden = false;
    const control = box.querySelector(":scope > input, :scope > select, :scope > textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    }
    box.scrollIntoView({ block: "center" });
    return true;
  }
  return false;
}

function parent(path) {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut > 0 ? path.slice(0, cut) : "";
}

// Runs `work` (a write) with the busy bar; an error that names a field of
// `form` is shown there, any other in the page's error bar. Resolves to what
// `work` returned, or undefined when it failed.
export async function submit(app, form, work) {
  clearErrors(form);
  app.clearError?.();
  let atField = false;
  const result = await app.busy("admin.saving", async () => {
    try {
      return await work();
    } catch (e) {
      if (placeError(form, e)) {
        atField = true;
        return undefined;
      }
      throw e;
    }
  });
  if (atField) form.querySelector(".form-status")?.replaceChildren(h("span", { class: "error-text", "data-testid": "form-invalid" }, t("admin.invalid")));
  return result;
}

// An RFC 3339 time as a datetime-local input's value, in the browser's
// time zone, and back ("" for none).
export function toLocalInput(rfc3339) {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInput(value) {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

export const num = (v) => Number(v) || 0;

// Whether every word of a search occurs somewhere in `texts` (an item's
// id, name, ...), case and accents aside; `words` splits the search.
export function matches(words, texts) {
  const hay = fold(texts.filter(Boolean).join(" "));
  return words.every((w) => hay.includes(w));
}

export function words(query) {
  return fold(query).split(/\s+/).filter(Boolean);
}

function fold(s) {
  return String(s).toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// Whether the signed-in grant may write through these pages (the server
// decides; this only hides dead ends): HR and ADMIN keep the catalogue, an
// ADMIN the roles, units, people, position rules and tokens.
export function mayWrite(app, what) {
  const writers = { catalog: ["HR", "ADMIN"], roles: ["HR", "ADMIN"], org: ["ADMIN"], tokens: ["ADMIN"] };
  return (writers[what] || []).includes(app.grant);
}

// For a grant that may only read: the form shows, nothing in it changes.
export function readOnly(form) {
  for (const c of form.querySelectorAll("input, select, textarea, button.add, button.remove, button.primary, button.danger")) c.disabled = true;
  form.prepend(h("p", { class: "muted", "data-testid": "read-only" }, t("admin.readonly")));
}
