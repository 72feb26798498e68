"""SQL of actuals, progress and ranking, in one place. Plain rows out; Python groups them."""

MEASURES = """
SELECT m.code, m.name, m.name_en, m.basis, b.name_en AS basis_en, b.kind AS basis_kind, m.unit,
       m.path, m.plan, m.rank, m.higher_is_better, m.weight,
       COALESCE((SELECT array_agg(DISTINCT tm.indicator_code ORDER BY tm.indicator_code)
                   FROM target_measure tm WHERE tm.measure_code = m.code), '{}') AS targets,
       EXISTS (SELECT 1 FROM target_measure tm
                WHERE tm.measure_code = m.code AND tm.area_kind = 'district') AS district_targets,
       (SELECT count(*) FROM actual a WHERE a.measure_code = m.code)::int AS figures
  FROM measure m JOIN actual_basis b ON b.code = m.basis
 ORDER BY m.position
"""

BASES = """
SELECT code, name_en, kind FROM actual_basis ORDER BY plan_order
"""

# Figures with their measure; filters are optional ($n IS NULL = no filter).
ACTUALS = """
SELECT a.id, a.measure_code, m.name AS measure, m.name_en AS measure_en, m.plan AS plan_measure,
       a.basis, b.name_en AS basis_en, a.unit, a.area_kind, a.area_code, a.area_as_stated,
       d.name AS district, d.name_en AS district_en, d.plan_order, a.subject,
       a.indicator_as_stated, a.basis_as_stated, a.year, a.year_from, a.period_kind,
       a.period_label, a.month_from, a.month_to, a.period_date, a.value_text, a.value,
       a.qualifier, a.status, a.sources, a.notes, a.dataset, a.import_batch, a.entered_by,
       a.entered_at
  FROM actual a
  JOIN measure m ON m.code = a.measure_code
  JOIN actual_basis b ON b.code = a.basis
  LEFT JOIN district d ON d.adcode = a.district_adcode
 WHERE ($1::text[] IS NULL OR a.measure_code = ANY($1))
   AND ($2::text IS NULL OR a.area_code = $2)
   AND ($3::int IS NULL OR a.year = $3)
   AND ($4::text IS NULL OR a.basis = $4)
   AND ($5::text IS NULL OR a.period_kind = $5)
 ORDER BY a.year, a.area_kind <> 'district', d.plan_order NULLS LAST, a.area_code, m.position,
          a.period_date NULLS FIRST, a.month_to NULLS FIRST, a.subject, a.id
"""

TARGET_PATHS = """
SELECT tp.indicator_code, tp.area_code, tp.area_kind, tp.measure_code, tp.basis, tp.unit,
       tp.path, tp.target, tp.comparator, tp.base_year, tp.target_year, tp.year, tp.years_left,
       tp.baseline, tp.path_value, tp.actual, tp.actual_text, tp.qualifier, tp.status,
       tp.ratio, tp.progress, i.scope, i.name, i.name_en, i.plan_section, i.plan_quote,
       d.name AS district, d.name_en AS district_en, d.plan_order, c.name AS cluster,
       c.name_en AS cluster_en, c.plan_order AS cluster_order
  FROM target_path tp
  JOIN indicator i ON i.code = tp.indicator_code
  LEFT JOIN district d ON d.adcode = tp.area_code
  LEFT JOIN cluster c ON 'cluster:' || c.id = tp.area_code
 ORDER BY array_position(ARRAY['region', 'cluster', 'district', 'task', 'measure'], i.scope),
          c.plan_order, d.plan_order, i.plan_section, tp.indicator_code, tp.area_code, tp.year
"""

# Whole-area figures of the eight districts for one period, for the ranking: the full year
# ($2 NULL) or the year to the end of a quarter ($2 = 3, 6, 9: months 1–$2).
DISTRICT_FIGURES_OF_PERIOD = """
SELECT a.measure_code, a.basis, a.area_code, a.value, a.value_text, a.qualifier, a.status
  FROM actual a
 WHERE a.area_kind = 'district' AND a.subject = '' AND a.year = $1
   AND CASE WHEN $2::int IS NULL THEN a.period_kind = 'year'
            ELSE a.period_kind = 'months' AND a.month_from = 1 AND a.month_to = $2 END
"""

# Every figure of one period (any area), for the 通报: full year, or the quarter's year to date.
FIGURES_OF_PERIOD = """
SELECT a.id, a.measure_code, m.name AS measure, m.name_en AS measure_en, m.plan AS plan_measure,
       a.basis, b.name_en AS basis_en, a.unit, a.area_kind, a.area_code, a.area_as_stated,
       d.name AS district, d.name_en AS district_en, d.plan_order, a.subject,
       a.indicator_as_stated, a.period_label, a.value_text, a.value, a.qualifier, a.status,
       a.sources
  FROM actual a
  JOIN measure m ON m.code = a.measure_code
  JOIN actual_basis b ON b.code = a.basis
  LEFT JOIN district d ON d.adcode = a.district_adcode
 WHERE a.year = $1
   AND CASE WHEN $2::int IS NULL THEN a.period_kind = 'year'
            ELSE a.period_kind = 'months' AND a.month_from = 1 AND a.month_to = $2 END
 ORDER BY d.plan_order NULLS LAST, a.area_code, m.position, a.subject, a.id
"""

YUXI_DISTRICTS = """
SELECT adcode, name, name_en, plan_order FROM yuxi_district ORDER BY plan_order
"""

YEARS_WITH_DATA = """
SELECT DISTINCT year FROM actual ORDER BY year
"""

# Periods a 通报 can be made for: full years, and year-to-date quarters (1–3, 1–6, 1–9 月).
REPORT_PERIODS = """
SELECT DISTINCT year, CASE WHEN period_kind = 'months' AND month_from = 1
                            AND month_to IN (3, 6, 9) THEN month_to / 3 END AS quarter
  FROM actual
 WHERE period_kind = 'year' OR (period_kind = 'months' AND month_from = 1
                                AND month_to IN (3, 6, 9))
 ORDER BY 1, 2 NULLS LAST
"""

SOURCES = """
SELECT dataset, title, source, licence, version FROM provenance
 WHERE dataset IN ('plan', 'district_actuals') ORDER BY dataset
"""
