// The page's words in the customer's language, from the server's catalogue (GET /app/words):
// the same place as the assistant's replies. A message is a text with {placeholders}, or its
// plural forms chosen by the value `count` (Intl.PluralRules: CLDR's categories, as Babel's).
// Money and dates are written with Intl in the locale of the language (as Babel does there).

const LOCALES = { fr: "fr-FR", en: "en-GB" };
export const LANGS = Object.keys(LOCALES);

let lang = "fr";
let words = {};
let plurals = new Intl.PluralRules(LOCALES.fr);
let zone = "Europe/Paris";
let formats = null;

function makeFormats(locale) {
  return {
    money: new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }),
    dateTime: new Intl.DateTimeFormat(locale, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: zone,
    }),
    date: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: zone }),
    weekday: new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: zone }),
    time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: zone }),
  };
}
formats = makeFormats(LOCALES.fr);

/** The language a visitor's browser asks for, among ours (French otherwise). */
export function browserLang() {
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const base = String(tag).slice(0, 2).toLowerCase();
    if (LANGS.includes(base)) return base;
  }
  return "fr";
}

export function currentLang() {
  return lang;
}

/** Load the words of `wanted` and write them into the page's static elements. */
export async function useLanguage(wanted, timezone = null) {
  const next = LANGS.includes(wanted) ? wanted : "fr";
  if (timezone) zone = timezone;
  const response = await fetch(`/app/words?lang=${next}`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`words ${response.status}`);
  const data = await response.json();
  lang = next;
  words = data.words;
  plurals = new Intl.PluralRules(LOCALES[lang]);
  formats = makeFormats(LOCALES[lang]);
  document.documentElement.lang = lang;
  translate(document);
}

export function has(id) {
  return Object.hasOwn(words, id);
}

/** The message `id` with its values; the id itself if the catalogue lacks it (seen in tests). */
export function t(id, values = {}) {
  let text = words[id];
  if (text === undefined) return id;
  if (typeof text === "object") {
    text = text[plurals.select(Number(values.count ?? 0))] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// Static elements name their words: data-i18n (text), data-i18n-label (aria-label),
// data-i18n-placeholder.
export function translate(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  if (has("title")) document.title = t("title");
}

export function euros(cents) {
  return formats.money.format((cents || 0) / 100);
}

export function when(iso) {
  return iso ? formats.dateTime.format(new Date(iso)) : "";
}

export function day(iso) {
  return iso ? formats.date.format(new Date(iso)) : "";
}

export function longDay(iso) {
  return iso ? formats.weekday.format(new Date(iso)) : "";
}

export function time(iso) {
  return iso ? formats.time.format(new Date(iso)) : "";
}
