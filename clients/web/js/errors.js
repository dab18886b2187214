// What a failed call says to the reader: a sentence in the page's language
// for the kind of error (its Connect code) naming the field where there is
// one, and the server's own wording after it, which is English and marked
// so (lang="en") on a Norwegian page, with the method and code for support.
import { ApiError } from "./api.js";
import { h } from "./dom.js";
import { language, t } from "./i18n.js";

const KNOWN = new Set([
  "invalid_argument",
  "not_found",
  "permission_denied",
  "failed_precondition",
  "already_exists",
  "unauthenticated",
  "unavailable",
  "resource_exhausted",
  "deadline_exceeded",
  "aborted",
  "out_of_range",
]);

// The field path an INVALID_ARGUMENT message starts with ("comment: ..."),
// and the problem after it; null when it names none.
export function fieldOf(message) {
  const m = /^([A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*(?:\[\d+\])?)*): ([\s\S]+)$/.exec(message || "");
  return m ? { path: m[1], problem: m[2] } : null;
}

// The reader's sentence for `error` (an ApiError or anything thrown).
export function headline(error) {
  if (!(error instanceof ApiError)) return t("error.code.internal");
  const code = KNOWN.has(error.code) ? error.code : "internal";
  const named = code === "invalid_argument" ? fieldOf(error.message) : null;
  return named ? t("error.field").replace("{field}", named.path) : t(`error.code.${code}`);
}

// The server's wording, marked as English where the page is not.
export function serverWords(text) {
  return h("span", { class: "detail", lang: language() === "en" ? undefined : "en" }, text);
}

// The error bar's content for `error`.
export function errorParts(error) {
  const parts = [`${t("error.prefix")}: ${headline(error)} `];
  if (error instanceof ApiError) {
    parts.push(h("span", { class: "muted" }, `${t("error.server")}: `), serverWords(`${error.message} (${error.method}, ${error.code})`));
  } else {
    parts.push(serverWords(String(error?.message || error)));
  }
  return parts;
}
