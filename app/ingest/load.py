"""Load geodata/ into PostGIS: one transaction, idempotent (upserts on natural keys).

Loading twice gives the same rows; a failure part-way changes nothing. A park whose geometry a
planner has replaced with a surveyed one keeps it when the source table is loaded again.
"""

from __future__ import annotations

import json
import logging

import psycopg
from psycopg.types.json import Jsonb

from app.ingest.actuals import load_actuals
from app.ingest.sources import EIGHT_DISTRICTS, SourceData, sha256

log = logging.getLogger(__name__)

UPSERT_PROVENANCE = """
INSERT INTO provenance (dataset, title, source, source_url, licence, version, crs,
                        transformations, file, sha256, loaded_at)
VALUES (%(dataset)s, %(title)s, %(source)s, %(source_url)s, %(licence)s, %(version)s, %(crs)s,
        %(transformations)s, %(file)s, %(sha256)s, now())
ON CONFLICT (dataset) DO UPDATE SET
    title = EXCLUDED.title, source = EXCLUDED.source, source_url = EXCLUDED.source_url,
    licence = EXCLUDED.licence, version = EXCLUDED.version, crs = EXCLUDED.crs,
    transformations = EXCLUDED.transformations, file = EXCLUDED.file, sha256 = EXCLUDED.sha256,
    loaded_at = CASE WHEN provenance.sha256 = EXCLUDED.sha256 THEN provenance.loaded_at
                     ELSE EXCLUDED.loaded_at END
"""

UPSERT_DOCUMENT = """
INSERT INTO plan_document (code, title, title_en, issuer, issued_on, period_start, period_end,
                           attachment, source_file, sha256)
VALUES (%(code)s, %(title)s, %(title_en)s, %(issuer)s, %(issued_on)s, %(period_start)s,
        %(period_end)s, %(attachment)s, %(source_file)s, %(sha256)s)
ON CONFLICT (code) DO UPDATE SET
    title = EXCLUDED.title, title_en = EXCLUDED.title_en, issuer = EXCLUDED.issuer,
    issued_on = EXCLUDED.issued_on, period_start = EXCLUDED.period_start,
    period_end = EXCLUDED.period_end, attachment = EXCLUDED.attachment,
    source_file = EXCLUDED.source_file, sha256 = EXCLUDED.sha256
"""

UPSERT_DISTRICT = """
INSERT INTO district (adcode, name, name_en, province, kind, central_city, plan_order,
                      plan_section, plan_text, specialty_open_ended, boundary, provenance)
VALUES (%(adcode)s, %(name)s, %(name_en)s, %(province)s, %(kind)s, %(central_city)s,
        %(plan_order)s, %(plan_section)s, %(plan_text)s, %(specialty_open_ended)s,
        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)), 'district_boundaries')
ON CONFLICT (adcode) DO UPDATE SET
    name = EXCLUDED.name, name_en = EXCLUDED.name_en, province = EXCLUDED.province,
    kind = EXCLUDED.kind, central_city = EXCLUDED.central_city,
    plan_order = EXCLUDED.plan_order, plan_section = EXCLUDED.plan_section,
    plan_text = EXCLUDED.plan_text, specialty_open_ended = EXCLUDED.specialty_open_ended,
    boundary = EXCLUDED.boundary, provenance = EXCLUDED.provenance
"""

UPSERT_CLUSTER = """
INSERT INTO cluster (id, name, name_en, plan_order, plan_section, key_products)
VALUES (%(id)s, %(name)s, %(name_en)s, %(plan_order)s, %(plan_section)s, %(key_products)s)
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, name_en = EXCLUDED.name_en, plan_order = EXCLUDED.plan_order,
    plan_section = EXCLUDED.plan_section, key_products = EXCLUDED.key_products
"""

UPSERT_INDUSTRY = """
INSERT INTO industry (id, name, name_en) VALUES (%(id)s, %(name)s, %(name_en)s)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en
"""

INSERT_INDUSTRY_CLUSTER = """
INSERT INTO industry_cluster (industry_id, cluster_id, basis)
VALUES (%(industry_id)s, %(cluster_id)s, 'editorial')
"""

