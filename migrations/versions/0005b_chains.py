"""chains: the plan's industry chains as nodes, links and editorial equivalences

Revision ID: 0005b
Revises: 0005
Create Date: 2026-12-01

Nodes are the key systems and products of section 三 in the plan's words (and a few segments
only section 四 names). The views match them, by plain substring, against each district's
section 四 paragraph, each park's stated industries and each firm's segment: `basis` is
'literal' when the node's own name appears, 'editorial' when a documented equivalence term does
(relation 'equivalent' or 'broader'), 'related' when only a related term does (shown as the
closest plans, never counted as planning the node).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005b"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chain",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.Text(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("plan_section", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["cluster.id"], name=op.f("fk_chain_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain")),
    )  # fmt: skip
    op.create_table(
        "chain_node",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("chain_id", sa.Text(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("group_id", sa.Text(), nullable=False),
        sa.Column("group_name", sa.Text(), nullable=False),
        sa.Column("group_name_en", sa.Text(), nullable=False),
        sa.Column("tier", sa.SmallInteger(), nullable=False),
        sa.Column("plan_section", sa.Text(), nullable=False),
        sa.Column("plan_quote", sa.Text(), nullable=False),
        sa.CheckConstraint("tier BETWEEN 0 AND 9", name=op.f("ck_chain_node_tier")),
        sa.ForeignKeyConstraint(
            ["chain_id"], ["chain.id"], name=op.f("fk_chain_node_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_node")),
        sa.UniqueConstraint("chain_id", "name", name=op.f("uq_chain_node_chain_id_name")),
    )  # fmt: skip
    op.create_table(
        "chain_link",
        sa.Column("from_node", sa.Text(), nullable=False),
        sa.Column("to_node", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("note_en", sa.Text(), nullable=False),
        sa.CheckConstraint("basis IN ('plan', 'editorial')", name=op.f("ck_chain_link_basis")),
        sa.CheckConstraint("from_node <> to_node", name=op.f("ck_chain_link_not_self")),
        sa.ForeignKeyConstraint(
            ["from_node"], ["chain_node.id"], name=op.f("fk_chain_link_from_node_chain_node"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_node"], ["chain_node.id"], name=op.f("fk_chain_link_to_node_chain_node"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("from_node", "to_node", name=op.f("pk_chain_link")),
    )  # fmt: skip
    op.create_table(
        "chain_equivalence",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("relation", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("note_en", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "relation IN ('equivalent', 'broader', 'related')",
            name=op.f("ck_chain_equivalence_relation"),
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["chain_node.id"],
            name=op.f("fk_chain_equivalence_node_id_chain_node"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "node_id", name=op.f("pk_chain_equivalence")),
    )  # fmt: skip
    op.execute(
        """
        -- Does `body` name `term`, once the longer node names that contain it are taken out?
        -- (废旧动力电池回收利用 names a node of its own, not 动力电池; 金属结构件 not 结构件.)
        CREATE FUNCTION chain_names(body text, term text, longer text[]) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE AS $$
        DECLARE
            masked text;
        BEGIN
            IF body IS NULL THEN
                RETURN false;
            END IF;
            FOREACH masked IN ARRAY longer LOOP
                body := replace(body, masked, '、');
            END LOOP;
            RETURN strpos(body, term) > 0;
        END $$;

        -- A node's own name and every documented term for it, with the basis a match earns.
        CREATE VIEW chain_node_term AS
        SELECT x.*, ARRAY(SELECT o.name FROM chain_node o
                           WHERE o.name <> x.term AND strpos(o.name, x.term) > 0) AS longer
          FROM (SELECT n.id AS node_id, n.name AS term, 'literal' AS basis,
                       NULL::text AS relation, NULL::text AS note, NULL::text AS note_en
                  FROM chain_node n
                UNION ALL
                SELECT q.node_id, q.term,
                       CASE WHEN q.relation = 'related' THEN 'related' ELSE 'editorial' END,
                       q.relation, q.note, q.note_en
                  FROM chain_equivalence q) x;

        CREATE VIEW chain_node_district AS
        SELECT t.node_id, d.adcode, d.name AS district, d.name_en AS district_en,
               d.plan_order, d.plan_section, t.term, t.basis, t.relation, t.note, t.note_en
          FROM chain_node_term t
          JOIN district d ON d.kind = 'yuxi' AND chain_names(d.plan_text, t.term, t.longer);

        CREATE VIEW chain_node_park AS
        SELECT t.node_id, p.id AS park_id, p.name AS park, p.name_en AS park_en,
               p.district_adcode, p.location_precision, t.term, t.basis, t.relation
          FROM chain_node_term t
          JOIN park p ON chain_names(p.industries, t.term, t.longer);

        -- Firms on a node: the firm's chain mapping names the node's cluster and its segment
        -- names the node or an equivalent term (电驱 ≈ 驱动电机). A broader term does not: a
        -- firm filed under 酒水饮料 is not thereby a maker of 软饮; nor does a related one.
        CREATE VIEW chain_node_enterprise AS
        SELECT t.node_id, e.id AS enterprise_id, t.term, t.basis, t.relation
          FROM chain_node_term t
          JOIN chain_node n ON n.id = t.node_id
          JOIN chain c ON c.id = n.chain_id
          JOIN enterprise e ON c.cluster_id = ANY(e.cluster_ids)
                           AND chain_names(e.segment, t.term, t.longer)
         WHERE t.basis = 'literal' OR t.relation = 'equivalent';

        -- Where a node has places, as one layer: the districts whose entry plans it (their
        -- boundary) and the firms on it (their indicative point), each with its basis.
        CREATE VIEW chain_node_place AS
        SELECT n.id || ':district:' || d.adcode || ':' || d.basis AS id, n.id AS node_id,
               n.name AS node, n.name_en AS node_en, n.chain_id, 'district_plan' AS kind,
               d.adcode AS district_adcode, d.district, d.name AS place, d.basis, d.term,
               d.relation, NULL::text AS stage, 'district_boundary' AS location_precision,
               false AS location_approximate, x.boundary AS geom
          FROM (SELECT DISTINCT ON (q.node_id, q.adcode, q.basis) q.*, q.district AS name
                  FROM chain_node_district q ORDER BY q.node_id, q.adcode, q.basis, q.term) d
          JOIN chain_node n ON n.id = d.node_id
          JOIN district x ON x.adcode = d.adcode
        UNION ALL
        SELECT n.id || ':firm:' || e.id, n.id, n.name, n.name_en, n.chain_id, 'firm',
               e.district_adcode, dd.name, e.name, m.basis, m.term, m.relation, e.stage,
               e.location_precision, e.location_precision <> 'surveyed_point', e.geom
          FROM (SELECT DISTINCT ON (node_id, enterprise_id) * FROM chain_node_enterprise
                 ORDER BY node_id, enterprise_id, basis DESC) m
          JOIN chain_node n ON n.id = m.node_id
          JOIN enterprise e ON e.id = m.enterprise_id
          JOIN district dd ON dd.adcode = e.district_adcode;
        """
    )


def downgrade() -> None:
    op.execute(
        "DROP VIEW IF EXISTS chain_node_place, chain_node_enterprise, chain_node_park, "
        "chain_node_district, "
        "chain_node_term"
    )
    op.execute("DROP FUNCTION IF EXISTS chain_names(text, text, text[])")
    op.drop_table("chain_equivalence")
    op.drop_table("chain_link")
    op.drop_table("chain_node")
    op.drop_table("chain")
