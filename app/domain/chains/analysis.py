"""The rules of the chain view, written once: on which basis a district, park or firm counts
for a node, a node's status (present / planned but thin / gap), and the promoter's targets.

Two bases are always told apart:
  literal   — only the node's own words count (the plan's section 四 entry, a park's stated
              industries or a firm's segment names the node itself)
  editorial — a documented equivalence counts too (电驱 ≈ 驱动电机, 热管理 ⊃ 电空调)
'related' matches never count; they are shown as the plans that come closest.

Status of a node on a basis:
  present       at least one known firm on the node is operating (投产/运营)
  planned_thin  no operating firm known, but a district's section 四 entry names the node
  gap           no operating firm known and no district's entry names it
Firms only signed or under construction are the node's pipeline; they do not make it present.
The firm table is a list of notable firms, not a register: “no firm known” is what it says.
"""

from __future__ import annotations

BASES = ("literal", "editorial")
STATUSES = ("present", "planned_thin", "gap")
_RANK = {"literal": 0, "editorial": 1, "related": 2}


def counts(match_basis: str, basis: str) -> bool:
    """Does a match of this kind count on this basis?"""
    return match_basis == "literal" or (basis == "editorial" and match_basis == "editorial")


def _merge(items: list[dict], key: str, keep: tuple[str, ...]) -> list[dict]:
    """One entry per key with its best basis and every term that matched it, in first order."""
    merged: dict[str, dict] = {}
    for item in items:
        term = {k: item.get(k) for k in ("term", "basis", "relation", "note", "note_en")}
        entry = merged.get(item[key])
        if entry is None:
            entry = merged[item[key]] = {k: item.get(k) for k in keep} | {
                "basis": item["basis"],
                "terms": [],
            }
        if _RANK[item["basis"]] < _RANK[entry["basis"]]:
            entry["basis"] = item["basis"]
        if term not in entry["terms"]:
            entry["terms"].append({k: v for k, v in term.items() if v is not None})
    return list(merged.values())


def shape_node(row: dict) -> dict:
    """A node row of the NODES query (JSON already decoded) with its matches merged."""
    node = {k: row[k] for k in ("id", "chain_id", "position", "name", "name_en", "group_id",
                                "group_name", "group_name_en", "tier", "plan_section",
                                "plan_quote")}  # fmt: skip
    node["districts"] = _merge(row["districts"], "adcode", ("adcode", "name", "name_en",
                                                             "plan_section"))  # fmt: skip
    node["parks"] = _merge(row["parks"], "id", ("id", "name", "name_en", "district_adcode",
                                                "location_precision"))  # fmt: skip
    node["firms"] = _merge(
        row["firms"],
        "id",
        ("id", "name", "kind", "district_adcode", "district", "district_en", "park", "stage",
         "status_text", "investment_yi", "location_precision", "location_approximate",
         "source_count"),
    )  # fmt: skip
    node["status"] = {basis: node_status(node, basis) for basis in BASES}
    return node


def node_status(node: dict, basis: str) -> dict:
    planned = [d["adcode"] for d in node["districts"] if counts(d["basis"], basis)]
    closest = [d["adcode"] for d in node["districts"] if not counts(d["basis"], basis)]
    firms = [f for f in node["firms"] if counts(f["basis"], basis)]
    operating = [f for f in firms if f["stage"] == "operating"]
    status = "present" if operating else "planned_thin" if planned else "gap"
    return {
        "status": status,
        "planned_districts": planned,
        "closest_districts": closest,
        "operating_firms": len(operating),
        "pipeline_firms": len(firms) - len(operating),
        "firm_districts": sorted({f["district_adcode"] for f in operating}),
        "parks": [p["id"] for p in node["parks"] if counts(p["basis"], basis)],
    }


def status_counts(nodes: list[dict], basis: str) -> dict[str, int]:
    return {s: sum(1 for n in nodes if n["status"][basis]["status"] == s) for s in STATUSES}


def gap_names(nodes: list[dict], basis: str) -> list[str]:
    return [n["name"] for n in nodes if n["status"][basis]["status"] == "gap"]


def unplanned_names(nodes: list[dict], basis: str) -> list[str]:
    """Nodes that no district's section 四 entry names on this basis (firms aside)."""
    return [n["name"] for n in nodes if not n["status"][basis]["planned_districts"]]


def _neighbours(node_id: str, links: list[dict]) -> tuple[list[str], list[str]]:
    upstream = [link["from_node"] for link in links if link["to_node"] == node_id]
    downstream = [link["to_node"] for link in links if link["from_node"] == node_id]
    return upstream, downstream


def targets(nodes: list[dict], links: list[dict], districts: list[dict], basis: str) -> dict:
    """The promoter's list on one basis.

    For 渝西: 补链 — nodes with no operating firm known (gap or planned but thin); 延链 is added
    when a linked node upstream or downstream is present, so filling it extends a chain 渝西
    already has; 强链 — present nodes held by a single known operating firm.
    For each district: 补链 — nodes its own section 四 entry names with no operating firm known
    in the district, with the firms that hold the node elsewhere in 渝西 (partners to court).
    """
    by_id = {n["id"]: n for n in nodes}

    def present(node_id: str) -> bool:
        node = by_id.get(node_id)
        return bool(node) and node["status"][basis]["status"] == "present"

    region = []
    for n in nodes:
        st = n["status"][basis]
        upstream, downstream = _neighbours(n["id"], links)
        actions = []
        if st["status"] in ("gap", "planned_thin"):
            actions.append("补链")
            if any(present(x) for x in upstream + downstream):
                actions.append("延链")
        elif st["operating_firms"] == 1:
            actions.append("强链")
        if not actions:
            continue
        region.append(
            {
                "node_id": n["id"], "node": n["name"], "node_en": n["name_en"],
                "chain_id": n["chain_id"], "plan_section": n["plan_section"],
                "status": st["status"], "actions": actions,
                "planned_districts": st["planned_districts"],
                "closest_districts": st["closest_districts"],
                "operating_firms": st["operating_firms"], "pipeline_firms": st["pipeline_firms"],
                "present_neighbours": [by_id[x]["name"] for x in upstream + downstream
                                       if present(x)],
            }
        )  # fmt: skip
    per_district = []
    for d in districts:
        items = []
        for n in nodes:
            planned_here = [
                x
                for x in n["districts"]
                if x["adcode"] == d["adcode"] and counts(x["basis"], basis)
            ]
            if not planned_here:
                continue
            firms = [f for f in n["firms"] if counts(f["basis"], basis)]
            here = [f for f in firms if f["district_adcode"] == d["adcode"]]
            if any(f["stage"] == "operating" for f in here):
                continue
            items.append(
                {
                    "node_id": n["id"], "node": n["name"], "node_en": n["name_en"],
                    "chain_id": n["chain_id"], "plan_section": n["plan_section"],
                    "actions": ["补链"], "region_status": n["status"][basis]["status"],
                    "terms": planned_here[0]["terms"],
                    "pipeline_here": [{"id": f["id"], "name": f["name"], "stage": f["stage"]}
                                      for f in here],
                    "held_elsewhere": [{"id": f["id"], "name": f["name"],
                                        "district": f["district"], "district_en": f["district_en"]}
                                       for f in firms if f["stage"] == "operating"],
                }
            )  # fmt: skip
        per_district.append({"adcode": d["adcode"], "name": d["name"], "name_en": d["name_en"],
                             "targets": items})  # fmt: skip
    return {"basis": basis, "region": region, "districts": per_district}