INSERT_DISTRICT_INDUSTRY = """
INSERT INTO district_industry (district_adcode, role, position, industry_id, segments_open_ended)
VALUES (%(district_adcode)s, %(role)s, %(position)s, %(industry_id)s, %(segments_open_ended)s)
"""

INSERT_FOCUS_SEGMENT = """
INSERT INTO focus_segment (district_adcode, role, industry_position, position, name, name_en)
VALUES (%(district_adcode)s, 'leading', %(industry_position)s, %(position)s, %(name)s,
        %(name_en)s)
"""

UPSERT_INDICATOR = """
INSERT INTO indicator (code, scope, district_adcode, cluster_id, name, name_en, comparator, value,
                       unit, base_year, target_year, cumulative, plan_section, plan_quote)
VALUES (%(code)s, %(scope)s, %(district_adcode)s, %(cluster_id)s, %(name)s, %(name_en)s,
        %(comparator)s, %(value)s, %(unit)s, %(base_year)s, %(target_year)s, %(cumulative)s,
        %(plan_section)s, %(plan_quote)s)
ON CONFLICT (code) DO UPDATE SET
    scope = EXCLUDED.scope, district_adcode = EXCLUDED.district_adcode,
    cluster_id = EXCLUDED.cluster_id, name = EXCLUDED.name, name_en = EXCLUDED.name_en,
    comparator = EXCLUDED.comparator, value = EXCLUDED.value, unit = EXCLUDED.unit,
    base_year = EXCLUDED.base_year, target_year = EXCLUDED.target_year,
    cumulative = EXCLUDED.cumulative, plan_section = EXCLUDED.plan_section,
    plan_quote = EXCLUDED.plan_quote
"""

# A surveyed geometry (set by a planner) wins over the indicative point of the source table.
UPSERT_PARK = """
INSERT INTO park (id, name, name_en, level, district_adcode, parent_id, host_town, location,
                  location_precision, area_km2_min, area_km2_max, area_kind, industries, sources,
                  notes, provenance, area_basis, available_land_mu, lead_firms, profile)
VALUES (%(id)s, %(name)s, %(name_en)s, %(level)s, %(district_adcode)s, NULL, %(host_town)s,
        CASE WHEN %(lon)s::float8 IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) END,
        %(location_precision)s, %(area_km2_min)s, %(area_km2_max)s, %(area_kind)s,
        %(industries)s, %(sources)s, %(notes)s, 'parks', %(area_basis)s, %(available_land_mu)s,
        %(lead_firms)s, %(profile)s)
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, name_en = EXCLUDED.name_en, level = EXCLUDED.level,
    district_adcode = EXCLUDED.district_adcode, host_town = EXCLUDED.host_town,
    location = CASE WHEN park.location_precision LIKE 'surveyed%%' THEN park.location
                    ELSE EXCLUDED.location END,
    location_precision = CASE WHEN park.location_precision LIKE 'surveyed%%'
                              THEN park.location_precision ELSE EXCLUDED.location_precision END,
    area_km2_min = EXCLUDED.area_km2_min, area_km2_max = EXCLUDED.area_km2_max,
    area_kind = EXCLUDED.area_kind, industries = EXCLUDED.industries,
    sources = EXCLUDED.sources, notes = EXCLUDED.notes, provenance = EXCLUDED.provenance,
    area_basis = EXCLUDED.area_basis, available_land_mu = EXCLUDED.available_land_mu,
    lead_firms = EXCLUDED.lead_firms, profile = EXCLUDED.profile
"""


