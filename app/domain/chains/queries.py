"""SQL of the chain views, in one place. Matching (which district, park and firm names which
node, and on what basis) is done by the views of migration 0005b; these statements only read."""

# Nodes' names only, cheap: enough to match a term before reading the few nodes it needs.
NODE_NAMES = "SELECT id, chain_id, name, name_en FROM chain_node ORDER BY position"

CHAINS = """
SELECT c.id, c.cluster_id, c.position, c.name, c.name_en, c.plan_section,
       (SELECT count(*) FROM chain_node n WHERE n.chain_id = c.id)::int AS node_count
  FROM chain c ORDER BY c.position
"""

# Every node (of one chain, or of all when $1 is NULL; only the ids $2 unless NULL) with the
# districts, parks and firms that name it. JSON is built here; the service decodes it.
# The matching views are computed per node: ask for few nodes when few are needed.
NODES = """
SELECT n.id, n.chain_id, n.position, n.name, n.name_en, n.group_id, n.group_name,
       n.group_name_en, n.tier, n.plan_section, n.plan_quote,
       COALESCE((SELECT json_agg(json_build_object(
                    'adcode', d.adcode, 'name', d.district, 'name_en', d.district_en,
                    'plan_section', d.plan_section, 'term', d.term, 'basis', d.basis,
                    'relation', d.relation, 'note', d.note, 'note_en', d.note_en)
                    ORDER BY d.plan_order, d.basis)
                   FROM chain_node_district d WHERE d.node_id = n.id), '[]')::text AS districts,
       COALESCE((SELECT json_agg(json_build_object(
                    'id', p.park_id, 'name', p.park, 'name_en', p.park_en,
                    'district_adcode', p.district_adcode,
                    'location_precision', p.location_precision, 'term', p.term,
                    'basis', p.basis, 'relation', p.relation) ORDER BY p.park_id, p.basis)
                   FROM chain_node_park p WHERE p.node_id = n.id), '[]')::text AS parks,
       COALESCE((SELECT json_agg(json_build_object(
                    'id', e.id, 'name', e.name, 'kind', e.kind,
                    'district_adcode', e.district_adcode, 'district', e.district,
                    'district_en', e.district_en, 'park', COALESCE(e.park, e.park_text),
                    'stage', e.stage, 'status_text', e.status_text,
                    'investment_yi', e.investment_yi,
                    'location_precision', e.location_precision,
                    'location_approximate', e.location_approximate,
                    'source_count', e.source_count,
                    'term', m.term, 'basis', m.basis, 'relation', m.relation)
                    ORDER BY e.district_adcode, e.id, m.basis)
                   FROM chain_node_enterprise m JOIN enterprise_feature e ON e.id = m.enterprise_id
                  WHERE m.node_id = n.id), '[]')::text AS firms
  FROM chain_node n JOIN chain c ON c.id = n.chain_id
 WHERE ($1::text IS NULL OR n.chain_id = $1) AND ($2::text[] IS NULL OR n.id = ANY($2))
 ORDER BY c.position, n.position
"""

# Links touching the nodes of one chain (or all), with both ends named: cross-chain links too.
LINKS = """
SELECT l.from_node, f.name AS from_name, f.name_en AS from_name_en, f.chain_id AS from_chain,
       l.to_node, t.name AS to_name, t.name_en AS to_name_en, t.chain_id AS to_chain,
       l.basis, l.note, l.note_en
  FROM chain_link l
  JOIN chain_node f ON f.id = l.from_node
  JOIN chain_node t ON t.id = l.to_node
 WHERE $1::text IS NULL OR f.chain_id = $1 OR t.chain_id = $1
 ORDER BY f.position, t.position
"""

# Firms of a chain's cluster that no node holds (their segment names none): on the chain, off
# the diagram.
UNPLACED_FIRMS = """
SELECT e.id, e.name, e.district_adcode, e.district, e.district_en, e.segment, e.stage,
       e.location_precision, e.location_approximate
  FROM enterprise_feature e JOIN chain c ON c.id = $1
 WHERE c.cluster_id = ANY(string_to_array(e.cluster_ids, ','))
   AND NOT EXISTS (SELECT 1 FROM chain_node_enterprise m JOIN chain_node n ON n.id = m.node_id
                    WHERE m.enterprise_id = e.id AND n.chain_id = c.id)
 ORDER BY e.district_adcode, e.id
"""

ENTERPRISE = """
SELECT ((to_jsonb(e) - 'geom' - 'sources') || jsonb_build_object(
    'geometry', ST_AsGeoJSON(e.geom, 6)::jsonb,
    'sources', to_jsonb(x.sources),
    'stage_events', x.stage_events,
    'nodes', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                 'id', n.id, 'name', n.name, 'name_en', n.name_en, 'chain_id', n.chain_id,
                 'basis', m.basis, 'term', m.term) ORDER BY n.position)
               FROM chain_node_enterprise m JOIN chain_node n ON n.id = m.node_id
              WHERE m.enterprise_id = e.id), '[]'::jsonb)
))::text
FROM enterprise_feature e JOIN enterprise x ON x.id = e.id
WHERE e.id = $1
"""

PIPELINE = """
SELECT e.id, e.name, e.kind, e.district_adcode, e.district, e.district_en,
       COALESCE(e.park, e.park_text) AS park, e.industry_chain,
       string_to_array(e.cluster_ids, ',') AS cluster_ids, e.segment, e.stage, e.status_text,
       x.stage_events::text AS stage_events, e.signed_year, e.construction_year,
       e.operating_year, e.investment_yi, e.location_precision, e.source_count, e.notes
  FROM enterprise_feature e JOIN enterprise x ON x.id = e.id
 ORDER BY e.district_adcode, e.id
"""

YUXI_DISTRICTS = """
SELECT adcode, name, name_en, plan_order FROM district WHERE kind = 'yuxi' ORDER BY plan_order
"""

CLUSTER_NAMES = "SELECT id, name, name_en FROM cluster ORDER BY plan_order"

ENTERPRISES_GEOJSON = """
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', COALESCE(json_agg(json_build_object(
        'type', 'Feature', 'id', f.id,
        'geometry', ST_AsGeoJSON(f.geom, 6)::json,
        'properties', to_jsonb(f) - 'geom' - 'notes' - 'sources'
    ) ORDER BY f.district_adcode, f.id), '[]'::json)
)::text
FROM enterprise_feature f
"""
