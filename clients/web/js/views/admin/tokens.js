// «Tilgang»: an ADMIN's view of the API tokens and sign-in sessions
// (AuthService.ListTokens): who each is for, its grant, when it was made,
// last used and ends; revoking one ends it at once. A new token's secret is
// shown once, right after CreateToken, and never again.
import { call } from "../../api.js";
import { h, table } from "../../dom.js";
import { t } from "../../i18n.js";
import { field, fromLocalInput, input, select, submit } from "./form.js";

const GRANTS = ["EMPLOYEE", "MANAGER", "HR", "ADMIN", "AGGREGATE"];
const KINDS = ["", "API_TOKEN", "SESSION", "CALENDAR_FEED"];
const state = { kind: "", validOnly: true, tokens: [], created: null, draft: { grant: "EMPLOYEE", personId: "", description: "", expires: "" } };

export async function renderTokens(main, app) {
  const answer = await app.busy("busy", () => call("AuthService/ListTokens", { kind: state.kind || undefined, validOnly: state.validOnly }));
  if (!answer) return;
  state.tokens = answer.tokens || [];
  drawTokens(main, app);
}

const bare = (grant) => String(grant || "").replace(/^GRANT_/, "");

// A time as the browser's local date and time, "–" for none.
function when(rfc3339) {
  if (!rfc3339 || rfc3339.startsWith("1970-01-01")) return "–";
  return new Date(rfc3339).toLocaleString(t("admin.locale"), { dateStyle: "short", timeStyle: "short" });
}

function status(token, now) {
  if (token.revokedAt) return { key: "tokens.revoked", cls: "revoked" };
  if (token.expiresAt && new Date(token.expiresAt) <= now) return { key: "tokens.expired", cls: "revoked" };
  return { key: "tokens.valid", cls: "valid" };
}

function drawTokens(main, app) {
  const reload = () => renderTokens(main, app);
  const kind = select(state.kind, KINDS.map((k) => ({ value: k, label: t(`tokens.kind.${k || "all"}`) })), {
    "data-testid": "tokens-kind",
    "aria-label": t("tokens.kind"),
    onchange: (e) => {
      state.kind = e.target.value;
      reload();
    },
  });
  const validOnly = h("input", {
    type: "checkbox",
    checked: state.validOnly,
    "data-testid": "tokens-valid-only",
    onchange: (e) => {
      state.validOnly = e.target.checked;
      reload();
    },
  });
  const now = new Date();
  const mine = app.me?.token?.id;
  main.replaceChildren(
    h("h1", {}, t("tokens.title")),
    createForm(app, reload),
    h(
      "div",
      { class: "card" },
      h("h2", {}, t("tokens.list")),
      h("div", { class: "row" }, h("label", {}, `${t("tokens.kind")} `, kind), h("label", {}, validOnly, ` ${t("tokens.validonly")}`)),
      table(
        [
          { label: t("admin.id") },
          { label: t("tokens.kind") },
          { label: t("tokens.grant") },
          { label: t("team.person") },
          { label: t("admin.description") },
          { label: t("tokens.created") },
          { label: t("tokens.lastused") },
          { label: t("tokens.expires") },
          { label: t("tokens.status") },
          { label: "" },
        ],
        state.tokens.map((x) => {
          const s = status(x, now);
          return h(
            "tr",
            { "data-testid": `token-${x.id}`, class: s.cls },
            h("td", {}, h("code", {}, x.id)),
            h("td", {}, t(`tokens.kind.${x.kind || "all"}`)),
            h("td", {}, t(`grant.${bare(x.grant)}`)),
            h("td", {}, x.personId || "–"),
            h("td", {}, x.description || "", x.issuer ? h("div", { class: "muted small" }, x.issuer) : null),
            h("td", {}, when(x.createdAt)),
            h("td", {}, when(x.lastUsedAt)),
            h("td", {}, when(x.expiresAt)),
            h("td", { "data-testid": "token-status" }, t(s.key)),
            h(
              "td",
              {},
              x.id === mine
                ? h("span", { class: "muted" }, t("tokens.yours"))
                : s.cls === "valid"
                  ? h("button", { type: "button", class: "danger", "data-testid": `revoke-${x.id}`, onclick: () => revoke(app, x.id, reload) }, t("tokens.revoke"))
                  : null,
            ),
          );
        }),
        { "data-testid": "tokens" },
      ),
    ),
  );
}

function createForm(app, reload) {
  const d = state.draft;
  const set = (key) => (e) => (d[key] = e.target.value);
  const secret = state.created
    ? h(
        "div",
        { class: "notice secret", "data-testid": "token-created" },
        h("p", {}, h("strong", {}, t("tokens.secret.once"))),
        h("input", { type: "text", readonly: true, class: "wide mono", value: state.created.token, "data-testid": "token-secret", "aria-label": t("tokens.secret"), onfocus: (e) => e.target.select() }),
      )
    : null;
  const form = h(
    "form",
    { class: "card admin-form", "data-testid": "token-form", onsubmit: (e) => e.preventDefault() },
    h("h2", {}, t("tokens.new")),
    h("p", { class: "muted" }, t("tokens.help")),
    h(
      "div",
      { class: "fields" },
      field(t("tokens.grant"), "grant", select(d.grant, GRANTS.map((g) => ({ value: g, label: t(`grant.${g}`) })), { onchange: set("grant") })),
      field(t("team.person"), "person_id", input(d.personId, { class: "short", placeholder: "E1062", oninput: set("personId") }), "person"),
      field(t("admin.description"), "description", input(d.description, { class: "wide", oninput: set("description") })),
      field(t("tokens.expires"), "expires_at", input(d.expires, { type: "datetime-local", oninput: set("expires") }), "expires"),
    ),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", "data-testid": "token-create", onclick: () => create(app, form, reload) }, t("tokens.create")),
      h("span", { class: "form-status" }),
    ),
    secret,
  );
  // Shown once: drawn again (another filter, a revoke), the page forgets it.
  state.created = null;
  return form;
}

async function create(app, form, reload) {
  const d = state.draft;
  const request = { grant: `GRANT_${d.grant}`, personId: d.personId.trim(), description: d.description };
  const expires = fromLocalInput(d.expires);
  if (expires) request.expiresAt = expires;
  const made = await submit(app, form, () => call("AuthService/CreateToken", request));
  if (!made) return;
  state.draft = { grant: d.grant, personId: "", description: "", expires: "" };
  state.created = made;
  reload();
}

async function revoke(app, id, reload) {
  const done = await app.busy("admin.saving", () => call("AuthService/RevokeToken", { id }));
  if (done) reload();
}