# A firm without a sourced coordinate is placed at its park (when the park has a location) or
# inside its district; location_precision says which. A surveyed point set later is kept.
UPSERT_ENTERPRISE = """
WITH placed AS (
    SELECT p.id AS park_id, COALESCE(ST_PointOnSurface(p.boundary), p.location) AS point
      FROM park p WHERE p.name = %(park_text)s
), spot AS (
    SELECT CASE WHEN %(lon)s::float8 IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) END AS own,
           (SELECT point FROM placed) AS at_park,
           (SELECT ST_PointOnSurface(boundary) FROM district WHERE adcode = %(district_adcode)s)
               AS in_district
)
INSERT INTO enterprise (id, name, kind, district_adcode, park_id, park_text, industry_chain,
                        cluster_ids, segment, mapping_basis, products, status_text, stage,
                        stage_events, signed_year, construction_year, operating_year,
                        investment_yi, geom, location_precision, sources, notes, provenance)
SELECT %(id)s, %(name)s, %(kind)s, %(district_adcode)s, (SELECT park_id FROM placed),
       %(park_text)s, %(industry_chain)s, %(cluster_ids)s, %(segment)s, 'editorial',
       %(products)s, %(status_text)s, %(stage)s, %(stage_events)s, %(signed_year)s,
       %(construction_year)s, %(operating_year)s, %(investment_yi)s,
       COALESCE(own, at_park, in_district),
       CASE WHEN own IS NOT NULL THEN %(location_precision)s
            WHEN at_park IS NOT NULL THEN 'park' ELSE 'district' END,
       %(sources)s, %(notes)s, 'enterprises'
  FROM spot
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, kind = EXCLUDED.kind, district_adcode = EXCLUDED.district_adcode,
    park_id = EXCLUDED.park_id, park_text = EXCLUDED.park_text,
    industry_chain = EXCLUDED.industry_chain, cluster_ids = EXCLUDED.cluster_ids,
    segment = EXCLUDED.segment, mapping_basis = EXCLUDED.mapping_basis,
    products = EXCLUDED.products, status_text = EXCLUDED.status_text, stage = EXCLUDED.stage,
    stage_events = EXCLUDED.stage_events, signed_year = EXCLUDED.signed_year,
    construction_year = EXCLUDED.construction_year, operating_year = EXCLUDED.operating_year,
    investment_yi = EXCLUDED.investment_yi,
    geom = CASE WHEN enterprise.location_precision = 'surveyed_point' THEN enterprise.geom
                ELSE EXCLUDED.geom END,
    location_precision = CASE WHEN enterprise.location_precision = 'surveyed_point'
                              THEN enterprise.location_precision
                              ELSE EXCLUDED.location_precision END,
    sources = EXCLUDED.sources, notes = EXCLUDED.notes, provenance = EXCLUDED.provenance
"""

INSERT_CHAIN = """
INSERT INTO chain (id, cluster_id, position, name, name_en, plan_section)
VALUES (%(id)s, %(cluster_id)s, %(position)s, %(name)s, %(name_en)s, %(plan_section)s)
"""
INSERT_CHAIN_NODE = """
INSERT INTO chain_node (id, chain_id, position, name, name_en, group_id, group_name,
                        group_name_en, tier, plan_section, plan_quote)
VALUES (%(id)s, %(chain_id)s, %(position)s, %(name)s, %(name_en)s, %(group_id)s,
        %(group_name)s, %(group_name_en)s, %(tier)s, %(plan_section)s, %(plan_quote)s)
"""
INSERT_CHAIN_LINK = """
INSERT INTO chain_link (from_node, to_node, basis, note, note_en)
VALUES (%(from_node)s, %(to_node)s, %(basis)s, %(note)s, %(note_en)s)
"""
INSERT_EQUIVALENCE = """
INSERT INTO chain_equivalence (term, node_id, relation, note, note_en)
VALUES (%(term)s, %(node)s, %(relation)s, %(note)s, %(note_en)s)
"""


def _enterprise_rows(data: SourceData, by_name: dict[str, str]) -> list[dict]:
    clusters = [(c.id, c.name) for c in data.clusters]
    rows = []
    for e in data.enterprises:
        row = e.model_dump(exclude={"district_name", "stage_events"})
        row |= {
            "district_adcode": by_name[e.district_name],
            "cluster_ids": [cid for cid, name in clusters if name in e.industry_chain],
            "stage_events": Jsonb([ev.model_dump() for ev in e.stage_events]),
            "signed_year": e.year_of("signed"),
            "construction_year": e.year_of("construction_started"),
            "operating_year": e.year_of("operating"),
        }
        rows.append(row)
    return rows


