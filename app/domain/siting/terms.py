"""Understand a promoter's wording: the same concept in Chinese, in English or as a GB/T
4754-2017 class code leads to the same plan names, and so to the identical ranking.

1. a class code (C3841 or 3841) → the plan names of geodata/vocabulary/gbt4754_2017.csv;
2. English is normalised (case, hyphens, plural → singular) and looked up among the
   synonyms' English wordings and the plan's English names; a hit turns into the Chinese term;
3. a Chinese term in geodata/vocabulary/synonyms.yaml → its plan names (editorial links);
4. anything else is matched as written (matching.match_term).
Unmatched terms get suggestions ranked by closeness, never unrelated words."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.config import PROJECT_ROOT
from app.domain.matching import Match, Placement, Vocabulary, match_term

VOCABULARY_DIR = PROJECT_ROOT / "geodata" / "vocabulary"
_CODE = re.compile(r"^\s*([A-Za-z]?)\s*(\d{3,4})\s*$")
_KEEP_S = ("ss", "us", "is", "ics")  # glass, bus, chassis, electronics: not plurals to cut


def normalise_en(text: str) -> str:
    """'Power-Batteries ' → 'power battery': case, hyphens/underscores, spaces, plurals."""
    words = re.sub(r"[-_/]+", " ", text.strip().lower()).split()
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Synonym:
    term: str
    means: tuple[str, ...]
    en: tuple[str, ...]
    note: str | None
    source: str | None


@dataclass(frozen=True)
class IndustryClass:
    code: str
    name: str
    means: tuple[str, ...]
    note: str | None


@lru_cache(maxsize=4)
def synonyms(directory: Path = VOCABULARY_DIR) -> dict[str, Synonym]:
    with (directory / "synonyms.yaml").open(encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    table = {}
    for e in entries:
        table[e["term"]] = Synonym(
            e["term"], tuple(e["means"]), tuple(e.get("en") or ()), e.get("note"), e.get("source")
        )
    return table


@lru_cache(maxsize=4)
def industry_classes(directory: Path = VOCABULARY_DIR) -> dict[str, IndustryClass]:
    with (directory / "gbt4754_2017.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["code"]: IndustryClass(r["code"], r["name"], tuple(r["means"].split(";")),
                                 r["note"] or None)
        for r in rows
    }  # fmt: skip


def _english_index(vocabulary: Vocabulary) -> dict[str, str]:
    """Normalised English wording → the Chinese term it stands for."""
    index = {}
    for role in vocabulary.roles:
        index.setdefault(normalise_en(role["industry_en"]), role["industry"])
    for segment in vocabulary.segments:
        index.setdefault(normalise_en(segment["name_en"]), segment["name"])
    for cluster in vocabulary.clusters:
        index.setdefault(normalise_en(cluster["name_en"]), cluster["name"])
    for entry in synonyms().values():  # editorial wordings win over our own translations
        for wording in entry.en:
            index[normalise_en(wording)] = entry.term
        if entry.term.isascii():
            index[normalise_en(entry.term)] = entry.term
    return index


def _merge(term: str, placements: list[Placement]) -> Placement:
    merged = Placement(term=term)
    seen_matches, districts, parks = set(), {}, {}
    for p in placements:
        for m in p.matches:
            key = (m.kind, m.id, m.name)
            if key not in seen_matches:
                seen_matches.add(key)
                merged.matches.append(m)
        for d in p.districts:
            entry = districts.setdefault(d["adcode"], d | {"reasons": []})
            entry["reasons"] += [r for r in d["reasons"] if r not in entry["reasons"]]
        for park in p.parks:
            entry = parks.setdefault(park["id"], park | {"mentions": []})
            entry["mentions"] = sorted(set(entry["mentions"]) | set(park["mentions"]))
    from app.domain.matching import ROLE_RANK

    for d in districts.values():
        d["role"] = max((r["role"] for r in d["reasons"]), key=ROLE_RANK.__getitem__)
    merged.districts = sorted(
        districts.values(), key=lambda d: (-ROLE_RANK[d["role"]], d["plan_order"])
    )
    merged.parks = list(parks.values())
    return merged


def _concept(term: str, means: tuple[str, ...], vocabulary: Vocabulary) -> Placement:
    placement = _merge(
        term, [match_term(name, vocabulary, expand_key_products=True) for name in means]
    )
    return placement


def understand(raw: str, vocabulary: Vocabulary) -> tuple[Placement, dict | None]:
    """(placement, understood_as): what the term was taken to mean, or None when it was
    matched as written."""
    text = raw.strip()
    if code := _CODE.match(text):
        key = f"{(code[1] or 'C').upper()}{code[2]}"
        cls = industry_classes().get(key)
        if cls:
            placement = _concept(cls.code, cls.means, vocabulary)
            return placement, {
                "kind": "gbt4754", "code": cls.code, "name": cls.name, "means": list(cls.means),
                "basis": "editorial", "note": cls.note,
                "source": f"GB/T 4754-2017 {cls.code} {cls.name}",
            }  # fmt: skip
    term, via_english = text, None
    if text.isascii():
        zh = _english_index(vocabulary).get(normalise_en(text))
        if zh:
            term, via_english = zh, text
    entry = synonyms().get(term)
    if entry:
        placement = _concept(term, entry.means, vocabulary)
        return placement, {
            "kind": "synonym", "term": term, "english": via_english, "means": list(entry.means),
            "basis": "editorial", "note": entry.note, "source": entry.source,
        }  # fmt: skip
    placement = match_term(term, vocabulary, expand_key_products=True)
    understood = None
    if via_english:
        understood = {"kind": "english", "term": term, "english": via_english,
                      "means": [term], "basis": "translation"}  # fmt: skip
    if not placement.matches and not placement.parks:
        placement.suggestions = suggestions(text, vocabulary)
    return placement, understood


def suggestions(text: str, vocabulary: Vocabulary, n: int = 5) -> list[str]:
    """Plan names and synonyms closest to an unmatched term, closest first. A Chinese
    suggestion shares at least two characters with the term (so 电池包 never suggests 电梯)."""
    if text.isascii():
        wanted = normalise_en(text)
        index = _english_index(vocabulary)
        scored = [(difflib.SequenceMatcher(None, wanted, en).ratio(), zh)
                  for en, zh in index.items()]  # fmt: skip
        cutoff = 0.75
    else:
        names = set(vocabulary.names()) | set(synonyms())
        scored = []
        for name in names:
            shared = len(set(text) & set(name))
            if shared < min(2, len(set(text))):
                continue
            scored.append((difflib.SequenceMatcher(None, text, name).ratio(), name))
        cutoff = 0.4
    best: list[str] = []
    for score, name in sorted(scored, key=lambda s: (-s[0], s[1])):
        if score >= cutoff and name not in best:
            best.append(name)
    return best[:n]


__all__ = ["Match", "normalise_en", "synonyms", "industry_classes", "understand", "suggestions"]
