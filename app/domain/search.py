"""Search across districts, parks, industries, clusters and segments: Chinese substrings,
English names, and pinyin (full or initials) for names typed on a Latin keyboard."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

TYPE_ORDER = {"district": 0, "cluster": 1, "industry": 2, "segment": 3, "park": 4}


@lru_cache(maxsize=4096)
def pinyin_forms(name: str) -> tuple[str, str]:
    """('jiangjinqu', 'jjq') for 江津区."""
    full = "".join(lazy_pinyin(name, style=Style.NORMAL, errors="ignore")).lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    return full, initials


def _score(query: str, entry: dict) -> tuple[int, str] | None:
    """Higher is better; None when the entry does not match."""
    name = entry["name"]
    if query == name:
        return 100, "name"
    if name.startswith(query):
        return 90, "name"
    if query in name:
        return 80, "name"
    if not query.isascii():
        return None
    q = query.lower().replace(" ", "")
    name_en = (entry.get("name_en") or "").lower()
    if name_en and q in name_en.replace(" ", ""):
        return (70 if name_en.startswith(query.lower()) else 60), "english"
    full, initials = pinyin_forms(name)
    if full.startswith(q):
        return 65, "pinyin"
    if len(q) >= 2 and q in full:
        return 50, "pinyin"
    if len(q) >= 2 and initials.startswith(q):
        return 45, "initials"
    return None


def search(query: str, entries: list[dict], limit: int) -> list[dict]:
    query = query.strip()
    if not query:
        return []
    scored = []
    for entry in entries:
        hit = _score(query, entry)
        if hit:
            score, matched = hit
            scored.append((score, entry, matched))
    scored.sort(key=lambda s: (-s[0], TYPE_ORDER[s[1]["type"]], len(s[1]["name"]), s[1]["id"]))
    return [entry | {"match": matched} for _, entry, matched in scored[:limit]]
