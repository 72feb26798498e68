"""Every weight of site selection, in one table keyed by reason code, each with what it means.
The answer returns the table it used (`weights`); README.md works an example through it.

A candidate's score is the sum of its reasons' points. How the parts relate:
- plan points (section 四 names the district for the industry; only the best plan reason
  counts) dominate everything a park can add, so a park in a district the plan names always
  ranks above one in a district linked only through a cluster (`named_tiers_dominate`);
- with `near`, distance is the largest park factor: proximity falls linearly from
  `proximity_max` at 0 km to 0 at `max_km` (or `proximity_horizon_km`), so between two
  parks of the same plan placement 22 km of distance outweighs a keyword hit and a level step;
- stated available land counts most among areas; a zone's extent that could hold the need
  counts less (the land inside may be taken); unknown area scores nothing and lowers
  `confidence`. A park known to be too small is not scored at all: it is excluded.
- chain points (the chain view: known firms of key_enterprises.csv on the industry's chain
  links in the district, and their partners up- or downstream there) are the district's, the
  same for each of its parks; at most `chain_cap`, counted in `named_tiers_dominate`. A 补链
  note (the company would fill a link 渝西 lacks) is cited, not scored.

To add a reason: add its code here with points and meaning, and its wording to
reasons.REASONS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Weight:
    points: float
    meaning: str
    # plan | fit | area | level | distance | chain | rule: what `confidence` groups by;
    # limit: a cap on other points, not a reason of its own
    factor: str


WEIGHT_TABLE: dict[str, Weight] = {
    "plan_segment": Weight(200, "the district lists the term as a focus segment of a leading "
                           "industry (section 四)", "plan"),
    "plan_leading": Weight(190, "the term is one of the district's leading industries "
                           "(优先发展)", "plan"),
    "plan_specialty": Weight(180, "the term is one of the district's specialty industries "
                             "(特色发展)", "plan"),
    "plan_cluster": Weight(60, "the term names a cluster of section 三 and one of the "
                           "district's industries belongs to it (the link is our reading)", "plan"),
    "plan_key_product": Weight(50, "section 三 names the term as a product of a cluster that one "
                               "of the district's industries belongs to (weakest link)", "plan"),
    "park_mentions": Weight(15, "the park's stated industries name the term or a matched plan "
                            "name", "fit"),
    "park_keyword": Weight(8, "the park's stated industries carry a keyword of a matched cluster "
                           "(editorial keyword table; only when park_mentions does not apply)",
                           "fit"),
    "area_available_fits": Weight(20, "the park's stated available land (e.g. 预留工业用地) is "
                                  "at least the land needed", "area"),
    "area_extent_fits": Weight(6, "the park's stated extent (approved, planned or managed area) "
                               "could hold the land needed; land actually free is unknown", "area"),
    "level_national": Weight(4, "national zone, or a component of one", "level"),
    "level_bonded": Weight(4, "comprehensive bonded zone (State Council)", "level"),
    "level_municipal": Weight(2, "municipal park or zone", "level"),
    "level_district": Weight(1, "district-level park", "level"),
    "distance": Weight(50, "proximity_max: with near, linear from these points at 0 km to 0 at "
                       "max_km (or proximity_horizon_km without a limit)", "distance"),
    "chain_firms": Weight(2, "per known operating firm (key_enterprises.csv) on the industry's "
                          "chain links in the district; at most chain_firms_cap (firms not yet "
                          "operating are cited, not scored)", "chain"),
    "chain_firms_cap": Weight(4, "the most chain_firms can add", "limit"),
    "chain_partners": Weight(1, "per known firm in the district on a link directly upstream or "
                             "downstream of the industry's (editorial chain links); at most "
                             "chain_partners_cap", "chain"),
    "chain_partners_cap": Weight(1, "the most chain_partners can add", "limit"),
    "chain_cap": Weight(5, "the most chain points a district, and each park in it, can get",
                        "limit"),
    "chain_fills_gap": Weight(0, "补链: the industry's link has no known operating firm in 渝西 "
                              "(or no district's section 四 entry names it); cited, not scored",
                              "chain"),
    "plan_rule_icnev_parts": Weight(0, "三、（一）'s rule for ICNEV parts makers from outside "
                                    "Chongqing steers to 渝西 as a whole; cited on every "
                                    "candidate, it cannot reorder candidates all in 渝西", "rule"),
}  # fmt: skip

PROXIMITY_HORIZON_KM = 100.0


class ScoringWeights(Mapping):
    """The weight table (optionally with overrides), read as `w["plan_segment"]` or
    `w.plan_segment` (points)."""

    def __init__(self, overrides: Mapping[str, float] | None = None,
                 horizon_km: float = PROXIMITY_HORIZON_KM):  # fmt: skip
        unknown = set(overrides or {}) - set(WEIGHT_TABLE)
        if unknown:
            raise KeyError(f"no such weight: {', '.join(sorted(unknown))}")
        self._points = {code: w.points for code, w in WEIGHT_TABLE.items()} | dict(overrides or {})
        self.proximity_horizon_km = horizon_km
        self._factor_max: dict[str, float] = {}
        for code, weight in WEIGHT_TABLE.items():
            best = self._factor_max.get(weight.factor, 0)
            self._factor_max[weight.factor] = max(best, self._points[code])

    def __getitem__(self, code: str) -> float:
        return self._points[code]

    def __iter__(self):
        return iter(self._points)

    def __len__(self) -> int:
        return len(self._points)

    def __getattr__(self, code: str) -> float:
        try:
            return self.__dict__["_points"][code]
        except KeyError:
            raise AttributeError(code) from None

    def get_points(self, code: str) -> float:
        return self._points.get(code, 0)

    @property
    def proximity_max(self) -> float:
        return self._points["distance"]

    def factor_max(self, factor: str) -> float:
        """The most points one reason of this factor can add (a candidate has one per factor)."""
        return self._factor_max.get(factor, 0)

    def best_park_bonus(self) -> float:
        parks = sum(self.factor_max(f) for f in ("fit", "area", "level", "distance"))
        return parks + self.chain_points_max()

    def chain_points_max(self) -> float:
        return min(self.chain_cap, self.chain_firms_cap + self.chain_partners_cap)

    def named_tiers_dominate(self) -> bool:
        lowest_named = min(self.plan_segment, self.plan_leading, self.plan_specialty)
        highest_indirect = max(self.plan_cluster, self.plan_key_product)
        return lowest_named > highest_indirect + self.best_park_bonus()

    def as_dict(self) -> dict:
        return dict(self._points) | {
            "proximity_horizon_km": self.proximity_horizon_km,
            "table": [
                {"code": code, "points": self[code], "factor": w.factor, "meaning": w.meaning}
                for code, w in WEIGHT_TABLE.items()
            ],
            "doc": " ".join((__doc__ or "").split()),
        }


WEIGHTS = ScoringWeights()
