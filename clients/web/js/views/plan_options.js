// The options a plan is made with (issue #14 item 5), as the API takes
// them (PlanOptions): hours a week, the first day, «bør» targets too,
// fewest hours or lowest cost, the learning modes and the language
// allowed. Kept per person while the page is open, so a re-render keeps
// what was chosen.
import { h } from "../dom.js";
import { t } from "../i18n.js";

const MODES = ["ELEARNING", "CLASSROOM", "WORKSHOP", "ON_THE_JOB", "MENTORING"];
const LANGUAGES = ["", "nb", "nn", "en"];
const chosen = new Map(); // person id -> options

function today() {
  return new Date().toISOString().slice(0, 10);
}

function defaults() {
  return { weeklyHours: 2, start: today(), includeDesired: false, objective: "MIN_HOURS", modes: [], language: "" };
}

// {element, options()}: the form, and the PlanOptions message it says.
export function planOptionsForm(personId) {
  const o = chosen.get(personId) || defaults();
  chosen.set(personId, o);
  const hours = h("input", {
    type: "number", min: 0.5, max: 60, step: 0.5, value: o.weeklyHours, "data-testid": "opt-hours",
    oninput: (e) => (o.weeklyHours = Number(e.target.value)),
  });
  const start = h("input", { type: "date", value: o.start, "data-testid": "opt-start", oninput: (e) => (o.start = e.target.value) });
  const desired = h("input", {
    type: "checkbox", checked: o.includeDesired, "data-testid": "opt-desired", onchange: (e) => (o.includeDesired = e.target.checked),
  });
  const objective = h(
    "select",
    { "data-testid": "opt-objective", onchange: (e) => (o.objective = e.target.value) },
    ["MIN_HOURS", "MIN_COST"].map((v) => h("option", { value: v, selected: o.objective === v }, t(`opt.objective.${v}`))),
  );
  const modes = MODES.map((m) =>
    h(
      "label",
      { class: "chip" },
      h("input", {
        type: "checkbox", checked: o.modes.includes(m), "data-testid": `opt-mode-${m}`,
        onchange: (e) => {
          o.modes = e.target.checked ? [...o.modes, m] : o.modes.filter((x) => x !== m);
        },
      }),
      ` ${t(`mode.${m}`)}`,
    ),
  );
  const language = h(
    "select",
    { "data-testid": "opt-language", onchange: (e) => (o.language = e.target.value) },
    LANGUAGES.map((l) => h("option", { value: l, selected: o.language === l }, t(`opt.language.${l || "any"}`))),
  );
  const element = h(
    "details",
    { class: "plan-options", "data-testid": "plan-options" },
    h("summary", {}, t("opt.title")),
    h("div", { class: "row" }, h("label", {}, `${t("opt.hours")} `, hours), h("label", {}, `${t("opt.start")} `, start)),
    h("div", { class: "row" }, h("label", {}, desired, ` ${t("opt.desired")}`), h("label", {}, `${t("opt.objective")} `, objective)),
    h("div", { class: "row" }, h("span", {}, `${t("opt.modes")}: `), modes),
    h("div", { class: "row" }, h("label", {}, `${t("opt.language")} `, language)),
  );
  const options = () => ({
    weeklyHours: o.weeklyHours || 2,
    start: o.start ? `${o.start}T00:00:00Z` : undefined,
    includeDesired: o.includeDesired,
    objective: o.objective,
    modes: o.modes,
    language: o.language,
  });
  return { element, options };
}