def _load_chains(cur: psycopg.Cursor, data: SourceData) -> None:
    """Chains are replaced whole: they are small, and links and equivalences key on nodes."""
    chains = data.chains
    order = {c.id: i for i, c in enumerate(data.clusters, start=1)}  # the plan's order
    cur.execute("DELETE FROM chain")
    cur.executemany(
        INSERT_CHAIN,
        [
            {"id": c.id, "cluster_id": c.cluster, "position": order[c.cluster], "name": c.name,
             "name_en": c.name_en, "plan_section": c.plan_section}
            for c in chains.chains
        ],
    )  # fmt: skip
    cur.executemany(INSERT_CHAIN_NODE, chains.node_rows())
    cur.executemany(INSERT_CHAIN_LINK, [link.model_dump() for link in chains.links])
    cur.executemany(INSERT_EQUIVALENCE, [q.model_dump() for q in chains.equivalences])


def _provenance_rows(data: SourceData) -> list[dict]:
    rows = []
    for folder in ("plan", "boundaries", "parks", "enterprises", "actuals"):
        info = data.source_info(folder)
        row = info.model_dump()
        row["transformations"] = Jsonb(info.transformations)
        row["sha256"] = sha256(data.root.parent / info.file)
        rows.append(row)
    return rows


def _district_rows(data: SourceData) -> list[dict]:
    plans = {d.adcode: (order, d) for order, d in enumerate(data.districts, start=1)}
    rows = []
    for feature in data.boundaries["features"]:
        props = feature["properties"]
        order, plan = plans.get(props["adcode"], (None, None))
        rows.append(
            {
                "adcode": props["adcode"],
                "name": props["name"],
                "name_en": props["name_en"],
                "province": props["province"],
                "kind": "yuxi" if props["adcode"] in EIGHT_DISTRICTS else "context",
                "central_city": bool(props.get("central_city")),
                "plan_order": order,
                "plan_section": plan.plan_section if plan else None,
                "plan_text": plan.plan_text if plan else None,
                "specialty_open_ended": plan.specialty_open_ended if plan else False,
                "geometry": json.dumps(feature["geometry"]),
            }
        )
    return rows


def _delete_missing(cur: psycopg.Cursor, table: str, key: str, keep: list[str]) -> None:
    # Table and key names are ours (not input); the values are parameters.
    cur.execute(f"DELETE FROM {table} WHERE NOT ({key} = ANY(%s))", (keep,))  # noqa: S608


