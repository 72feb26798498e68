"""How a figure is written down: the value as the source states it, and the period it covers.

Used by the loader (geodata/actuals/district_actuals.csv) and by the import of editors'
figures, so both read '>1000', '约290' and '2023（1–9月）' the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.messages import Message, msg

# The 渝西 region and the whole municipality, as areas of a figure (not districts).
YUXI = "yuxi"
CHONGQING = "500000"
AREA_ALIASES = {
    "渝西地区（八区合计）": ("yuxi", YUXI),
    "渝西地区": ("yuxi", YUXI),
    "渝西": ("yuxi", YUXI),
    "重庆市（全市，对照）": ("city", CHONGQING),
    "重庆市": ("city", CHONGQING),
}

QUALIFIERS = {
    ">": ">",
    "＞": ">",
    "超": ">",
    "逾": ">",
    "≥": "≥",
    "<": "<",
    "＜": "<",
    "约": "≈",
    "≈": "≈",
}
PERIOD_KINDS = ("year", "months", "date", "span", "approx")
STATUSES = ("official", "provisional")


class FigureError(ValueError):
    """A value or period that cannot be read; `message` tells why in either language."""

    def __init__(self, message: Message):
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Value:
    text: str  # exactly as the source states it
    number: Decimal | None
    qualifier: str  # '=', '>', '≥', '<', '≈', or 'text' (no number: '渝西第一')


@dataclass(frozen=True)
class Period:
    label: str  # as stated; for a full year just the year
    kind: str  # year | months | date | span | approx
    year: int  # the year the figure belongs to (a span's last year)
    year_from: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    date: dt.date | None = None

    @property
    def full_year(self) -> bool:
        return self.kind == "year"


_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)$")


def parse_value(text: str) -> Value:
    """'1410' → 1410 '='; '>1000' → 1000 '>' (a lower bound); '约290' → 290 '≈'; '渝西第一' →
    no number ('text')."""
    raw = str(text).strip()
    if not raw:
        raise FigureError(msg("figure.value_empty"))
    body, qualifier = raw.replace(",", ""), "="
    for mark, q in QUALIFIERS.items():
        if body.startswith(mark):
            body, qualifier = body[len(mark) :].strip(), q
            break
    if match := _NUMBER.match(body):
        try:
            return Value(raw, Decimal(match.group(1)), qualifier)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
            raise FigureError(msg("figure.not_a_number", value=raw)) from exc
    if qualifier != "=" or re.search(r"\d", raw):
        raise FigureError(msg("figure.neither", value=raw))
    return Value(raw, None, "text")


_YEAR = re.compile(r"^(20\d\d)$")
_MONTHS = re.compile(r"^(20\d\d)（(\d{1,2})[–—-](\d{1,2})月）$")
_UP_TO = re.compile(r"^(20\d\d)（截至(\d{1,2})月）$")
_QUARTER = re.compile(r"^(20\d\d)（第([一二三四])季度）$")
_DATE = re.compile(r"^(20\d\d)（(20\d\d-\d\d-\d\d)）$")
_SPAN = re.compile(r"^(20\d\d)[–—-](20\d\d)（.*）$|^(20\d\d)[–—-](20\d\d)$")
_APPROX = re.compile(r"^(20\d\d)（约(\d{1,2})月）$")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_period(text: str) -> Period:
    """The `year` column: '2023', '2023（1–9月）', '2023（第一季度）', '2023（截至11月）',
    '2023（2023-07-31）', '2022–2024（截至2024-04）', '2024（约8月）'."""
    raw = str(text).strip().replace("(", "（").replace(")", "）")
    if m := _YEAR.match(raw):
        return Period(raw, "year", int(m.group(1)))
    if m := _MONTHS.match(raw):
        low, high = int(m.group(2)), int(m.group(3))
        if not 1 <= low <= high <= 12:
            raise FigureError(msg("figure.months", value=raw))
        if (low, high) == (1, 12):
            return Period(m.group(1), "year", int(m.group(1)))
        return Period(raw, "months", int(m.group(1)), month_from=low, month_to=high)
    if m := _UP_TO.match(raw):
        return Period(raw, "months", int(m.group(1)), month_from=1, month_to=int(m.group(2)))
    if m := _QUARTER.match(raw):
        q = _QUARTERS[m.group(2)]
        return Period(raw, "months", int(m.group(1)), month_from=3 * q - 2, month_to=3 * q)
    if m := _DATE.match(raw):
        try:
            day = dt.date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise FigureError(msg("figure.not_a_date", value=raw, date=m.group(2))) from exc
        if day.year != int(m.group(1)):
            raise FigureError(msg("figure.date_year", value=raw, year=m.group(1)))
        return Period(raw, "date", day.year, date=day)
    if m := _SPAN.match(raw):
        first, last = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
        if first >= last:
            raise FigureError(msg("figure.span", value=raw))
        return Period(raw, "span", last, year_from=first)
    if m := _APPROX.match(raw):
        month = int(m.group(2))
        return Period(raw, "approx", int(m.group(1)), month_from=month, month_to=month)
    raise FigureError(msg("figure.period", value=raw))


def quarter_of(period: Period) -> int | None:
    """The quarter a year-to-date figure closes (1–3月 → 1, 1–9月 → 3), else None."""
    if period.kind == "months" and period.month_from == 1 and period.month_to % 3 == 0:
        return period.month_to // 3
    return None


def split_sources(text: str) -> list[str]:
    return [s.strip() for s in str(text or "").split(" | ") if s.strip()]


def actual_record(
    measure: dict,
    area: tuple[str, str],
    period: Period,
    value: Value,
    *,
    stated: dict[str, str],
    status: str,
    sources: list[str],
    notes: str | None,
) -> dict:
    """A row of `actual`, from a figure read and checked (the shipped CSV or an editor's
    import): the measure's code, basis and unit; the area; the period and value parsed; and
    what the source stated (`area`, `subject`, `indicator`, `basis`), kept as stated."""
    kind, code = area
    return {
        "measure_code": measure["code"],
        "basis": measure["basis"],
        "unit": measure["unit"],
        "area_kind": kind,
        "area_code": code,
        "district_adcode": code if kind == "district" else None,
        "cluster_id": code.removeprefix("cluster:") if kind == "cluster" else None,
        "area_as_stated": stated["area"],
        "subject": stated.get("subject", ""),
        "indicator_as_stated": stated["indicator"],
        "basis_as_stated": stated["basis"],
        "year": period.year,
        "year_from": period.year_from,
        "period_kind": period.kind,
        "period_label": period.label,
        "month_from": period.month_from,
        "month_to": period.month_to,
        "period_date": period.date,
        "value_text": value.text,
        "value": value.number,
        "qualifier": value.qualifier,
        "status": status,
        "sources": sources,
        "notes": notes,
    }
