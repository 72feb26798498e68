"""geodata/chains/: the plan's industry chains (one YAML file per cluster), the upstream →
downstream links between their nodes and the editorial equivalences with section 四's words.

Checked before loading: every node name and group quote is the plan's wording (verbatim in
plan.txt), node ids are unique, links and equivalences name existing nodes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Id = Field(pattern=r"^[a-z0-9-]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ChainNodeSpec(_Strict):
    id: str = Id
    name: str
    name_en: str
    tier: int | None = None
    plan_section: str | None = None
    plan_quote: str | None = None


class ChainGroupSpec(_Strict):
    id: str = Id
    name: str
    name_en: str
    tier: int = Field(ge=0, le=9)
    plan_section: str | None = None
    plan_quote: str
    nodes: list[ChainNodeSpec]


class ChainSpec(_Strict):
    id: str = Id
    cluster: str
    name: str
    name_en: str
    plan_section: str
    groups: list[ChainGroupSpec]

    def node_rows(self) -> list[dict]:
        rows = []
        for group in self.groups:
            for node in group.nodes:
                rows.append(
                    {
                        "id": node.id,
                        "chain_id": self.id,
                        "position": len(rows) + 1,
                        "name": node.name,
                        "name_en": node.name_en,
                        "group_id": group.id,
                        "group_name": group.name,
                        "group_name_en": group.name_en,
                        "tier": group.tier if node.tier is None else node.tier,
                        "plan_section": node.plan_section
                        or group.plan_section
                        or self.plan_section,
                        "plan_quote": node.plan_quote or group.plan_quote,
                    }
                )
        return rows


class ChainLinkSpec(_Strict):
    from_node: str = Field(alias="from")
    to_node: str = Field(alias="to")
    basis: Literal["plan", "editorial"]
    note: str
    note_en: str


class EquivalenceSpec(_Strict):
    term: str
    node: str
    relation: Literal["equivalent", "broader", "related"]
    note: str
    note_en: str


class Chains:
    def __init__(self, folder: Path):
        def read(path: Path):
            with path.open(encoding="utf-8") as f:
                return yaml.safe_load(f)

        special = {"links.yaml", "equivalences.yaml"}
        self.chains = [
            ChainSpec.model_validate(read(p))
            for p in sorted(folder.glob("*.yaml"))
            if p.name not in special
        ]
        self.links = [ChainLinkSpec.model_validate(x) for x in read(folder / "links.yaml")]
        self.equivalences = [
            EquivalenceSpec.model_validate(x) for x in read(folder / "equivalences.yaml")
        ]

    def node_rows(self) -> list[dict]:
        return [row for chain in self.chains for row in chain.node_rows()]

    def problems(self, plan_text: str, cluster_ids: list[str]) -> list[str]:
        flat = re.sub(r"\s+", "", plan_text)
        found = []
        nodes = self.node_rows()
        ids = [n["id"] for n in nodes]
        found += [f"node id {i} is used twice" for i in {i for i in ids if ids.count(i) > 1}]
        for chain in self.chains:
            if chain.cluster not in cluster_ids:
                found.append(f"chain {chain.id}: unknown cluster {chain.cluster}")
        for n in nodes:
            if re.sub(r"\s+", "", n["name"]) not in flat:
                found.append(f"node {n['id']}: {n['name']} is not the plan's wording")
            if re.sub(r"\s+", "", n["plan_quote"]) not in flat:
                found.append(f"node {n['id']}: plan_quote is not verbatim from the plan")
            elif n["name"] not in n["plan_quote"]:
                found.append(f"node {n['id']}: its plan_quote does not name it")
        known = set(ids)
        for link in self.links:
            for end in (link.from_node, link.to_node):
                if end not in known:
                    found.append(f"link {link.from_node} → {link.to_node}: unknown node {end}")
        for q in self.equivalences:
            if q.node not in known:
                found.append(f"equivalence {q.term}: unknown node {q.node}")
            if q.term not in flat:
                found.append(f"equivalence {q.term}: not the plan's wording")
        return found
