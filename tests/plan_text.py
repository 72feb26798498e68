"""Expectations read from the plan's full text (geodata/plan/plan.txt), independently of the
database and of our YAML transcription of it."""

from __future__ import annotations

import re

from app.config import PROJECT_ROOT


def plan_districts_naming(term: str) -> set[str]:
    """The districts whose paragraph of section 四 (空间布局) names the term."""
    text = (PROJECT_ROOT / "geodata" / "plan" / "plan.txt").read_text(encoding="utf-8")
    section = re.sub(r"\s+", "", text.split("四、空间布局")[1].split("五、重点任务")[0])
    numeral = "（[一二三四五六七八]）"
    paragraphs = re.findall(rf"{numeral}(.{{2,3}}区)。(.*?)(?={numeral}|$)", section)
    return {name for name, body in paragraphs if term in body}


def plan_sections_three_and_four() -> str:
    """Sections 三 (主要产业方向) and 四 (空间布局), whitespace removed."""
    text = (PROJECT_ROOT / "geodata" / "plan" / "plan.txt").read_text(encoding="utf-8")
    return re.sub(r"\s+", "", text.split("三、主要产业方向")[1].split("五、重点任务")[0])


def _section_four() -> str:
    text = (PROJECT_ROOT / "geodata" / "plan" / "plan.txt").read_text(encoding="utf-8")
    return re.sub(r"\s+", "", text.split("四、空间布局")[1].split("五、重点任务")[0])


def _split_outside_brackets(text: str) -> list[str]:
    """ "A（x、y）、B" → ["A（x、y）", "B"]: the plan's 、 between items, not inside （…）."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"（": 1, "）": -1}.get(char, 0)
        if char == "、" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def plan_district_industries() -> dict[str, dict]:
    """Each district of section 四 as the plan words it: {name: {"leading": {industry: segments},
    "segments_open_ended": {industry: bool}, "specialty": [industries], "target": 亿元}}. An
    industry's name is its words without the bracketed segments (铜梁's "智能网联新能源汽车零部件
    （…）及摩托车" → 智能网联新能源汽车零部件及摩托车)."""
    numeral = "（[一二三四五六七八]）"
    paragraphs = re.findall(rf"{numeral}(.{{2,3}}区)。(.*?)(?={numeral}|$)", _section_four())
    districts = {}
    for name, body in paragraphs:
        leading_text, rest = body.split("优先发展", 1)[1].split("，特色发展", 1)
        specialty_text, target_text = rest.split("。到", 1)
        leading, open_ended = {}, {}
        for item in _split_outside_brackets(leading_text):
            bracket = re.search(r"（(.*?)）", item)
            industry = re.sub(r"（.*?）", "", item)
            segments = bracket.group(1) if bracket else ""
            open_ended[industry] = segments.endswith("等")
            leading[industry] = [s for s in segments.removesuffix("等").split("、") if s]
        specialty = specialty_text.removesuffix("等").split("、")
        target = int(re.search(r"营业收入(\d+)亿元", target_text).group(1))
        districts[name] = {
            "leading": leading,
            "segments_open_ended": open_ended,
            "specialty": specialty,
            "target": target,
        }
    return districts
