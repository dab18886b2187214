// One person's profile against their targets, their gaps and their plan —
// the employee's own view, and a manager's drill-down into a person.
import { call } from "../api.js";
import { figure, h } from "../dom.js";
import { date, number, t } from "../i18n.js";
import { byCompetence, gapsTable } from "./gaps_table.js";
import { historyCard } from "./history.js";
import { planOptionsForm } from "./plan_options.js";
import { planComments, reviewControls } from "./plan_talk.js";
import { competenceSelect, levelOptions, rateForm } from "./rate.js";

let chart = null;

// Mean current and target level per area, over the competences with a
// target: the «skal» one where there is one, else the «bør» one.
function byArea(gaps, app) {
  const areas = new Map();
  for (const line of byCompetence(gaps)) {
    const g = line.required || line.desired;
    const a = areas.get(g.areaId) || { current: 0, target: 0, n: 0 };
    a.current += g.currentLevel;
    a.target += g.targetLevel;
    a.n += 1;
    areas.set(g.areaId, a);
  }
  const ids = [...areas.keys()].sort();
  return {
    labels: ids.map((id) => app.areaPlain(id)),
    current: ids.map((id) => areas.get(id).current / areas.get(id).n),
    target: ids.map((id) => areas.get(id).target / areas.get(id).n),
  };
}

function drawChart(canvas, data) {
  if (chart) chart.destroy();
  chart = new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: t("learner.chart.current"), data: data.current, backgroundColor: "#1f5fa8" },
        { label: t("learner.chart.target"), data: data.target, backgroundColor: "#c9d6e6" },
      ],
    },
    options: { indexAxis: "y", responsive: true, animation: false, scales: { x: { beginAtZero: true } } },
  });
}

