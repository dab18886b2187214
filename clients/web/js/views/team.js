// «Mitt team»: people × competences coloured by gap, filter by area, sort
// by gap, coverage per competence, single points of knowledge, and a
// drill-down into one person (propose and approve their plan).
import { call } from "../api.js";
import { h, table } from "../dom.js";
import { date, number, t } from "../i18n.js";
import { indented, managedUnits } from "../units.js";
import { exportButtons } from "./export_buttons.js";
import { renderPerson } from "./person.js";

const state = { unit: "", area: "", sort: "gap", team: null };

// A figure an AGGREGATE token may not see (the server marks it withheld
// and sends 0): say so instead of showing the 0.
function withheld(team) {
  const n = team.minGroupSize || 5;
  return h("span", { class: "muted", "data-testid": "withheld", title: t("withheld.why").replace("{n}", n) }, t("withheld").replace("{n}", n));
}

// A «skal» gap in yellow to red by its size, a «bør» gap in blues: a
// desired level not reached is no breach of a requirement.
export function cellClass(cell) {
  if (!cell.targetLevel) return "none";
  if (cell.gap <= 0) return "met";
  return `${cell.priority === "DESIRED" ? "want" : "gap"}${Math.min(cell.gap, 3)}`;
}

export async function renderTeam(main, app) {
  const list = await app.busy("busy", () => managedUnits(app));
  if (!list) return;
  if (!state.unit || !list.some((u) => u.id === state.unit)) state.unit = list[0]?.id || "";
  const unitSelect = h(
    "select",
    { "data-testid": "team-unit", "aria-label": t("team.unit"), onchange: (e) => { state.unit = e.target.value; state.team = null; renderTeam(main, app); } },
    list.map((u) => h("option", { value: u.id, selected: u.id === state.unit }, `${indented(u)} (${u.id})`)),
  );
  const body = h("div");
  const pending = h("div", { "data-testid": "pending" });
  const detail = h("div", { "data-testid": "person-detail" });
  const exports = exportButtons(app, "ExportTeamGap", () => ({ orgUnitId: state.unit }), "team-export");
  main.replaceChildren(h("h1", {}, t("team.title")), h("div", { class: "row" }, h("label", {}, `${t("team.unit")} `, unitSelect), exports), pending, body, detail);
  if (!state.unit) return;
  if (!state.team || state.team.orgUnitId !== state.unit) {
    state.team = await app.busy("busy", () => call("GapService/GetTeamGap", { orgUnitId: state.unit }));
    if (!state.team) return;
  }
  state.body = body;
  drawTeam(body, detail, app);
  drawPending(pending, detail, app);
}

// Open a person in the drill-down below the heatmap.
function openPerson(detail, app, personId, name) {
  // After a rating, a confirmation or an answer to a plan: the heatmap and
  // the list of pending steps as they are now.
  const refresh = async () => {
    const team = await app.busy("busy", () => call("GapService/GetTeamGap", { orgUnitId: state.unit }));
    if (team) {
      state.team = team;
      if (state.body?.isConnected) drawTeam(state.body, detail, app);
    }
    await drawPending(document.querySelector("[data-testid=pending]"), detail, app);
  };
  return renderPerson(detail, app, personId, false, `${name} (${personId})`, refresh).then(() =>
    detail.scrollIntoView({ behavior: "smooth" }),
  );
}

// Steps the unit's people marked done that wait for the manager's (or
// HR's) confirmation; the drill-down has the buttons.
async function drawPending(box, detail, app) {
  if (!box || (app.grant !== "MANAGER" && app.grant !== "HR")) return;
  const answer = await app.busy("busy", () => call("PlanService/ListPendingConfirmations", { orgUnitId: state.unit }));
  if (!answer) return;
  const items = answer.pending || [];
  if (items.length === 0) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    h(
      "div",
      { class: "card" },
      h("h2", {}, `${t("team.pending")} (${items.length})`),
      table(
        [{ label: t("team.person") }, { label: t("hr.resource") }, { label: t("team.pending.since") }],
        items.map((p) =>
          h(
            "tr",
            { class: "person", "data-testid": `pending-${p.personId}-${p.step.seq}`, onclick: () => openPerson(detail, app, p.personId, p.personName) },
            h("td", {}, p.personName),
            h("td", {}, p.step.title),
            h("td", {}, date(p.step.claimedAt)),
          ),
        ),
        { "data-testid": "pending-table" },
      ),
    ),
  );
}

