// «Opplæringsbehov»: the organisation by unit and area, the training demand
// by resource and quarter (learners, hours, cost, cohorts, learners without
// a seat in any session) and the budget simulation: who and what is funded.
import { call } from "../api.js";
import { figure, h, table } from "../dom.js";
import { number, t } from "../i18n.js";
import { indented, treeOrder } from "../units.js";
import { exportButtons } from "./export_buttons.js";

let chart = null;
const state = { unit: "", budget: 500000, demand: null };

function percent(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)}%` : "–";
}

export async function renderHr(main, app) {
  const data = await app.busy("busy", async () => {
    const [summary, units, plans] = await Promise.all([
      call("GapService/GetOrgSummary", { topN: 10 }),
      call("OrgService/ListOrgUnits", {}),
      // Open plans that no longer fit their person's levels (HR only).
      app.grant === "HR" ? call("PlanService/GetOutOfDatePlanCount", {}) : null,
    ]);
    return { summary, units: treeOrder(units.orgUnits || []), plans };
  });
  if (!data) return;
  const { summary, units, plans } = data;
  const total = summary.total || {};
  // Figures an AGGREGATE token may not see come marked withheld (sent as 0).
  const n = summary.minGroupSize || 5;
  const hidden = () =>
    h("span", { class: "muted", "data-testid": "withheld", title: t("withheld.why").replace("{n}", n) }, t("withheld").replace("{n}", n));
  const canvas = h("canvas", { height: 110, "aria-label": t("hr.byarea"), "data-testid": "area-chart" });
  const unitRow = (u, testid) =>
    h(
      "tr",
      { "data-testid": testid },
      h("td", {}, u.name),
      h("td", { class: "num" }, u.people),
      h("td", { class: "num" }, u.totalsWithheld ? hidden() : `${u.requiredMet || 0}/${u.requiredTotal || 0}`),
      h("td", { class: "num" }, u.totalsWithheld ? "" : percent(u.requiredMet, u.requiredTotal)),
      h("td", { class: "num" }, u.totalsWithheld ? hidden() : number(u.gapScore, 1)),
    );
  const demandBox = h("div", { "data-testid": "demand" });
  main.replaceChildren(
    h("h1", {}, t("hr.title")),
    exportButtons(app, "ExportOrgSummary", () => ({ topN: 10 }), "summary-export"),
    h(
      "div",
      { class: "card" },
      h(
        "div",
        { class: "figures" },
        figure(number(total.people), t("hr.people"), "org-people"),
        figure(total.totalsWithheld ? t("withheld").replace("{n}", n) : percent(total.requiredMet, total.requiredTotal), t("hr.met"), "org-met"),
        figure(total.totalsWithheld ? t("withheld").replace("{n}", n) : number(total.gapScore, 1), t("hr.gapscore"), "org-gapscore"),
        plans ? figure(`${plans.outOfDatePlans || 0} / ${plans.openPlans || 0}`, t("hr.outofdate"), "org-outofdate") : null,
      ),
    ),
    h(
      "div",
      { class: "grid" },
      h(
        "div",
        { class: "card" },
        h("h2", {}, t("hr.summary")),
        table(
          [{ label: t("team.unit") }, { label: t("hr.people"), num: true }, { label: t("hr.met"), num: true }, { label: "", num: true }, { label: t("hr.gapscore"), num: true }],
          [...(summary.units || []).map((u) => unitRow(u, `unit-${u.orgUnitId}`)), unitRow(total, "unit-total")],
          { "data-testid": "units" },
        ),
      ),
      h("div", { class: "card" }, h("h2", {}, t("hr.byarea")), canvas),
    ),
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("hr.top")),
      table(
        [{ label: t("col.competence") }, { label: t("hr.withgap"), num: true }, { label: t("hr.gapscore"), num: true }],
        (summary.topGaps || []).map((g) =>
          h("tr", {}, h("td", {}, app.competenceLabel(g.competenceId)), h("td", { class: "num" }, g.peopleWithGap), h("td", { class: "num" }, number(g.totalWeightedGap, 1))),
        ),
        { "data-testid": "top-gaps" },
      ),
      summary.topGapsIncomplete ? h("p", { class: "muted", "data-testid": "top-gaps-incomplete" }, t("hr.topincomplete").replace("{n}", n)) : null,
    ),
    demandBox,
  );
  // A withheld area has no figures to chart (its bar would be a false 0).
  const areas = (total.areas || []).filter((a) => a.requiredTotal > 0 && !a.withheld);
  if (chart) chart.destroy();
  chart = new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: areas.map((a) => app.areaPlain(a.areaId)),
      datasets: [{ label: t("hr.met"), data: areas.map((a) => (100 * a.requiredMet) / a.requiredTotal), backgroundColor: "#2e9d57" }],
    },
    options: { indexAxis: "y", animation: false, scales: { x: { min: 0, max: 100 } } },
  });
  drawDemand(demandBox, app, units);
}

function drawDemand(box, app, units) {
  if (app.grant !== "HR") {
    box.replaceChildren(h("div", { class: "card" }, h("h2", {}, t("hr.demand")), h("p", { class: "muted" }, t("hr.nodemand"))));
    return;
  }
  const unitSelect = h(
    "select",
    { "data-testid": "demand-unit", "aria-label": t("team.unit"), onchange: (e) => { state.unit = e.target.value; state.demand = null; } },
    h("option", { value: "" }, t("hr.allunits")),
    units.map((u) => h("option", { value: u.id, selected: u.id === state.unit }, indented(u))),
  );
  const budget = h("input", { type: "number", min: 0, step: 1000, value: state.budget, "data-testid": "budget", "aria-label": t("hr.budget") });
  const run = async (withBudget) => {
    state.budget = Number(budget.value) || 0;
    const asked = { orgUnitId: state.unit, budget: withBudget ? state.budget : 0 };
    const demand = await app.busy("busy.demand", () => call("PlanService/GetTrainingDemand", asked));
    if (demand) {
      state.demand = demand;
      state.asked = asked;  // what the export buttons ask for
      drawDemand(box, app, units);
    }
  };
  const parts = [
    h("h2", {}, t("hr.demand")),
    h(
      "div",
      { class: "row" },
      h("label", {}, `${t("team.unit")} `, unitSelect),
      h("button", { class: "primary", type: "button", "data-testid": "demand-run", onclick: () => run(false) }, t("hr.demand.run")),
      h("label", {}, `${t("hr.budget")} `, budget),
      h("button", { type: "button", "data-testid": "simulate", onclick: () => run(true) }, t("hr.simulate")),
    ),
  ];
  const d = state.demand;
  if (d) {
    parts.push(
      exportButtons(app, "ExportTrainingDemand", () => state.asked, "demand-export"),
      table(
        [
          { label: t("hr.resource") },
          { label: t("hr.learners"), num: true },
          { label: t("hr.hours"), num: true },
          { label: t("hr.cost"), num: true },
          { label: t("hr.quarters") },
          { label: t("hr.cohorts"), num: true },
          { label: t("hr.unscheduled"), num: true },
        ],
        [
          ...(d.resources || []).map((r) =>
            h(
              "tr",
              { "data-testid": `demand-${r.resourceId}` },
              h("td", {}, r.title),
              h("td", { class: "num", "data-testid": "learners" }, r.learners),
              h("td", { class: "num" }, number(r.totalHours)),
              h("td", { class: "num" }, number(r.totalCost)),
              h("td", {}, (r.quarters || []).map((q) => `${q.quarter}: ${q.learners}`).join(", ")),
              h("td", { class: "num" }, (r.cohorts || []).filter((c) => c.sessionId).length),
              h("td", { class: "num", "data-testid": "unscheduled" }, unscheduled(r)),
            ),
          ),
          h(
            "tr",
            { "data-testid": "demand-total" },
            h("th", {}, t("hr.total")),
            h("td"),
            h("td", { class: "num" }, number(d.totalHours)),
            h("td", { class: "num", "data-testid": "total-cost" }, number(d.totalCost)),
            h("td"),
            h("td"),
            h("td"),
          ),
        ],
        { "data-testid": "demand-table" },
      ),
      h("p", { class: "muted" }, t("hr.unscheduled.help")),
    );
    const a = d.allocation;
    if (a && (a.funded || a.unfunded)) parts.push(...allocation(a));
  }
  box.replaceChildren(h("div", { class: "card" }, parts));
}

// «12 (+1 kurs à 30)»: learners without a seat, and the extra sessions of
// the resource's size that would seat them.
function unscheduled(r) {
  if (!r.unscheduled) return "–";
  if (!r.extraSessionsNeeded) return `${r.unscheduled} (${t("hr.unscheduled.nosession")})`;
  return `${r.unscheduled} (+${r.extraSessionsNeeded} ${t("hr.unscheduled.sessions")} ${r.sessionCapacity})`;
}

// The method in the user's language, keyed on what the server says it used
// (its own text, in English, for a method this client does not know).
function methodText(a) {
  const key = `method.${a.method}`;
  const text = t(key);
  return text === key ? a.algorithm : text.replace("{unit}", number(a.costUnit));
}

// In a box of its own height: a budget can fund hundreds of steps.
function fundedTable(steps, testid) {
  return h("div", { class: "scroll" }, table(
    [{ label: t("team.person") }, { label: t("hr.resource") }, { label: t("hr.cost"), num: true }],
    steps.map((f) =>
      h(
        "tr",
        {},
        h("td", {}, f.personName ? `${f.personName} (${f.personId})` : f.personId),
        h("td", {}, f.resourceTitle || f.resourceId),
        h("td", { class: "num" }, number(f.cost)),
      ),
    ),
    { "data-testid": testid },
  ));
}

function allocation(a) {
  const funded = a.funded || [];
  const unfunded = a.unfunded || [];
  return [
    h(
      "div",
      { class: "figures", "data-testid": "allocation" },
      figure(funded.length, t("hr.funded"), "funded"),
      figure(unfunded.length, t("hr.unfunded"), "unfunded"),
      figure(number(a.spent), t("hr.spent"), "spent"),
      figure(number(a.closedWeightedGap, 2), t("hr.closed")),
    ),
    h("h2", {}, t("hr.funded.title")),
    funded.length ? fundedTable(funded, "funded-table") : h("p", { class: "muted", "data-testid": "funded-table" }, t("hr.funded.none")),
    unfunded.length
      ? h("details", {}, h("summary", {}, `${t("hr.unfunded.title")} (${unfunded.length})`), fundedTable(unfunded, "unfunded-table"))
      : null,
    h("h2", {}, t("hr.method")),
    h("p", { class: "muted", "data-testid": "method" }, methodText(a)),
  ];
}
