// «Varsler på e-post»: what skillpath e-mails the signed-in person (issue
// #15): plans waiting for their approval, steps waiting for their
// confirmation, a session a week ahead; on or off, in bokmål or English.
// The person's own choice (OrgService.SetNotificationSettings).
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export function renderNotifySettings(app, person) {
  const note = h("span", { class: "muted", "data-testid": "notify-saved", "aria-live": "polite" });
  const email = h("input", { type: "checkbox", "data-testid": "notify-email", id: "notify-email" });
  email.checked = person.emailNotifications !== false;
  const language = h(
    "select",
    { "data-testid": "notify-language", id: "notify-language" },
    h("option", { value: "nb" }, "Norsk bokmål"),
    h("option", { value: "en" }, "English"),
  );
  language.value = person.language === "en" ? "en" : "nb";
  const save = async () => {
    const saved = await app.busy("busy", () =>
      call("OrgService/SetNotificationSettings", {
        personId: person.id,
        emailNotifications: email.checked,
        language: language.value,
      }),
    );
    if (saved) {
      person.emailNotifications = saved.emailNotifications;
      person.language = saved.language;
      note.textContent = saved.emailNotifications ? t("notify.saved.on") : t("notify.saved.off");
    }
  };
  email.addEventListener("change", save);
  language.addEventListener("change", save);
  return h(
    "div",
    { class: "card", "data-testid": "notify-settings" },
    h("h2", {}, t("notify.title")),
    h("p", { class: "muted" }, person.email ? t("notify.explain").replace("{email}", person.email) : t("notify.noaddress")),
    h("p", {}, email, " ", h("label", { for: "notify-email" }, t("notify.email"))),
    h("p", {}, h("label", { for: "notify-language" }, t("notify.language")), " ", language),
    note,
  );
}
