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
