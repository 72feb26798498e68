"""actuals: measures and their bases, yearly figures, the path to each 2027 target

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

An actual is one figure as a source states it (value text kept: '>1000', '约290') plus a parsed
number and qualifier, for one area and one period. Its measure fixes its basis (口径) and unit,
and a composite foreign key ties the row to both, so no writer can file a 产值 figure as
营业收入 or in another unit. `target_path` computes, per plan target and year, the path from the
2022 baseline to the 2027 target (the rule of each measure: geodata/actuals/measures.yaml) and
whether the year's actual is ahead of it; `district_progress` is that per district and year with
the district's geometry (layers/progress.yaml).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actual_basis",
        sa.Column("code", sa.Text(), primary_key=True),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("plan_order", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('level', 'growth', 'share', 'count', 'event', 'text')", name="ck_basis_kind"
        ),
    )
    op.create_table(
        "measure",
        sa.Column("code", sa.Text(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), sa.ForeignKey("actual_basis.code"), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("plan", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("rank", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("weight", sa.Numeric(), nullable=True),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "path IS NULL OR path IN ('compound', 'linear', 'cumulative', 'annual_floor')",
            name="ck_measure_path",
        ),
        sa.CheckConstraint("plan = (path IS NOT NULL)", name="ck_measure_plan_has_path"),
        sa.CheckConstraint("weight IS NULL OR weight >= 0", name="ck_measure_weight"),
        sa.UniqueConstraint("code", "basis", "unit", name="uq_measure_code_basis_unit"),
    )
    op.create_table(
        "target_measure",
        sa.Column(
            "indicator_code",
            sa.Text(),
            sa.ForeignKey("indicator.code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("area_code", sa.Text(), primary_key=True),
        sa.Column("area_kind", sa.Text(), nullable=False),
        sa.Column("measure_code", sa.Text(), sa.ForeignKey("measure.code"), nullable=False),
        sa.CheckConstraint(
            "area_kind IN ('district', 'yuxi', 'cluster')", name="ck_target_measure_area_kind"
        ),
    )
    op.create_table(
        "actual",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("measure_code", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("area_kind", sa.Text(), nullable=False),
        sa.Column("area_code", sa.Text(), nullable=False),
        sa.Column("district_adcode", sa.Text(), sa.ForeignKey("district.adcode"), nullable=True),
        sa.Column("cluster_id", sa.Text(), sa.ForeignKey("cluster.id"), nullable=True),
        sa.Column("area_as_stated", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), server_default="", nullable=False),
        sa.Column("indicator_as_stated", sa.Text(), nullable=False),
        sa.Column("basis_as_stated", sa.Text(), nullable=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("year_from", sa.SmallInteger(), nullable=True),
        sa.Column("period_kind", sa.Text(), nullable=False),
        sa.Column("period_label", sa.Text(), nullable=False),
        sa.Column("month_from", sa.SmallInteger(), nullable=True),
        sa.Column("month_to", sa.SmallInteger(), nullable=True),
        sa.Column("period_date", sa.Date(), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=True),
        sa.Column("qualifier", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("sources", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("dataset", sa.Text(), sa.ForeignKey("provenance.dataset"), nullable=True),
        sa.Column("import_batch", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=False),
        sa.Column(
            "entered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["measure_code", "basis", "unit"],
            ["measure.code", "measure.basis", "measure.unit"],
            name="fk_actual_measure_basis_unit",
            onupdate="CASCADE",
        ),
        sa.CheckConstraint(
            "area_kind IN ('district', 'yuxi', 'city', 'cluster')", name="ck_actual_area_kind"
        ),
        sa.CheckConstraint(
            "(area_kind = 'district') = "
            "(district_adcode IS NOT NULL AND area_code = district_adcode)",
            name="ck_actual_district_area",
        ),
        sa.CheckConstraint(
            "(area_kind = 'cluster') = "
            "(cluster_id IS NOT NULL AND area_code = 'cluster:' || cluster_id)",
            name="ck_actual_cluster_area",
        ),
        sa.CheckConstraint(
            "period_kind IN ('year', 'months', 'date', 'span', 'approx')", name="ck_actual_period"
        ),
        sa.CheckConstraint(
            "period_kind <> 'year' OR period_label = year::text", name="ck_actual_year_label"
        ),
        sa.CheckConstraint(
            "period_kind <> 'months' OR "
            "(month_from BETWEEN 1 AND 12 AND month_to BETWEEN month_from AND 12)",
            name="ck_actual_months",
        ),
        sa.CheckConstraint("qualifier IN ('=', '>', '≥', '<', '≈', 'text')", name="ck_qualifier"),
        sa.CheckConstraint("(qualifier = 'text') = (value IS NULL)", name="ck_actual_value"),
        sa.CheckConstraint("status IN ('official', 'provisional')", name="ck_actual_status"),
        sa.CheckConstraint("cardinality(sources) > 0", name="ck_actual_sourced"),
        sa.UniqueConstraint(
            "measure_code", "area_code", "period_label", "subject", name="uq_actual_figure"
        ),
    )
    op.create_index("ix_actual_measure_year", "actual", ["measure_code", "year"])
    # One full-year figure per measure, area and year: a second is a duplicate, not a revision.
    op.create_index(
        "uq_actual_full_year",
        "actual",
        ["measure_code", "area_code", "year", "subject"],
        unique=True,
        postgresql_where=sa.text("period_kind = 'year'"),
    )
    op.execute(
        # 2022 is the plan's baseline year (二、主要目标: 较 2022 年).
        """
        CREATE VIEW target_path AS
        WITH link AS (
            SELECT tm.indicator_code, tm.area_code, tm.area_kind, tm.measure_code, m.path,
                   m.basis, m.unit, i.value AS target, i.comparator,
                   COALESCE(i.base_year, 2022) AS base_year,
                   COALESCE(i.target_year, 2027) AS target_year
              FROM target_measure tm
              JOIN measure m ON m.code = tm.measure_code
              JOIN indicator i ON i.code = tm.indicator_code
        ), full_year AS (
            SELECT measure_code, area_code, year, value, value_text, qualifier, status, id
              FROM actual WHERE period_kind = 'year' AND subject = ''
        ), by_year AS (
            SELECT l.*, y.year::smallint AS year, b.value AS baseline,
                   a.value AS actual, a.value_text AS actual_text, a.qualifier, a.status,
                   a.id AS actual_id
              FROM link l
             CROSS JOIN LATERAL generate_series(l.base_year, l.target_year) AS y(year)
              LEFT JOIN full_year b ON b.measure_code = l.measure_code
                   AND b.area_code = l.area_code AND b.year = l.base_year
                   AND b.qualifier IN ('=', '≈')
              LEFT JOIN full_year a ON a.measure_code = l.measure_code
                   AND a.area_code = l.area_code AND a.year = y.year
        ), pathed AS (
            SELECT *, round(CASE
                WHEN path = 'cumulative'
                    THEN target * (year - base_year)::numeric / (target_year - base_year)
                WHEN path = 'annual_floor' THEN CASE WHEN year > base_year THEN target END
                WHEN baseline IS NULL THEN NULL
                WHEN path = 'linear'
                    THEN baseline + (target - baseline) * (year - base_year)::numeric
                                    / (target_year - base_year)
                WHEN path = 'compound' AND baseline > 0 AND target > 0
                    THEN baseline * power(target / baseline,
                                          (year - base_year)::numeric / (target_year - base_year))
            END, 4) AS path_value
              FROM by_year
        )
        SELECT indicator_code, area_code, area_kind, measure_code, basis, unit, path, target,
               comparator, base_year, target_year, year, target_year - year AS years_left,
               baseline, path_value, actual, actual_text, qualifier, status, actual_id,
               CASE WHEN actual IS NOT NULL AND path_value > 0
                    THEN round(actual / path_value, 4) END AS ratio,
               CASE WHEN actual IS NULL THEN 'missing'
                    WHEN year = base_year AND path <> 'annual_floor' THEN 'baseline'
                    WHEN path_value IS NULL THEN 'no_path'
                    WHEN qualifier IN ('=', '≈')
                        THEN CASE WHEN actual >= path_value THEN 'ahead' ELSE 'behind' END
                    WHEN qualifier IN ('>', '≥') AND actual >= path_value THEN 'ahead'
                    WHEN qualifier = '<' AND actual < path_value THEN 'behind'
                    ELSE 'uncertain' END AS progress
          FROM pathed;

        CREATE VIEW district_progress AS
        WITH fig AS (
            SELECT area_code, measure_code, year, value, value_text, qualifier
              FROM actual WHERE period_kind = 'year' AND subject = '' AND area_kind = 'district'
        )
        SELECT d.adcode || '-' || y.year AS feature_id, d.adcode, d.name, d.name_en,
               d.plan_order, y.year::smallint AS year, make_date(y.year, 1, 1) AS period_start,
               d.revenue_target_2027,
               tp.actual AS revenue_actual, tp.actual_text AS revenue_actual_text,
               tp.baseline AS revenue_baseline, tp.path_value AS revenue_path,
               tp.ratio AS revenue_ratio, COALESCE(tp.progress, 'missing') AS revenue_progress,
               2027 - y.year AS years_left,
               va.value AS value_added_growth, va.value_text AS value_added_growth_text,
               og.value AS output_growth, og.value_text AS output_growth_text,
               ov.value AS output_value_chanzhi, ov.value_text AS output_value_chanzhi_text,
               (SELECT count(*) FROM actual a
                 WHERE a.area_code = d.adcode AND a.year = y.year)::int AS figures,
               d.boundary
          FROM yuxi_district d
         CROSS JOIN generate_series(2022, 2027) AS y(year)
          LEFT JOIN target_path tp ON tp.indicator_code = 'revenue:' || d.adcode
               AND tp.year = y.year
          LEFT JOIN fig va ON va.area_code = d.adcode AND va.year = y.year
               AND va.measure_code = 'value_added_growth'
          LEFT JOIN fig og ON og.area_code = d.adcode AND og.year = y.year
               AND og.measure_code = 'output_growth'
          LEFT JOIN fig ov ON ov.area_code = d.adcode AND ov.year = y.year
               AND ov.measure_code = 'output_value';
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS district_progress, target_path")
    op.drop_table("actual")
    op.drop_table("target_measure")
    op.drop_table("measure")
    op.drop_table("actual_basis")