// `key`'s text with {name} replaced by vars.name.
function fill(key, vars) {
  return t(key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
}

// Why a step is no longer needed, in the reader's language, from the
// person's gap now (the server's currencyReason says it in English).
function unneededWhy(app, step, gaps) {
  return (step.changes || [])
    .map((c) => {
      const g = gaps.find((x) => x.competenceId === c.competenceId);
      const name = app.competencePlain(c.competenceId);
      if (!g) return fill("plan.unneeded.target", { c: name });
      return fill("plan.unneeded.reached", { c: name, n: g.currentLevel || 0, s: t(`source.${g.currentSource || "ASSESSMENT_SOURCE_UNSPECIFIED"}`) });
    })
    .join("; ");
}

const OPEN = ["DRAFT", "PROPOSED", "APPROVED", "IN_PROGRESS"];

function activePlan(plans) {
  return plans.find((p) => p.status !== "CANCELLED" && p.status !== "COMPLETED") || plans[0] || null;
}

// Renders person `personId` into `root`. `own`: the signed-in person's own
// page (self-assessment, generate, propose, mark steps done); otherwise a
// manager's or HR's view (approve, confirm or send back steps the person
// marked done). `onChange` runs after a step was confirmed or sent back.
export async function renderPerson(root, app, personId, own, title = "", onChange = null) {
  const data = await app.busy("busy", async () => {
    const [gap, plans] = await Promise.all([
      call("GapService/GetPersonGap", { personId }),
      call("PlanService/ListPlans", { personId }),
    ]);
    return { gap, plans: plans.plans || [] };
  });
  if (!data) return;
  const { gap, plans } = data;
  const gaps = gap.gaps || [];
  const canvas = h("canvas", { height: 90, "aria-label": t("learner.chart"), "data-testid": "area-chart" });

  const plan = activePlan(plans);
  const planCard = h("div", { class: "card", "data-testid": "plan" }, h("h2", {}, own ? t("learner.plan") : t("person.plan")));
  if (!plan) {
    planCard.append(h("p", { class: "muted" }, t("learner.noplan")));
  } else {
    planCard.append(
      h(
        "p",
        {},
        `${t("plan.status")}: `,
        h("span", { class: "status", "data-testid": "plan-status" }, t(`status.${plan.status}`)),
        ` · ${number(plan.totalHours, 1)} ${t("plan.hours")} · ${number(plan.totalCost)} ${t("plan.cost")}`,
      ),
    );
    // Issue #14 item 3: the server says on every read whether the plan
    // still fits the person's levels and targets.
    if (plan.outOfDate) planCard.append(h("p", { class: "notice", "data-testid": "plan-outdated" }, t("plan.outdated")));
    // Sent back: the reason, where the person sees it first.
    const last = (plan.comments || []).at(-1);
    if (plan.status === "DRAFT" && last?.status === "DRAFT" && last.authorPersonId !== plan.personId) {
      planCard.append(h("p", { class: "notice", "data-testid": "plan-sentback" }, fill("plan.sentback", { who: last.authorName || t("plan.comments.unknown") }), h("q", {}, last.text)));
    }
    if (plan.replacesPlanId) planCard.append(h("p", { class: "muted", "data-testid": "plan-replaces" }, t("plan.replaces")));
    const active = plan.status === "APPROVED" || plan.status === "IN_PROGRESS";
    const canWork = own && active;
    // Nobody confirms their own step; ADMIN and AGGREGATE confirm nothing.
    const canConfirm = !own && active && (app.grant === "MANAGER" || app.grant === "HR") && personId !== app.me.person?.id;
    const rerender = () => renderPerson(root, app, personId, own, title, onChange);
    planCard.append(
      h(
        "ol",
        { class: "timeline" },
        (plan.steps || []).map((s) =>
          h(
            "li",
            {
              class: s.status === "DONE" ? "done" : s.status === "AWAITING_CONFIRMATION" ? "awaiting" : s.noLongerNeeded ? "unneeded" : "",
              "data-testid": `step-${s.seq}`,
            },
            h("div", { class: "when" }, `${date(s.plannedStart)} – ${date(s.plannedEnd)}`),
            h(
              "div",
              {},
              h("strong", {}, s.title),
              " ",
              h("span", { class: "badge", "data-testid": "step-status" }, t(`step.${s.status}`)),
              s.noLongerNeeded ? [" ", h("span", { class: "badge stale", "data-testid": "step-unneeded", title: s.currencyReason }, t("plan.unneeded"))] : null,
            ),
            h(
              "div",
              { class: "muted" },
              (s.changes || []).map((c, i) => [i ? ", " : null, app.competenceLabel(c.competenceId), ` ${c.fromLevel} → ${c.toLevel}`]),
            ),
            s.noLongerNeeded ? h("div", { class: "muted", "data-testid": "step-unneeded-why" }, unneededWhy(app, s, gaps)) : null,
            s.comment ? h("div", { class: "muted", "data-testid": "step-comment" }, `${t("plan.comment")}: ${s.comment}`) : null,
            canConfirm && s.status === "AWAITING_CONFIRMATION" ? confirmControls(app, plan, s, async () => {
              await rerender();
              if (onChange) onChange();
            }) : null,
            canWork && s.status !== "DONE" && s.status !== "SKIPPED" && s.status !== "AWAITING_CONFIRMATION"
              ? h(
                  "button",
                  {
                    type: "button",
                    "data-testid": `done-${s.seq}`,
                    onclick: async () => {
                      const ok = await app.busy("busy", () =>
                        call("PlanService/UpdateStep", { planId: plan.id, seq: s.seq, status: "DONE" }),
                      );
                      if (ok) rerender();
                    },
                  },
                  t("plan.markdone"),
                )
              : null,
          ),
        ),
      ),
    );
    if ((plan.notEnough || []).length) {
      planCard.append(
        h("h2", {}, t("plan.notenough")),
        h(
          "ul",
          { "data-testid": "plan-notenough" },
          plan.notEnough.map((n) =>
            h("li", { title: n.reason }, fill("plan.notenough.item", { c: app.competencePlain(n.competenceId), need: n.neededLevel || 0, got: n.plannedLevel || 0 })),
          ),
        ),
      );
    }
    if ((plan.uncovered || []).length) {
      planCard.append(
        h("h2", {}, t("plan.uncovered")),
        h("ul", {}, plan.uncovered.map((u) => h("li", {}, app.competenceLabel(u.competenceId), `: ${u.reason}`))),
      );
    }
  }
  const rerenderAll = async () => {
    await renderPerson(root, app, personId, own, title, onChange);
    if (onChange) onChange();
  };
  const actions = h("div", { class: "row" });
  const setStatus = (status) => async () => {
    const ok = await app.busy("busy", () => call("PlanService/SetPlanStatus", { planId: plan.id, status }));
    if (ok) renderPerson(root, app, personId, own, title, onChange);
  };
  // The person makes their own plan; a manager or HR can make one for them.
  let planOptions = null;
  if (!plan || plan.status === "COMPLETED" || plan.status === "CANCELLED") {
    planOptions = planOptionsForm(personId);
    actions.append(
      h(
        "button",
        {
          class: "primary",
          type: "button",
          "data-testid": "generate",
          onclick: async () => {
            const options = planOptions.options();
            const made = await app.busy("busy.plan", () => call("PlanService/GeneratePlan", { personId, save: true, options }));
            if (made) renderPerson(root, app, personId, own, title, onChange);
          },
        },
        t("learner.generate"),
      ),
    );
  }
  if (plan && plan.status === "DRAFT") {
    actions.append(h("button", { type: "button", "data-testid": "propose", onclick: setStatus("PROPOSED") }, own ? t("learner.propose") : t("plan.propose")));
  }
  // A manager or HR answers a proposal: approve, or send back with why.
  const reviewer = !own && (app.grant === "MANAGER" || app.grant === "HR") && personId !== app.me.person?.id;
  const review = plan && reviewer && plan.status === "PROPOSED" ? reviewControls(app, plan, rerenderAll) : null;
  // Make an open plan again from the levels now (a new DRAFT that keeps
  // the steps done or under way), or cancel it: the person, their manager
  // or HR, as the server allows.
  const mayChange = own || app.grant === "MANAGER" || app.grant === "HR";
  if (plan && mayChange && OPEN.includes(plan.status)) {
    actions.append(
      h(
        "button",
        {
          class: plan.outOfDate ? "primary" : "",
          type: "button",
          "data-testid": "regenerate",
          onclick: async () => {
            const made = await app.busy("busy.regenerate", () => call("PlanService/RegeneratePlan", { planId: plan.id }));
            if (made) renderPerson(root, app, personId, own, title, onChange);
          },
        },
        t("plan.regenerate"),
      ),
      h(
        "button",
        {
          type: "button",
          "data-testid": "cancel-plan",
          onclick: async () => {
            if (window.confirm(t("plan.cancel.confirm"))) await setStatus("CANCELLED")();
          },
        },
        t("plan.cancel"),
      ),
    );
  }
  // The plan in the person's own calendar: an .ics file of its steps.
  if (plan && own) {
    actions.append(
      h(
        "button",
        {
          type: "button",
          "data-testid": "download-ics",
          onclick: async () => {
            const file = await app.busy("busy", () => call("PlanService/GetPlanCalendar", { id: plan.id }));
            if (file) download(file.fileName, file.content, "text/calendar;charset=utf-8");
          },
        },
        t("learner.ics"),
      ),
    );
  }
  if (planOptions) planCard.append(planOptions.element);
  if (review) planCard.append(review);
  planCard.append(actions);
  // What was said about the plan; the person, their manager and HR may add to it.
  if (plan) planCard.append(planComments(app, plan, own || app.grant === "MANAGER" || app.grant === "HR", rerenderAll));

  const parts = [
    title ? h("h2", { "data-testid": "person-name" }, title) : null,
    h(
      "div",
      { class: "card" },
      h(
        "div",
        { class: "figures" },
        figure(`${gap.requiredMet} / ${gap.requiredTotal}`, t("learner.met"), "required-met"),
        figure(number(gap.gapScore, 2), t("learner.gapscore"), "gap-score"),
      ),
      h("h2", {}, t("learner.chart")),
      canvas,
    ),
    h(
      "div",
      { class: "card" },
      h("h2", {}, own ? t("learner.gaps") : t("person.gaps")),
      gapsTable(app, gaps),
    ),
    planCard,
  ];
  if (own) parts.push(selfAssessment(root, app, personId, gaps, own));
  // A manager or HR rates the person, their own rating beside (issue #15).
  if (reviewer && gaps.length) {
    parts.push(
      rateForm(app, personId, gaps, async (message) => {
        await rerenderAll();
        const saved = root.querySelector("[data-testid=rate-saved]");
        if (saved) saved.textContent = message;
      }),
    );
  }
  const assessed = [...new Set(gaps.map((g) => g.competenceId))];
  if (assessed.length) parts.push(historyCard(app, personId, assessed));
  root.replaceChildren(...parts.filter(Boolean));
  drawChart(canvas, byArea(gaps, app));
}

// Confirm (records the validated level, with the confirmer as assessor) or
// send back with a reason (the step returns to «startet»).
// Saves `content` as a file named `name` through the browser's download.
function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function confirmControls(app, plan, step, done) {
  const comment = h("input", {
    type: "text",
    maxlength: 4000,
    placeholder: t("plan.comment.placeholder"),
    "aria-label": t("plan.comment"),
    "data-testid": `comment-${step.seq}`,
  });
  const answer = (accept) => async () => {
    if (!accept && !comment.value.trim()) {
      comment.setCustomValidity(t("plan.comment.required"));
      comment.reportValidity();
      return;
    }
    const ok = await app.busy("busy", () =>
      call("PlanService/ConfirmStep", { planId: plan.id, seq: step.seq, accept, comment: comment.value.trim() }),
    );
    if (ok) done();
  };
  comment.addEventListener("input", () => comment.setCustomValidity(""));
  return h(
    "div",
    { class: "row", "data-testid": `confirm-box-${step.seq}` },
    h("button", { class: "primary", type: "button", "data-testid": `confirm-${step.seq}`, onclick: answer(true) }, t("plan.confirm")),
    comment,
    h("button", { type: "button", "data-testid": `sendback-${step.seq}`, onclick: answer(false) }, t("plan.sendback")),
  );
}

function selfAssessment(root, app, personId, gaps, own) {
  const competence = competenceSelect(app, gaps, "assess-competence");
  const level = h("select", { "data-testid": "assess-level", "aria-label": t("col.level") });
  const fillLevels = () => level.replaceChildren(...levelOptions(app, competence.value, -1));
  competence.addEventListener("change", fillLevels);
  fillLevels();
  const note = h("span", { class: "muted", "data-testid": "assess-saved" });
  return h(
    "form",
    {
      class: "card",
      onsubmit: async (e) => {
        e.preventDefault();
        const ok = await app.busy("busy", () =>
          call("AssessmentService/RecordAssessment", {
            personId,
            competenceId: competence.value,
            level: Number(level.value),
            source: "SELF",
          }),
        );
        if (ok) {
          await renderPerson(root, app, personId, own);
          root.querySelector("[data-testid=assess-saved]").textContent = t("learner.assess.saved");
        }
      },
    },
    h("h2", {}, t("learner.assess")),
    h("div", { class: "row" }, competence, level, h("button", { type: "submit", "data-testid": "assess-save" }, t("learner.assess.save")), note),
  );
}
