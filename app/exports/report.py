"""The 通报 as an A4 page (server-rendered HTML, print CSS, no script needed) and as an XLSX
workbook (openpyxl), in Chinese or English, from the one report of app/domain/actuals/report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.domain.actuals import words
from app.domain.actuals.report import period_label
from app.domain.siting import PLAN

_env = Environment(
    loader=PackageLoader("app", "templates/print"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

PROGRESS_WORDS = words.PROGRESS
UNRANKED_WORDS = words.UNRANKED
STATUS_WORDS = words.STATUS


TEXT = {
    lang: {key: text.replace("{plan}", PLAN) for key, text in words.items()}
    for lang, words in yaml.safe_load(
        (Path(__file__).with_name("report_text.yaml")).read_text(encoding="utf-8")
    ).items()
}


def _word(table: dict, key: str | None, lang: str) -> str:
    if key is None:
        return TEXT[lang]["none"]
    return words.word(table, key, lang) or key


def unit_word(unit: str, lang: str) -> str:
    word = words.word(words.UNITS, unit, lang)
    return unit if word is None else word


def as_stated(text: str, lang: str) -> str:
    """A value as its source states it; in English, Chinese wording is quoted as such."""
    return f"“{text}”" if lang != "zh" and _CJK.search(text) else text


_CJK = re.compile(r"[\u3400-\u9fff]")


def basis_word(report: dict, code: str, lang: str) -> str:
    """A basis (口径) in the reader's language, from the table of bases."""
    return code if lang == "zh" else report["bases"].get(code, code)


def _area(report: dict, code: str, lang: str) -> str:
    for d in report["districts"]:
        if d["adcode"] == code:
            return d["name"] if lang == "zh" else d["name_en"]
    return TEXT[lang]["yuxi" if code == "yuxi" else "city"]


def change_lines(report: dict, lang: str) -> list[str]:
    t = TEXT[lang]
    progress = lambda key: _word(PROGRESS_WORDS, key, lang)  # noqa: E731
    lines = []
    for c in report["changes"]:
        area = _area(report, c["area_code"], lang)
        if c["kind"] == "rank":
            before, after = c["before"] or t["unranked"], c["after"] or t["unranked"]
            lines.append(t["change_rank"].format(area=area, before=before, after=after))
        elif c["kind"] == "progress":
            words = {"before": progress(c["before"]), "after": progress(c["after"])}
            indicator = c["indicator"] if lang == "zh" else c.get("indicator_en") or c["indicator"]
            lines.append(t["change_progress"].format(area=area, indicator=indicator, **words))
        else:
            f = c["figure"]
            words = {
                "area": area,
                "measure": f["measure"] if lang == "zh" else f["measure_en"],
                "basis": f["basis"] if lang == "zh" else f["basis_en"],
                "unit": unit_word(f["unit"], lang),
            }
            if c["kind"] == "figure":
                before, after = as_stated(c["before"], lang), as_stated(c["after"], lang)
                lines.append(t["change_figure"].format(before=before, after=after, **words))
            else:
                value = as_stated(f["value_text"], lang)
                lines.append(t["change_new"].format(value=value, **words))
    return lines


def _headline_count(report: dict) -> int:
    return sum(1 for d in report["districts"] if d["revenue"] and d["revenue"]["actual"])


def html(report: dict, lang: str) -> str:
    return _env.get_template("report.html").render(
        r=report,
        t=TEXT[lang],
        lang=lang,
        period=period_label(report["year"], report["quarter"], lang),
        previous=report["previous"]
        and period_label(report["previous"]["year"], report["previous"]["quarter"], lang),
        progress_word=lambda key: _word(PROGRESS_WORDS, key, lang),
        status_word=lambda key: _word(STATUS_WORDS, key, lang),
        unranked_word=lambda key: _word(UNRANKED_WORDS, key, lang),
        basis_word=lambda code: basis_word(report, code, lang),
        unit_word=lambda unit: unit_word(unit, lang),
        changes=change_lines(report, lang),
        headline=TEXT[lang]["headline"].format(n=_headline_count(report)),
        plan=PLAN,
        colon="：" if lang == "zh" else ": ",
    )


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="2166AC")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for i, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[i - 1] or "")) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"


def xlsx(report: dict, lang: str) -> bytes:
    t = TEXT[lang]
    zh = lang == "zh"
    wb = Workbook()
    wb.remove(wb.active)
    criteria = report["ranking"]["criteria"]
    _sheet(
        wb,
        "排名" if zh else "Ranking",
        [t["rank"], t["district"], "adcode", t["score"], t["coverage"], t["tied"]]
        + [
            f"{c['name']}（{c['basis']}）"
            if zh
            else f"{c['name_en']} ({basis_word(report, c['basis'], lang)})"
            for c in criteria
        ],
        [
            [d["rank"], d["name"] if zh else d["name_en"], d["adcode"], d["score"], d["coverage"],
             d["tied"] or None]
            + [d["criteria"][c["code"]]["value"] for c in criteria]
            for d in report["districts"]
        ],
    )  # fmt: skip
    _sheet(
        wb,
        "各区进度" if zh else "District progress",
        [t["district"], "adcode", t["target"], t["path"], t["actual"], t["progress"],
         t["years_left"]],
        [
            [d["name"] if zh else d["name_en"], d["adcode"],
             d["revenue"]["target"] if d["revenue"] else None,
             d["revenue"]["path_value"] if d["revenue"] else None,
             d["revenue"]["actual"]["value"] if d["revenue"] and d["revenue"]["actual"] else None,
             _word(PROGRESS_WORDS, d["revenue"]["progress"] if d["revenue"] else "missing", lang),
             d["revenue"]["years_left"] if d["revenue"] else None]
            for d in report["districts"]
        ],
    )  # fmt: skip
    figures = [f for d in report["districts"] for f in d["figures"]] + report["region_figures"]
    _sheet(
        wb,
        "数字" if zh else "Figures",
        [t["district"], t["indicator"], t["basis"], t["period"], t["value"], "value_number",
         "qualifier", t["unit"], t["status"], t["refs"]],
        [
            [_area(report, f["area_code"], lang), f["indicator_as_stated"],
             f["basis"] if zh else f["basis_en"], f["period_label"], f["value_text"], f["value"],
             f["qualifier"], f["unit"], _word(STATUS_WORDS, f["status"], lang),
             " | ".join(f["sources"])]
            for f in figures
        ],
    )  # fmt: skip
    _sheet(
        wb,
        "全域指标" if zh else "Region targets",
        [t["indicator"], t["basis"], t["unit"], t["target"], t["path"], t["actual"],
         t["progress"]],
        [
            [tg["name"] if zh else tg["name_en"], basis_word(report, tg["basis"], lang),
             unit_word(tg["unit"], lang), tg["target"],
             tg["path_value"], tg["actual"]["value"] if tg["actual"] else None,
             _word(PROGRESS_WORDS, tg["progress"], lang)]
            for tg in report["targets"]
        ],
    )  # fmt: skip
    _sheet(
        wb, "变化" if zh else "Changes", [t["changes"]], [[c] for c in change_lines(report, lang)]
    )
    _sheet(
        wb,
        "来源" if zh else "Sources",
        ["#", "URL"],
        [[i, url] for i, url in enumerate(report["sources"], start=1)]
        + [[None, f"{s['title']} — {s['source']} ({s['licence']})"] for s in report["datasets"]]
        + [[None, t["rule"]], [None, t["path_rule"]], [None, t["points_rule"]]],
    )
    wb.properties.title = f"{t['title']} {period_label(report['year'], report['quarter'], lang)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