function drawTeam(body, detail, app) {
  const team = state.team;
  const columns = (team.competenceIds || []).map((id, i) => ({ id, i, area: app.catalog.competences.get(id)?.area || "" }));
  const areas = [...new Set(columns.map((c) => c.area))].sort();
  const shown = columns.filter((c) => !state.area || c.area === state.area);
  const rows = [...(team.rows || [])].sort((a, b) =>
    state.sort === "name" ? a.name.localeCompare(b.name) : b.gapScore - a.gapScore || a.name.localeCompare(b.name),
  );
  const areaSelect = h(
    "select",
    { "data-testid": "team-area", "aria-label": t("team.area"), onchange: (e) => { state.area = e.target.value; drawTeam(body, detail, app); } },
    h("option", { value: "" }, t("team.allareas")),
    areas.map((a) => {
      const { text, lang } = app.areaText(a);
      return h("option", { value: a, selected: a === state.area, lang: lang || undefined }, text);
    }),
  );
  const sortSelect = h(
    "select",
    { "data-testid": "team-sort", "aria-label": t("team.sort"), onchange: (e) => { state.sort = e.target.value; drawTeam(body, detail, app); } },
    h("option", { value: "gap", selected: state.sort === "gap" }, t("team.sort.gap")),
    h("option", { value: "name", selected: state.sort === "name" }, t("team.sort.name")),
  );
  const parts = [h("div", { class: "row" }, h("label", {}, `${t("team.area")} `, areaSelect), h("label", {}, `${t("team.sort")} `, sortSelect))];
  if (rows.length === 0) {
    parts.push(h("p", { class: "muted", "data-testid": "no-rows" }, t("team.norows")));
  } else {
    parts.push(
      h(
        "div",
        { class: "card" },
        h(
          "div",
          { class: "legend" },
          h("span", { class: "cell met" }, t("team.legend.met")),
          h("span", { class: "cell gap1" }, `${t("col.gap")} 1`),
          h("span", { class: "cell gap2" }, `${t("col.gap")} 2`),
          h("span", { class: "cell gap3" }, `${t("col.gap")} 3+`),
          h("span", { class: "cell want1" }, `${t("priority.DESIRED")} 1`),
          h("span", { class: "cell want2" }, `${t("priority.DESIRED")} 2`),
          h("span", { class: "cell want3" }, `${t("priority.DESIRED")} 3+`),
          h("span", { class: "cell none" }, t("team.legend.none")),
        ),
        table(
          [{ label: t("team.people") }, { label: t("team.score"), num: true }, ...shown.map((c) => ({ label: h("span", { title: c.id }, app.competenceLabel(c.id)), vertical: true }))],
          rows.map((r) =>
            h(
              "tr",
              {
                class: "person",
                "data-testid": `row-${r.personId}`,
                onclick: () => openPerson(detail, app, r.personId, r.name),
              },
              h("td", {}, r.name),
              h("td", { class: "num", "data-testid": "row-score" }, number(r.gapScore, 2)),
              shown.map((c) => {
                const cell = r.cells[c.i];
                const text = cell.targetLevel ? `${cell.currentLevel}/${cell.targetLevel}` : cell.currentLevel ? `(${cell.currentLevel})` : "–";
                const title = cell.targetLevel ? `${app.competencePlain(c.id)} · ${t(`priority.${cell.priority}`)}` : app.competencePlain(c.id);
                return h("td", { class: `cell ${cellClass(cell)}`, title, "data-testid": `cell-${c.id}` }, text);
              }),
            ),
          ),
          { class: "heatmap", "data-testid": "heatmap" },
        ),
      ),
    );
  }
  const coverage = (team.coverage || []).filter((c) => !state.area || app.catalog.competences.get(c.competenceId)?.area === state.area);
  const warnings = coverage.filter((c) => c.singlePoint && !c.holdersWithheld);
  parts.push(
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("team.coverage")),
      table(
        [{ label: t("col.competence") }, { label: t("team.required"), num: true }, { label: t("team.holders"), num: true }, { label: t("team.meangap"), num: true }, { label: "" }],
        coverage.map((c) =>
          h(
            "tr",
            { "data-testid": `coverage-${c.competenceId}` },
            h("td", {}, app.competenceLabel(c.competenceId)),
            h(
              "td",
              { class: "num" },
              c.requiredCountWithheld
                ? withheld(team)
                : !c.requiredCount
                  ? "–"
                  : c.metCountWithheld
                    ? h("span", {}, withheld(team), ` /${c.requiredCount}`)
                    : `${c.metCount}/${c.requiredCount}`,
            ),
            h("td", { class: "num", "data-testid": "holders" }, c.holdersWithheld ? withheld(team) : c.holders),
            h("td", { class: "num" }, c.meanGapWithheld ? withheld(team) : number(c.meanGap, 2)),
            h("td", {}, !c.holdersWithheld && c.singlePoint ? h("span", { class: "badge warn" }, "!") : ""),
          ),
        ),
      ),
      warnings.length
        ? h(
            "div",
            { "data-testid": "single-points" },
            h("h2", {}, t("team.single")),
            h("ul", {}, warnings.map((c) => h("li", {}, app.competenceLabel(c.competenceId), `: ${c.holders === 0 ? t("team.single.none") : t("team.single.one")}`))),
          )
        : null,
    ),
  );
  body.replaceChildren(...parts);
}
