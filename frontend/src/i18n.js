// Every string of the interface, in Chinese (the default) and English. Each feature keeps its
// strings in its own table, src/i18n/<feature>.js exporting {zh: {...}, en: {...}}; every table
// there is merged here (Vite's import.meta.glob), so a new feature adds a file and no line here.
// Names that come with the data (districts, parks, industries) are chosen by `nameOf`.
const TABLES = import.meta.glob("./i18n/*.js", { eager: true, import: "default" });

/** The merged tables; a key defined by two tables is a mistake, reported once at start. */
const STRINGS = { zh: {}, en: {} };
for (const [file, table] of Object.entries(TABLES)) {
  for (const lang of Object.keys(STRINGS)) {
    for (const [key, text] of Object.entries(table[lang] ?? {})) {
      if (key in STRINGS[lang]) console.error(`i18n: ${key} defined twice (${file})`);
      STRINGS[lang][key] = text;
    }
  }
}

export const LANGUAGES = Object.keys(STRINGS);
let current = "zh";

export function setLanguage(lang) {
  current = STRINGS[lang] ? lang : "zh";
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  document.title = t("app.title");
  applyStaticStrings(document);
  // The language switch is worded in the language it switches to.
  document.getElementById("language-button")?.setAttribute("lang", current === "zh" ? "en" : "zh-CN");
}

export function language() {
  return current;
}

/** The string for `key` in the current language, with {placeholders} filled from `params`. */
export function t(key, params = {}) {
  const text = STRINGS[current][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : ""));
}

const NUMERALS = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** A section of the plan as the reader numbers it: "四、（六）" in Chinese, "4.6" in English. */
export function planSection(section) {
  if (current === "zh" || !section) return section ?? "";
  const numbers = [...section.matchAll(/[一二三四五六七八九十]+/g)].map(([n]) =>
    n.length === 1 ? NUMERALS[n] : n === "十" ? 10 : 10 * (NUMERALS[n[0]] ?? 1) + (NUMERALS[n.at(-1)] ?? 0),
  );
  return numbers.length ? numbers.join(".") : section;
}

/** What went wrong, in the reader's words: never the server's own (English, technical) text. */
export function errorText(error) {
  const status = error?.status ?? 0;
  if (status === 404) return t("error.not_found");
  if (status === 422 || status === 400) {
    const field = error.problem?.parameter;
    return field ? t("error.invalid_field", { field }) : t("error.invalid");
  }
  if (status === 429 || status === 503) return t("error.busy");
  if (status >= 500) return t("error.server");
  if (error instanceof TypeError) return t("error.network"); // fetch could not reach the server
  return t("error.unknown");
}

/** What the server said went wrong, in the reader's language: its worded refusal (a problem
 * with a `code`, told in the language the request asked for), else `errorText`. */
export function serverText(error) {
  const problem = error?.problem;
  if (problem?.code && problem.detail) return problem.detail;
  return errorText(error);
}

/** Names as a list, with the reader's separator ("、" in Chinese, ", " in English). */
export function joinNames(names) {
  return names.join(t("punct.names"));
}

/** A data record's name in the current language (`name_en` in English when present). */
export function nameOf(record) {
  if (!record) return "";
  return current === "en" && record.name_en ? record.name_en : record.name;
}

/** A {zh, en} object from the server, in the current language. */
export function localized(text) {
  if (!text) return "";
  return typeof text === "string" ? text : (text[current] ?? text.zh ?? "");
}

/** A district's short name for map labels: "Jiangjin" rather than "Jiangjin District". */
export function shortDistrictName(record) {
  return current === "en" && record.name_en ? record.name_en.replace(/ District$/, "") : record.name;
}

/** An amount given in 亿元 (100 million yuan), as the plan writes it or in CNY billions. */
export function money(yi) {
  if (yi == null) return "";
  return t("money.yi", { value: formatNumber(yi), bn: formatNumber(yi / 10) });
}

/** A large amount in 亿元, written in 万亿元 (CNY trillion): 14000 → "1.4 万亿元". */
export function moneyLarge(yi) {
  return t("money.wanyi", { value: formatNumber(yi / 10000) });
}

export function formatNumber(value) {
  return new Intl.NumberFormat(current === "zh" ? "zh-CN" : "en-GB", {
    maximumFractionDigits: 2,
    useGrouping: current === "en",
  }).format(value);
}

export function formatDate(date) {
  return new Intl.DateTimeFormat(current === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "long",
  }).format(date);
}

/** Fill elements marked with data-i18n (text), data-i18n-label (aria-label),
 * data-i18n-placeholder and data-i18n-title. */
export function applyStaticStrings(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]"))
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]"))
    el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll("[data-i18n-title]"))
    el.setAttribute("title", t(el.dataset.i18nTitle));
}
