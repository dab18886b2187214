// «Innboks»: what waits for a manager (or HR) in a unit — plans to approve
// or send back, completed steps to confirm, people with a required gap and
// no plan, ratings that expired — each opening the person below, where the
// buttons are.
import { call } from "../api.js";
import { h, table } from "../dom.js";
import { date, number, t } from "../i18n.js";
import { indented, managedUnits } from "../units.js";
import { renderPerson } from "./person.js";

const state = { unit: "" };

function section(title, count, testid, body) {
  return h("div", { class: "card", "data-testid": testid }, h("h2", {}, `${title} (${count})`), count ? body : h("p", { class: "muted" }, t("inbox.nothing")));
}

export async function renderInbox(main, app) {
  const list = await app.busy("busy", () => managedUnits(app));
  if (!list) return;
  // HR sees everyone by default; a manager their first unit.
  const choices = app.grant === "HR" ? [{ id: "", name: t("inbox.everyone"), depth: 0 }, ...list] : list;
  if (!choices.some((u) => u.id === state.unit)) state.unit = choices[0]?.id ?? "";
  const unitSelect = h(
    "select",
    { "data-testid": "inbox-unit", "aria-label": t("team.unit"), onchange: (e) => { state.unit = e.target.value; renderInbox(main, app); } },
    choices.map((u) => h("option", { value: u.id, selected: u.id === state.unit }, u.id ? `${indented(u)} (${u.id})` : u.name)),
  );
  const body = h("div", { "data-testid": "inbox-body" });
  const detail = h("div", { "data-testid": "person-detail" });
  main.replaceChildren(h("h1", {}, t("inbox.title")), h("div", { class: "row" }, h("label", {}, `${t("team.unit")} `, unitSelect)), body, detail);
  if (app.grant === "MANAGER" && !state.unit) {
    body.append(h("p", { class: "muted" }, t("inbox.nounits")));
    return;
  }
  const open = (personId, name) => () =>
    renderPerson(detail, app, personId, false, `${name} (${personId})`, () => renderLists(body, app, open)).then(() =>
      detail.scrollIntoView({ behavior: "smooth" }),
    );
  await renderLists(body, app, open);
}

// The four lists of the inbox into `body`; `open(personId, name)` makes the
// handler that shows a person below. After an answer only the lists are
// drawn again: the person stays open with what was just done.
async function renderLists(body, app, open) {
  const inbox = await app.busy("busy", () => call("PlanService/GetInbox", { orgUnitId: state.unit }));
  if (!inbox) return;
  const row = (testid, personId, name, ...cells) =>
    h("tr", { class: "person", tabindex: 0, "data-testid": testid, onclick: open(personId, name), onkeydown: (e) => e.key === "Enter" && open(personId, name)() }, h("td", {}, name), ...cells);

  const proposed = inbox.proposed || [];
  const pending = inbox.pending || [];
  const without = inbox.withoutPlan || [];
  const expired = inbox.expired || [];
  body.replaceChildren(
    section(
      t("inbox.proposed"),
      proposed.length,
      "inbox-proposed",
      table(
        [{ label: t("team.person") }, { label: t("inbox.since") }, { label: t("inbox.steps"), num: true }, { label: t("plan.hours"), num: true }, { label: t("plan.cost"), num: true }],
        proposed.map((p) =>
          row(`inbox-plan-${p.personId}`, p.personId, p.personName, h("td", {}, date(p.proposedAt)), h("td", { class: "num" }, p.stepCount || 0), h("td", { class: "num" }, number(p.totalHours, 1)), h("td", { class: "num" }, number(p.totalCost))),
        ),
      ),
    ),
    section(
      t("team.pending"),
      pending.length,
      "inbox-pending",
      table(
        [{ label: t("team.person") }, { label: t("hr.resource") }, { label: t("team.pending.since") }],
        pending.map((p) => row(`inbox-step-${p.personId}-${p.step.seq}`, p.personId, p.personName, h("td", {}, p.step.title), h("td", {}, date(p.step.claimedAt)))),
      ),
    ),
    section(
      t("inbox.withoutplan"),
      without.length,
      "inbox-withoutplan",
      table(
        [{ label: t("team.person") }, { label: t("team.unit") }, { label: t("inbox.unmet"), num: true }],
        without.map((p) => row(`inbox-noplan-${p.personId}`, p.personId, p.personName, h("td", {}, p.orgUnitId), h("td", { class: "num" }, p.requiredUnmet || 0))),
      ),
    ),
    section(
      t("inbox.expired"),
      expired.length,
      "inbox-expired",
      table(
        [{ label: t("team.person") }, { label: t("col.competence") }, { label: t("col.level"), num: true }, { label: t("col.source") }, { label: t("inbox.expiredat") }],
        expired.map((e) =>
          row(`inbox-expired-${e.personId}-${e.competenceId}`, e.personId, e.personName, h("td", {}, app.competenceLabel(e.competenceId)), h("td", { class: "num" }, e.level || 0), h("td", {}, t(`source.${e.source}`)), h("td", {}, date(e.expiredAt))),
        ),
      ),
    ),
  );
}
