// What is said about a plan (issue #15): its comments, oldest first, with a
// reply box for the person, their manager or HR; and the manager's answer
// to a proposed plan — approve it, with a word if they like, or send it
// back with the reason its person then sees on their plan.
import { call } from "../api.js";
import { h } from "../dom.js";
import { dateTime, t } from "../i18n.js";

const MAX = 4000;

function commentInput(testid, placeholder) {
  const input = h("textarea", { rows: 2, maxlength: MAX, placeholder, "aria-label": t("plan.comment"), "data-testid": testid });
  input.addEventListener("input", () => input.setCustomValidity(""));
  return input;
}

// Says `key` at the input and keeps the call from going.
function refuse(input, key) {
  input.setCustomValidity(t(key));
  input.reportValidity();
}

// The comments of `plan`, and a box to add one when `canWrite`.
export function planComments(app, plan, canWrite, onSaved) {
  const items = (plan.comments || []).map((c, i) =>
    h(
      "li",
      { class: c.status === "DRAFT" ? "sentback" : "", "data-testid": `plan-comment-${i}` },
      h(
        "div",
        { class: "muted" },
        c.authorName || t("plan.comments.unknown"),
        " · ",
        dateTime(c.at),
        c.status && c.status !== "PLAN_STATUS_UNSPECIFIED" ? [" · ", h("span", { class: "badge" }, t(`plan.comments.${c.status}`))] : null,
      ),
      h("div", { class: "comment-text", "data-testid": "plan-comment-text" }, c.text),
    ),
  );
  const box = h("div", { class: "card talk", "data-testid": "plan-comments" }, h("h3", {}, t("plan.comments")));
  box.append(items.length ? h("ol", { class: "comments" }, items) : h("p", { class: "muted" }, t("plan.comments.none")));
  if (!canWrite) return box;
  const input = commentInput("plan-comment-input", t("plan.comments.placeholder"));
  box.append(
    h(
      "form",
      {
        class: "row",
        onsubmit: async (e) => {
          e.preventDefault();
          const text = input.value.trim();
          if (!text) return refuse(input, "plan.comments.empty");
          const saved = await app.busy("busy", () => call("PlanService/AddPlanComment", { planId: plan.id, text }));
          if (saved) onSaved(saved);
        },
      },
      input,
      h("button", { type: "submit", "data-testid": "plan-comment-send" }, t("plan.comments.send")),
    ),
  );
  return box;
}

// Approve or send back a PROPOSED plan (a manager's or HR's view).
export function reviewControls(app, plan, onDone) {
  const input = commentInput("review-comment", t("plan.review.placeholder"));
  const answer = (status) => async () => {
    const comment = input.value.trim();
    if (status === "DRAFT" && !comment) return refuse(input, "plan.review.required");
    const saved = await app.busy("busy", () => call("PlanService/SetPlanStatus", { planId: plan.id, status, comment }));
    if (saved) onDone(saved);
  };
  return h(
    "div",
    { class: "card review", "data-testid": "review" },
    h("h3", {}, t("plan.review")),
    input,
    h(
      "div",
      { class: "row" },
      h("button", { class: "primary", type: "button", "data-testid": "approve", onclick: answer("APPROVED") }, t("plan.approve")),
      h("button", { type: "button", "data-testid": "send-back", onclick: answer("DRAFT") }, t("plan.review.sendback")),
    ),
  );
}
