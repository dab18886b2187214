// A person's assessment history for one competence as a chart over time
// (issue #15 item 2): their own ratings and the validated ones (manager,
// evidence, certification) as two stepped lines, with the list beside it
// for reading and for screen readers. An expired rating ends where it
// expires.
import { call } from "../api.js";
import { h, table } from "../dom.js";
import { date, t } from "../i18n.js";

const validated = (s) => s === "MANAGER" || s === "EVIDENCE" || s === "CERTIFICATION";

// The points of one line: each assessment from when it was made, and a
// drop to 0 where it expires with nothing newer before then.
function line(assessments) {
  const points = [];
  assessments.forEach((a, i) => {
    const at = Date.parse(a.assessedAt);
    points.push({ x: at, y: a.level || 0 });
    const expires = a.expiresAt ? Date.parse(a.expiresAt) : null;
    const next = assessments[i + 1] ? Date.parse(assessments[i + 1].assessedAt) : null;
    if (expires && (next === null || expires < next)) points.push({ x: expires, y: 0 });
  });
  return points;
}

// Each card keeps its own chart; one drawn on a canvas that is no longer
// on the page (the person was shown again meanwhile) is let go.
const charts = new Set();

function draw(canvas, all, top) {
  for (const c of charts) {
    if (c.canvas !== canvas && c.canvas.isConnected) continue;
    c.destroy();
    charts.delete(c);
  }
  const self = all.filter((a) => a.source === "SELF");
  const valid = all.filter((a) => validated(a.source));
  const now = Date.now();
  const extend = (points) => (points.length ? [...points, { x: Math.max(now, points[points.length - 1].x), y: points[points.length - 1].y }] : points);
  const chart = new window.Chart(canvas, {
    type: "line",
    data: {
      datasets: [
        { label: t("history.self"), data: extend(line(self)), stepped: true, borderColor: "#8a8f98", backgroundColor: "#8a8f98", borderDash: [6, 4] },
        { label: t("history.validated"), data: extend(line(valid)), stepped: true, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8" },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      parsing: false,
      scales: {
        x: { type: "linear", ticks: { callback: (v) => date(new Date(v).toISOString()), maxTicksLimit: 6 } },
        y: { beginAtZero: true, max: top, ticks: { stepSize: 1 } },
      },
      plugins: { tooltip: { callbacks: { title: (items) => date(new Date(items[0].parsed.x).toISOString()) } } },
    },
  });
  charts.add(chart);
}

// The history card for `personId`, with a choice among `competenceIds`.
export function historyCard(app, personId, competenceIds) {
  const select = h(
    "select",
    { "data-testid": "history-competence", "aria-label": t("col.competence") },
    competenceIds.map((id) => {
      const { text, lang } = app.competenceText(id);
      return h("option", { value: id, lang: lang || undefined }, text);
    }),
  );
  const canvas = h("canvas", { height: 80, "aria-label": t("history.title"), "data-testid": "history-chart" });
  const list = h("div", { "data-testid": "history-list" });
  const show = async () => {
    const id = select.value;
    if (!id) return;
    const answer = await app.busy("busy", () => call("AssessmentService/ListAssessments", { personId, competenceId: id }));
    if (!answer) return;
    const all = answer.assessments || [];
    const top = app.catalog.competences.get(id)?.scale?.levels?.length || undefined;
    draw(canvas, all, top);
    list.replaceChildren(
      all.length
        ? table(
            [{ label: t("history.when") }, { label: t("col.level"), num: true }, { label: t("col.source") }, { label: t("history.expires") }, { label: t("history.note") }],
            [...all].reverse().map((a) =>
              h(
                "tr",
                { "data-testid": "history-row" },
                h("td", {}, date(a.assessedAt)),
                h("td", { class: "num" }, a.level || 0),
                h("td", {}, t(`source.${a.source}`)),
                h("td", {}, a.expiresAt ? date(a.expiresAt) : ""),
                h("td", {}, a.note || ""),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("history.none")),
    );
  };
  select.addEventListener("change", show);
  queueMicrotask(show);
  return h("div", { class: "card", "data-testid": "history" }, h("h2", {}, t("history.title")), h("label", {}, `${t("col.competence")} `, select), canvas, list);
}
