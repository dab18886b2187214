// A manager's (or HR's) rating of one of their people (issue #15 item 1):
// pick a competence of the person's targets, see their own rating and the
// level that stands now beside it, and record a MANAGER assessment (HR may
// record EVIDENCE or a CERTIFICATION instead).
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

// The options of a level <select> for a competence's scale (0 and each
// level with its name), `selected` chosen.
export function levelOptions(app, competenceId, selected) {
  const entry = app.catalog.competences.get(competenceId);
  const scale = entry?.scale?.levels || [];
  return [
    h("option", { value: 0, selected: selected === 0 }, "0"),
    ...scale.map((l) => {
      const { text, lang } = app.levelText(l, entry.language);
      return h("option", { value: l.level, lang: lang || undefined, selected: l.level === selected }, `${l.level} ${text || ""}`);
    }),
  ];
}

// `gaps`: the person's gap lines (GetPersonGap). `onSaved` runs after a
// rating is recorded (the page and the heatmap then show it).
// A <select> of the competences of `gaps`, in the reader's language.
export function competenceSelect(app, gaps, testid) {
  return h(
    "select",
    { "data-testid": testid, "aria-label": t("col.competence") },
    // A competence with a «skal» and a «bør» target is one choice.
    [...new Set(gaps.map((g) => g.competenceId))].map((id) => {
      const { text, lang } = app.competenceText(id);
      return h("option", { value: id, lang: lang || undefined }, text);
    }),
  );
}

export function rateForm(app, personId, gaps, onSaved) {
  const competence = competenceSelect(app, gaps, "rate-competence");
  const level = h("select", { "data-testid": "rate-level", "aria-label": t("col.level") });
  const beside = h("span", { class: "muted", "data-testid": "rate-beside" });
  const source =
    app.grant === "HR"
      ? h(
          "select",
          { "data-testid": "rate-source", "aria-label": t("col.source") },
          ["MANAGER", "EVIDENCE", "CERTIFICATION"].map((s) => h("option", { value: s }, t(`source.${s}`))),
        )
      : null;
  const note = h("input", { type: "text", maxlength: 4000, placeholder: t("rate.note"), "aria-label": t("rate.note"), "data-testid": "rate-note" });
  const show = () => {
    const g = gaps.find((x) => x.competenceId === competence.value);
    if (!g) return;
    const own = g.selfLevel < 0 ? "–" : g.selfLevel;
    const standing = g.currentSource && g.currentSource !== "SELF" && g.currentSource !== "ASSESSMENT_SOURCE_UNSPECIFIED";
    beside.textContent = t("rate.beside")
      .replace("{self}", own)
      .replace("{current}", standing ? `${g.currentLevel} (${t(`source.${g.currentSource}`)})` : "–")
      .replace("{target}", g.targetLevel);
    level.replaceChildren(...levelOptions(app, g.competenceId, g.selfLevel >= 0 ? g.selfLevel : g.currentLevel));
  };
  competence.addEventListener("change", show);
  show();
  const saved = h("span", { class: "muted", "data-testid": "rate-saved", role: "status" });
  return h(
    "form",
    {
      class: "card",
      "data-testid": "rate",
      onsubmit: async (e) => {
        e.preventDefault();
        const ok = await app.busy("busy", () =>
          call("AssessmentService/RecordAssessment", {
            personId,
            competenceId: competence.value,
            level: Number(level.value),
            source: source ? source.value : "MANAGER",
            note: note.value.trim(),
          }),
        );
        if (ok) onSaved(t("rate.saved"));
      },
    },
    h("h2", {}, t("rate.title")),
    h("div", { class: "row" }, competence, level, source, beside),
    h("div", { class: "row" }, note, h("button", { class: "primary", type: "submit", "data-testid": "rate-save" }, t("rate.save")), saved),
  );
}
