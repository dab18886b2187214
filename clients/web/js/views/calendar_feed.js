// «Abonner i kalenderen»: the signed-in person's calendar feed (issue #14
// item 4). A feed URL carries a secret of its own, so Outlook, Google and
// Apple calendars can subscribe without a sign-in; the server shows the
// secret once, and a new address stops the one before. Stopping it makes
// the URL answer 404 at once.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export function renderCalendarFeed(app, personId) {
  const out = h("div", { "data-testid": "feed-result", "aria-live": "polite" });
  const show = (feed) => {
    const url = new URL(feed.path, location.origin).href;
    const field = h("input", { type: "text", readonly: "", value: url, "data-testid": "feed-url", "aria-label": t("feed.url"), size: 60 });
    const copied = h("span", { class: "muted" });
    out.replaceChildren(
      h("p", {}, t("feed.created")),
      h(
        "p",
        {},
        field,
        " ",
        h(
          "button",
          {
            type: "button",
            onclick: async () => {
              field.select();
              try {
                await navigator.clipboard.writeText(url);
                copied.textContent = t("feed.copied");
              } catch {
                copied.textContent = t("feed.copy.manual");
              }
            },
          },
          t("feed.copy"),
        ),
        " ",
        copied,
      ),
      h("p", { class: "muted" }, t("feed.once")),
    );
  };
  const create = async () => {
    const feed = await app.busy("busy", () => call("PlanService/CreateCalendarFeed", { personId }));
    if (feed) show(feed);
  };
  const revoke = async () => {
    const answer = await app.busy("busy", () => call("PlanService/RevokeCalendarFeed", { personId }));
    if (answer) out.replaceChildren(h("p", {}, answer.revoked ? t("feed.revoked") : t("feed.none")));
  };
  return h(
    "div",
    { class: "card", "data-testid": "calendar-feed" },
    h("h2", {}, t("feed.title")),
    h("p", { class: "muted" }, t("feed.explain")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", "data-testid": "feed-create", onclick: create }, t("feed.create")),
      h("button", { type: "button", "data-testid": "feed-revoke", onclick: revoke }, t("feed.revoke")),
    ),
    out,
  );
}
