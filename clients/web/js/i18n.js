// Texts in Norwegian bokmål (the default) and English, by topic in texts/.
import admin from "./texts/admin.js";
import base from "./texts/base.js";
import daily from "./texts/daily.js";

const texts = {
  nb: { ...base.nb, ...daily.nb, ...admin.nb },
  en: { ...base.en, ...daily.en, ...admin.en },
};

let lang = localStorage.getItem("skillpath.lang") || "nb";

export function language() {
  return lang;
}

export function setLanguage(value) {
  lang = texts[value] ? value : "nb";
  localStorage.setItem("skillpath.lang", lang);
  document.documentElement.lang = lang;
}

// The text for `key`; unknown keys show themselves (so a gap is visible).
export function t(key) {
  return texts[lang][key] ?? texts.nb[key] ?? key;
}

export function number(value, digits = 0) {
  return new Intl.NumberFormat(lang === "nb" ? "nb-NO" : "en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value || 0);
}

// A moment as date and time in the browser's zone ("4. des. 2026, 09:30").
export function dateTime(rfc3339) {
  if (!rfc3339) return "";
  return new Intl.DateTimeFormat(lang === "nb" ? "nb-NO" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(rfc3339),
  );
}

export function date(rfc3339) {
  if (!rfc3339) return "";
  return new Intl.DateTimeFormat(lang === "nb" ? "nb-NO" : "en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(rfc3339),
  );
}
