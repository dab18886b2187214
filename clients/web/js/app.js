// The shell: sign-in, who is signed in, the views they may use, the
// language switch, and the busy/error bar every view reports through.
import { ApiError, call, demoUsers, endSession, hasToken, setToken, signInOffer } from "./api.js";
import { h } from "./dom.js";
import { errorParts } from "./errors.js";
import { language, setLanguage, t } from "./i18n.js";
import { renderCatalog } from "./views/admin/catalog.js";
import { renderPeople } from "./views/admin/people.js";
import { renderRoles } from "./views/admin/roles.js";
import { renderTokens } from "./views/admin/tokens.js";
import { renderHr } from "./views/hr.js";
import { renderImport } from "./views/import.js";
import { renderInbox } from "./views/inbox.js";
import { renderLearner } from "./views/learner.js";
import { renderTeam } from "./views/team.js";

const main = document.getElementById("main");
let me = null;          // WhoAmI answer
let catalog = null;     // competences and areas by id, from ListFrameworks

// Views each grant may open (the server decides; this only hides dead ends).
const VIEWS = {
  learner: { label: "nav.learner", render: renderLearner, grants: ["EMPLOYEE", "MANAGER", "HR", "ADMIN", "AGGREGATE"], needsPerson: true },
  team: { label: "nav.team", render: renderTeam, grants: ["MANAGER", "HR", "ADMIN", "AGGREGATE"] },
  inbox: { label: "nav.inbox", render: renderInbox, grants: ["MANAGER", "HR"] },
  hr: { label: "nav.hr", render: renderHr, grants: ["HR", "ADMIN", "AGGREGATE"] },
  import: { label: "nav.import", render: renderImport, grants: ["HR", "ADMIN"] },
  // Administration (issue #15 item 3): HR keeps the catalogue and reads the
  // rest; an ADMIN writes roles, units, people, position rules and tokens.
  catalog: { label: "nav.catalog", render: renderCatalog, grants: ["HR", "ADMIN"] },
  roles: { label: "nav.roles", render: renderRoles, grants: ["HR", "ADMIN"] },
  people: { label: "nav.people", render: renderPeople, grants: ["HR", "ADMIN"] },
  tokens: { label: "nav.tokens", render: renderTokens, grants: ["ADMIN"] },
};

export const app = {
  get me() {
    return me;
  },
  get grant() {
    return me ? me.token.grant.replace(/^GRANT_/, "") : "";
  },
  get catalog() {
    return catalog;
  },
  // Runs `work` with the busy bar showing `text`; shows the message of a
  // failed call and rethrows nothing (the view stays as it was).
  async busy(text, work) {
    const bar = document.getElementById("busy");
    document.getElementById("busy-text").textContent = t(text);
    bar.hidden = false;
    try {
      return await work();
    } catch (e) {
      showError(e);
      return undefined;
    } finally {
      bar.hidden = true;
    }
  },
  // A competence's or area's name in the interface's language (see
  // localized): as text, for titles and sentences, or as a label (a node
  // marked with its language when it is in another one).
  competenceName(id) {
    return textOf(catalog?.competences.get(id), id).text;
  },
  areaName(id) {
    return textOf(catalog?.areas.get(id), id).text;
  },
  // Plain text marked the only way a canvas or a tooltip can: "Safety (en)".
  areaPlain(id) {
    return plain(textOf(catalog?.areas.get(id), id));
  },
  competencePlain(id) {
    return plain(textOf(catalog?.competences.get(id), id));
  },
  competenceText(id) {
    return textOf(catalog?.competences.get(id), id);
  },
  competenceLabel(id) {
    return label(textOf(catalog?.competences.get(id), id));
  },
  areaText(id) {
    return textOf(catalog?.areas.get(id), id);
  },
  areaLabel(id) {
    return label(textOf(catalog?.areas.get(id), id));
  },
  // A level of a scale ({level, name, translations}) of the framework
  // `frameworkLanguage` is written in, as {text, lang}.
  levelText(level, frameworkLanguage) {
    return localized(level, frameworkLanguage);
  },
  rerender() {
    route();
  },
  // Hides the error bar (a form's write that succeeded after one that failed).
  clearError() {
    clearError();
  },
};

function showError(e) {
  const box = document.getElementById("error");
  box.replaceChildren(...errorParts(e));
  box.hidden = false;
  if (e instanceof ApiError && e.code === "unauthenticated") forget();
}

function clearError() {
  document.getElementById("error").hidden = true;
}

// The languages a text may be shown in for the interface's language, best
// first: Norwegian pages take bokmål, then nynorsk.
function wanted() {
  return language() === "nb" ? ["nb", "no", "nn"] : [language()];
}

const primary = (tag) => (tag || "").toLowerCase().split("-")[0];

// An entity's name ({name, translations}) for the interface's language: its
// own when the framework is written in it, else a translation in it, else
// the framework's own, and with the language it is in (lang: "" when it is
// the interface's), so it can be marked and never mixes in unmarked.
export function localized(entity, frameworkLanguage) {
  const want = wanted();
  const own = primary(frameworkLanguage);
  if (own && want[0] === own) return { text: entity.name, lang: "" };
  for (const l of want) {
    const tr = (entity.translations || []).find((x) => primary(x.language) === l);
    if (tr) return { text: tr.name, lang: l === want[0] ? "" : tr.language };
  }
  if (want.includes(own)) return { text: entity.name, lang: own === want[0] ? "" : frameworkLanguage };
  return { text: entity.name, lang: frameworkLanguage || "" };
}

