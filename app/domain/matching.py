"""Where does the plan put an industry? Matches a free-text term (an industry, a cluster, a
focus segment or a key product, in Chinese or English) against the plan's vocabulary and
returns the districts with their role and the parks that mention it. Framework-free: it works
on rows the service fetched."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

# How specific a district's role for a term is; the map shows the best one.
ROLE_RANK = {"segment": 3, "leading": 2, "specialty": 1}


@dataclass
class Vocabulary:
    roles: list[dict]
    clusters: list[dict]
    segments: list[dict]
    parks: list[dict]

    def names(self) -> list[str]:
        names = {r["industry"] for r in self.roles} | {c["name"] for c in self.clusters}
        names |= {s["name"] for s in self.segments}
        names |= {p for c in self.clusters for p in c["key_products"]}
        return sorted(names)


@dataclass
class Match:
    kind: str  # industry | segment | cluster | key_product
    id: str
    name: str
    name_en: str | None = None


@dataclass
class Placement:
    term: str
    matches: list[Match] = field(default_factory=list)
    districts: list[dict] = field(default_factory=list)
    parks: list[dict] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def _hit(term: str, name: str | None, name_en: str | None = None) -> bool:
    """A term names a vocabulary entry if either contains the other (Chinese), or the English
    name contains it (case-insensitive)."""
    if not name:
        return False
    if term in name or (len(term) >= 2 and name in term):
        return True
    return bool(name_en) and term.isascii() and term.lower() in name_en.lower()


def match_term(term: str, vocabulary: Vocabulary, expand_key_products: bool = False) -> Placement:
    """`expand_key_products`: a term that is only a key product of a cluster (e.g. 数控机床)
    also reaches the districts whose industries belong to that cluster, with `via` =
    "key_product". Site selection wants these weaker placements; /api/placements does not."""
    term = term.strip()
    result = Placement(term=term)
    if not term:
        return result

    matched_industries: dict[str, Match] = {}
    matched_clusters: dict[str, Match] = {}
    matched_segments: dict[str, Match] = {}
    product_clusters: dict[str, tuple[dict, list[str]]] = {}
    for role in vocabulary.roles:
        if _hit(term, role["industry"], role["industry_en"]):
            matched_industries[role["industry_id"]] = Match(
                "industry", role["industry_id"], role["industry"], role["industry_en"]
            )
    for segment in vocabulary.segments:
        if _hit(term, segment["name"], segment["name_en"]):
            matched_segments[segment["name"]] = Match(
                "segment", segment["name"], segment["name"], segment["name_en"]
            )
    for cluster in vocabulary.clusters:
        if _hit(term, cluster["name"], cluster["name_en"]):
            matched_clusters[cluster["id"]] = Match(
                "cluster", cluster["id"], cluster["name"], cluster["name_en"]
            )
        else:
            products = [p for p in cluster["key_products"] if _hit(term, p)]
            result.matches += [Match("key_product", cluster["id"], p) for p in products]
            if products and expand_key_products:
                product_clusters[cluster["id"]] = (cluster, products)
    result.matches = (
        list(matched_clusters.values())
        + list(matched_industries.values())
        + list(matched_segments.values())
        + result.matches
    )

    districts: dict[str, dict] = {}
    for role in vocabulary.roles:
        reasons = []
        segments_hit = [s for s in role["segment_names"] if s in matched_segments]
        if segments_hit:
            reasons += [
                {"role": "segment", "segment": s, "industry": role["industry"],
                 "industry_id": role["industry_id"], "via": "segment"}
                for s in segments_hit
            ]  # fmt: skip
        if role["industry_id"] in matched_industries:
            reasons.append(
                {"role": role["role"], "industry": role["industry"],
                 "industry_id": role["industry_id"], "via": "industry"}
            )  # fmt: skip
        clusters_hit = [c for c in role["cluster_ids"] if c in matched_clusters]
        if clusters_hit and role["industry_id"] not in matched_industries:
            reasons += [
                {"role": role["role"], "industry": role["industry"],
                 "industry_id": role["industry_id"], "via": "cluster", "cluster_id": c,
                 "cluster": matched_clusters[c].name}
                for c in clusters_hit
            ]  # fmt: skip
        if not reasons:
            # Only when nothing closer names the district: a key product reaches it through
            # the cluster its industry belongs to (an editorial link, so the weakest reason).
            reasons += [
                {"role": role["role"], "industry": role["industry"],
                 "industry_id": role["industry_id"], "via": "key_product", "cluster_id": c,
                 "cluster": product_clusters[c][0]["name"], "products": product_clusters[c][1]}
                for c in role["cluster_ids"] if c in product_clusters
            ]  # fmt: skip
        if not reasons:
            continue
        entry = districts.setdefault(
            role["district_adcode"],
            {
                "adcode": role["district_adcode"],
                "name": role["district"],
                "name_en": role["district_en"],
                "plan_order": role["plan_order"],
                "reasons": [],
            },
        )
        entry["reasons"] += reasons
    for entry in districts.values():
        entry["role"] = max((r["role"] for r in entry["reasons"]), key=ROLE_RANK.__getitem__)
    result.districts = sorted(
        districts.values(), key=lambda d: (-ROLE_RANK[d["role"]], d["plan_order"])
    )

    names = {m.name for m in result.matches} | {term}
    for park in vocabulary.parks:
        text = park["industries"] or ""
        mentioned = sorted(n for n in names if n and n in text)
        if mentioned:
            result.parks.append(park | {"mentions": mentioned})

    if not result.matches:
        result.suggestions = difflib.get_close_matches(term, vocabulary.names(), n=5, cutoff=0.3)
    return result