def load(url: str, data: SourceData | None = None) -> dict[str, int]:
    """Load everything; return the row counts per table."""
    data = data or SourceData()
    data.validate()
    industry_ids = {term.name: term.id for term in data.vocabulary.industries}
    district_rows = _district_rows(data)
    by_name = {row["name"]: row["adcode"] for row in district_rows}

    with psycopg.connect(url) as conn, conn.cursor() as cur:
        # Reference distances are refreshed once at the end, not per park (migration 0003).
        cur.execute("SET LOCAL im.bulk_load = 'on'")
        cur.executemany(UPSERT_PROVENANCE, _provenance_rows(data))
        cur.execute(
            UPSERT_DOCUMENT,
            data.document.model_dump() | {"sha256": sha256(data.root / "plan" / "plan.txt")},
        )
        cur.executemany(UPSERT_DISTRICT, district_rows)

        cur.executemany(
            UPSERT_CLUSTER,
            [c.model_dump() | {"plan_order": i} for i, c in enumerate(data.clusters, start=1)],
        )
        cur.executemany(UPSERT_INDUSTRY, [t.model_dump() for t in data.vocabulary.industries])
        cur.execute("DELETE FROM industry_cluster")
        cur.executemany(
            INSERT_INDUSTRY_CLUSTER,
            [
                {"industry_id": t.id, "cluster_id": c}
                for t in data.vocabulary.industries
                for c in t.clusters
            ],
        )

        # Roles and segments are replaced whole: their keys are positions in the plan.
        cur.execute("DELETE FROM district_industry")
        roles, segments = [], []
        for d in data.districts:
            for pos, lead in enumerate(d.leading, start=1):
                roles.append(
                    {
                        "district_adcode": d.adcode,
                        "role": "leading",
                        "position": pos,
                        "industry_id": industry_ids[lead.industry],
                        "segments_open_ended": lead.segments_open_ended,
                    }
                )
                segments += [
                    {
                        "district_adcode": d.adcode,
                        "industry_position": pos,
                        "position": seg_pos,
                        "name": seg,
                        "name_en": data.vocabulary.segments[seg],
                    }
                    for seg_pos, seg in enumerate(lead.segments, start=1)
                ]
            roles += [
                {
                    "district_adcode": d.adcode,
                    "role": "specialty",
                    "position": pos,
                    "industry_id": industry_ids[name],
                    "segments_open_ended": False,
                }
                for pos, name in enumerate(d.specialty, start=1)
            ]
        cur.executemany(INSERT_DISTRICT_INDUSTRY, roles)
        cur.executemany(INSERT_FOCUS_SEGMENT, segments)

        indicators = [
            i.model_dump() | {"district_adcode": None, "cluster_id": None} for i in data.indicators
        ]
        indicators += [
            {
                "code": f"revenue:{d.adcode}",
                "scope": "district",
                "district_adcode": d.adcode,
                "cluster_id": None,
                "name": "规模以上工业企业营业收入",
                "name_en": "Revenue of industrial enterprises above designated size",
                "comparator": "=",
                "value": d.revenue_target_2027,
                "unit": "亿元",
                "base_year": None,
                "target_year": 2027,
                "cumulative": False,
                "plan_section": d.plan_section,
                "plan_quote": d.plan_text.split("。")[1] + "。",
            }
            for d in data.districts
        ]
        indicators += [
            {
                "code": f"revenue:{c.id}",
                "scope": "cluster",
                "district_adcode": None,
                "cluster_id": c.id,
                "name": "产业集群营业收入",
                "name_en": "Cluster revenue",
                "comparator": "=",
                "value": c.revenue_target_2027,
                "unit": "亿元",
                "base_year": None,
                "target_year": 2027,
                "cumulative": False,
                "plan_section": c.plan_section,
                "plan_quote": c.plan_quote,
            }
            for c in data.clusters
        ]
        cur.executemany(UPSERT_INDICATOR, indicators)
        _delete_missing(cur, "indicator", "code", [i["code"] for i in indicators])

        parks = [
            p.model_dump(exclude={"district_name"})
            | {"district_adcode": by_name[p.district_name], "profile": Jsonb(p.profile)}
            for p in data.parks
        ]
        cur.executemany(UPSERT_PARK, parks)
        # Component-park links are set after every park exists.
        cur.executemany(
            "UPDATE park SET parent_id = %(parent_id)s WHERE id = %(id)s",
            [{"id": p["id"], "parent_id": p["parent_id"]} for p in parks],
        )
        enterprises = _enterprise_rows(data, by_name)
        cur.executemany(UPSERT_ENTERPRISE, enterprises)
        _delete_missing(cur, "enterprise", "id", [e["id"] for e in enterprises])
        _load_chains(cur, data)
        _delete_missing(cur, "park", "id", [p["id"] for p in parks])
        _delete_missing(cur, "cluster", "id", [c.id for c in data.clusters])
        _delete_missing(cur, "industry", "id", list(industry_ids.values()))
        _delete_missing(cur, "district", "adcode", [r["adcode"] for r in district_rows])
        load_actuals(cur, data.root, {d.name: d.adcode for d in data.districts})

        cur.execute("SELECT refresh_reference_distances()")

        counts = {}
        for table in ("district", "cluster", "industry", "district_industry", "focus_segment",
                      "indicator", "park", "provenance", "enterprise", "chain", "chain_node",
                      "chain_link", "chain_equivalence", "measure", "actual"):  # fmt: skip
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[table] = cur.fetchone()[0]
    log.info("loaded %s", counts)
    return counts