function textOf(entry, id) {
  return entry ? localized(entry.entity, entry.language) : { text: id, lang: "" };
}

function plain({ text, lang }) {
  return lang ? `${text} (${lang})` : text;
}

function label({ text, lang }) {
  return lang ? h("span", { lang }, text) : text;
}

async function loadCatalog() {
  const answer = await call("FrameworkService/ListFrameworks", {});
  const competences = new Map();
  const areas = new Map();
  for (const f of answer.frameworks || []) {
    const language = f.language || "";
    for (const a of f.areas || []) {
      areas.set(a.id, { entity: a, language, framework: f.id });
      for (const c of a.competences || []) {
        competences.set(c.id, { entity: c, language, area: a.id, scale: c.scale?.levels?.length ? c.scale : f.scale });
      }
    }
  }
  catalog = { competences, areas, frameworks: answer.frameworks || [] };
}

function allowedViews() {
  return Object.entries(VIEWS).filter(([, v]) => v.grants.includes(app.grant) && (!v.needsPerson || me?.person?.id));
}

function renderChrome() {
  document.getElementById("lang").textContent = t("lang.switch");
  const signout = document.getElementById("signout");
  signout.textContent = t("signout");
  signout.hidden = !me;
  const who = document.getElementById("who");
  who.textContent = me
    ? `${me.person?.name || t("who.service")} · ${t(`grant.${app.grant}`)}`
    : "";
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  if (!me) return;
  const current = (location.hash.match(/^#\/(\w+)/) || [])[1];
  for (const [name, v] of allowedViews()) {
    nav.append(h("a", { href: `#/${name}`, class: current === name ? "active" : "", "data-testid": `nav-${name}` }, t(v.label)));
  }
}

// Each rendering of the sign-in page; one that an earlier, slower one
// would overwrite (a sign-out and the hash change it causes) wins.
let signInRenders = 0;

async function renderSignIn() {
  const mine = ++signInRenders;
  const offer = await signInOffer();
  if (mine !== signInRenders) return;
  const input = h("input", { type: "password", autocomplete: "off", placeholder: "tok_…", "aria-label": t("signin.token"), "data-testid": "token" });
  const form = h(
    "form",
    {
      class: "card signin",
      onsubmit: (e) => {
        e.preventDefault();
        signIn(input.value.trim());
      },
    },
    h("h1", {}, t("signin.title")),
  );
  if (offer.provider) {
    // The server signs in with the organisation's provider and comes back here.
    const back = encodeURIComponent(`/${location.hash}`);
    form.append(h("a", { class: "button primary", href: `/auth/login?return_to=${back}`, "data-testid": "signin-provider" }, offer.label));
  }
  if (offer.tokenSignIn) {
    form.append(
      h("p", { class: "muted" }, t(offer.provider ? "signin.token.also" : "signin.help")),
      input,
      h("button", { class: offer.provider ? "" : "primary", type: "submit", "data-testid": "signin" }, t("signin.go")),
    );
  }
  main.replaceChildren(form);
  const users = await demoUsers();
  if (mine !== signInRenders) return;
  if (users.length) {
    form.append(
      h("h2", {}, t("signin.demo")),
      h("p", { class: "muted" }, t("signin.demo.help")),
      h(
        "div",
        { class: "demo-users" },
        users.map((u) =>
          h(
            "button",
            { type: "button", "data-testid": `demo-${u.grant}`, onclick: () => signIn(u.token) },
            `${t(`grant.${u.grant}`)} · ${u.personId}`,
            h("small", {}, u.description),
          ),
        ),
      ),
    );
  }
}

async function signIn(token) {
  clearError();
  if (!token) return;
  setToken(token);
  const ok = await app.busy("busy", async () => {
    me = await call("AuthService/WhoAmI", {});
    await loadCatalog();
    return true;
  });
  if (!ok) {
    setToken("");
    me = null;
    return renderSignIn();
  }
  const first = allowedViews()[0];
  location.hash = first ? `#/${first[0]}` : "#/";
  route();
}

// Signed out here: a pasted token is forgotten; a session from the
// provider ends on the server (and at the provider), which sends the browser
// back.
function signOut() {
  if (!hasToken() && me) return endSession();
  forget();
}

// Back to the sign-in page without asking the server (the token or the
// session is no longer valid).
function forget() {
  setToken("");
  me = null;
  catalog = null;
  // A new hash routes (hashchange), which renders the sign-in page; the
  // page is rendered here only when the hash stays as it is.
  if (location.hash !== "#/") {
    location.hash = "#/";
    return;
  }
  renderChrome();
  renderSignIn();
}

async function route() {
  renderChrome();
  if (!me) return renderSignIn();
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const view = allowedViews().find(([n]) => n === name) || allowedViews()[0];
  if (!view) {
    main.replaceChildren(h("p", { class: "muted" }, t("empty")));
    return;
  }
  clearError();
  await view[1].render(main, app, location.hash);
}

document.getElementById("lang").addEventListener("click", () => {
  setLanguage(language() === "nb" ? "en" : "nb");
  route();
});
document.getElementById("signout").addEventListener("click", signOut);
window.addEventListener("hashchange", route);

setLanguage(language());
if (hasToken()) {
  app
    .busy("busy", async () => {
      me = await call("AuthService/WhoAmI", {});
      await loadCatalog();
    })
    .then(route);
} else {
  // A session from signing in through the provider, in this tab or another.
  call("AuthService/WhoAmI", {})
    .then(async (who) => {
      me = who;
      await loadCatalog();
    })
    .catch(() => {
      me = null;
    })
    .then(route);
}
