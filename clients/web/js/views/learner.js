// «Min læringssti»: the signed-in person's profile, gaps and plan, and
// their own settings (the calendar feed, e-mail notifications).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { renderCalendarFeed } from "./calendar_feed.js";
import { renderNotifySettings } from "./notify_settings.js";
import { renderPerson } from "./person.js";

export async function renderLearner(main, app) {
  const body = h("div");
  const id = app.me.person?.id;
  main.replaceChildren(
    h("h1", {}, t("learner.title"), app.me.person ? ` – ${app.me.person.name}` : ""),
    body,
    ...(id ? [renderCalendarFeed(app, id), renderNotifySettings(app, app.me.person)] : []),
  );
  if (!id) {
    body.append(h("p", { class: "muted" }, t("learner.noperson")));
    return;
  }
  await renderPerson(body, app, id, true);
}
