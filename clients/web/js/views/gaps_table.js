// A person's gaps as a table of one row per competence. The API has a
// REQUIRED («skal») entry and a DESIRED («bør») entry for a competence whose
// desired level is above its required one (DESIGN.md); the row shows both
// targets and both gaps side by side instead of the competence twice.
import { h, table } from "../dom.js";
import { t } from "../i18n.js";

// The «Validert» column: a level only a manager, evidence or a certificate
// stands behind. A self-rating (or no assessment at all) is no validated
// level, even where it is the current one.
function validatedLevel(g) {
  return g.currentSource === "SELF" || !g.currentSource || g.currentSource === "ASSESSMENT_SOURCE_UNSPECIFIED" ? "–" : g.currentLevel;
}

// The gap entries of GetPersonGap as one line per competence, in the API's
// order of first appearance: {competenceId, areaId, required, desired, at}
// where `at` is the entry whose current level, source and self-rating the
// row shows (the same for both entries of a competence).
export function byCompetence(gaps) {
  const lines = new Map();
  for (const g of gaps) {
    const line = lines.get(g.competenceId) || { competenceId: g.competenceId, areaId: g.areaId, required: null, desired: null, at: g };
    if (g.priority === "REQUIRED") line.required = g;
    else line.desired = g;
    lines.set(g.competenceId, line);
  }
  return [...lines.values()];
}

const weighted = (g) => (g && !g.met ? g.gap * (g.weight || 1) : 0);
const gapText = (g) => (g.met ? "✓" : String(g.gap));

// "3" for one target; "3 · bør 4" when the competence has both.
function both(line, text, testid) {
  const { required, desired } = line;
  if (required && desired) {
    return [h("span", { "data-testid": testid }, text(required)), h("span", { class: "muted", "data-testid": `${testid}-desired` }, ` · ${t("priority.DESIRED")} ${text(desired)}`)];
  }
  return h("span", { "data-testid": testid }, text(required || desired));
}

function row(app, line) {
  const g = line.at;
  const badges = [line.required, line.desired]
    .filter(Boolean)
    .map((e, i) => [i ? " " : null, h("span", { class: `badge ${e.priority === "REQUIRED" ? "required" : "desired"}` }, t(`priority.${e.priority}`))]);
  return h(
    "tr",
    { "data-testid": `gap-${line.competenceId}` },
    h("td", {}, app.competenceLabel(line.competenceId)),
    h("td", {}, app.areaLabel(line.areaId)),
    h("td", { "data-testid": "priority" }, badges),
    h("td", { class: "num", "data-testid": "self" }, g.selfLevel < 0 ? "–" : g.selfLevel),
    h("td", { class: "num", "data-testid": "current" }, validatedLevel(g)),
    h("td", {}, t(`source.${g.currentSource}`)),
    h("td", { class: "num" }, both(line, (e) => String(e.targetLevel), "target")),
    h("td", { class: "num" }, both(line, gapText, "gap")),
  );
}

// The table, the largest weighted «skal» gap first, then «bør».
export function gapsTable(app, gaps) {
  const lines = byCompetence(gaps).sort(
    (a, b) =>
      weighted(b.required) - weighted(a.required) ||
      weighted(b.desired) - weighted(a.desired) ||
      a.competenceId.localeCompare(b.competenceId),
  );
  return table(
    [
      { label: t("col.competence") },
      { label: t("col.area") },
      { label: t("col.priority") },
      { label: t("col.self"), num: true },
      { label: t("col.validated"), num: true },
      { label: t("col.source") },
      { label: t("col.target"), num: true },
      { label: t("col.gap"), num: true },
    ],
    lines.map((line) => row(app, line)),
    { "data-testid": "gaps" },
  );
}
