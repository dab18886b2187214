// «Min læringssti»: the signed-in person's profile, gaps and plan.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { renderPerson } from "./person.js";

export async function renderLearner(main, app) {
  const body = h("div");
  main.replaceChildren(h("h1", {}, t("learner.title"), app.me.person ? ` – ${app.me.person.name}` : ""), body);
  if (!app.me.person?.id) {
    body.append(h("p", { class: "muted" }, t("learner.noperson")));
    return;
  }
  await renderPerson(body, app, app.me.person.id, true);
}
