// The words of plan progress in the reader's language, as the server serves them once
// (/api/measures: the bases from its table of bases, statuses, progress and units from
// app/domain/actuals/words.py). Nothing is re-derived here; a name the server does not know is
// shown as it is, marked as Chinese.
import { getJSON } from "../api.js";
import { h } from "../dom.js";
import { language } from "../i18n.js";

export const fetchMeasures = () => getJSON("/api/measures");

/** The word functions for one /api/measures answer. */
export function wordsOf(answer) {
  const bases = new Map(answer.bases.map((b) => [b.code, b]));
  const served = answer.words;
  const pick = (table, key) => {
    const entry = served[table][key];
    return entry ? entry[language()] : key;
  };
  return {
    basis: (code) => (language() === "en" ? (bases.get(code)?.name_en ?? code) : code),
    unit: (unit) => pick("units", unit),
    status: (status) => pick("status", status),
    progress: (key) => pick("progress", key),
    unranked: (reason) => pick("unranked", reason),
  };
}

/** A figure as its source states it (period, wording, value, unit): Chinese text, shown as is. */
export function asStated(figure) {
  return h(
    "span",
    { lang: "zh-CN", "data-verbatim": "" },
    `${figure.period_label} ${figure.indicator_as_stated}：${figure.value_text} ${figure.unit}`,
  );
}
