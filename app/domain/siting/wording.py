"""Small wording helpers of the site-selection reasons: distances, numbers, and the items of a
park's stated industry list."""

from __future__ import annotations

import re
from functools import lru_cache


def fmt_km(metres: float) -> str:
    km = metres / 1000
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def fmt_number(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"


def short_note(text: str | None) -> str:
    """The head of a long source note: up to the first （ or ；, as the sources lead with it."""
    return re.split(r"[（；(;]", text or "", maxsplit=1)[0].strip() or (text or "")


@lru_cache(maxsize=512)
def industry_items(text: str) -> tuple[str, ...]:
    """A park's industry list split at 、；，, but not inside brackets."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "（(" and 1 or char in "）)" and -1 or 0
        if depth <= 0 and char in "、；;，,":
            items.append(current.strip())
            current, depth = "", 0
        else:
            current += char
    return tuple(i for i in [*items, current.strip()] if i)


def excerpt(text: str, word: str) -> str:
    return next((item for item in industry_items(text) if word in item), word)
