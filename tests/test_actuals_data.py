"""The shipped public figures (geodata/actuals/district_actuals.csv) keep their value text,
bases, periods and sources; none is presented as the plan's 营业收入 indicator."""

import csv

import pytest

from app.domain.actuals.figures import FigureError, parse_period, parse_value
from app.ingest.sources import GEODATA

SHIPPED = GEODATA / "actuals" / "district_actuals.csv"


def shipped_rows() -> list[dict]:
    with SHIPPED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_file_is_the_shared_one_byte_for_byte():
    shared = GEODATA.parent.parent / "shared" / "data" / "district_actuals.csv"  # ../shared
    if not shared.exists():
        pytest.skip("the shared data folder is not on this machine")
    assert SHIPPED.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize(
    ("text", "number", "qualifier"),
    [("1410", "1410", "="), (">1000", "1000", ">"), ("约290", "290", "≈"), (">2.1", "2.1", ">"),
     ("渝西第一", None, "text"), ("260.0", "260.0", "=")],
)  # fmt: skip
def test_values_keep_their_text_and_qualifier(text, number, qualifier):
    value = parse_value(text)
    assert value.text == text
    assert (str(value.number) if value.number is not None else None) == number
    assert value.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "kind", "year", "months"),
    [("2023", "year", 2023, (None, None)), ("2023（1–9月）", "months", 2023, (1, 9)),
     ("2023（第一季度）", "months", 2023, (1, 3)), ("2023（截至11月）", "months", 2023, (1, 11)),
     ("2023（2023-07-31）", "date", 2023, (None, None)),
     ("2022–2024（截至2024-04）", "span", 2024, (None, None)),
     ("2024（约8月）", "approx", 2024, (8, 8)), ("2024（1–12月）", "year", 2024, (None, None))],
)  # fmt: skip
def test_periods(text, kind, year, months):
    period = parse_period(text)
    assert (period.kind, period.year, (period.month_from, period.month_to)) == (kind, year, months)


@pytest.mark.parametrize("text", ["2023年", "23", "2023（13–14月）", "2023（2024-01-01）"])
def test_bad_periods_are_refused(text):
    with pytest.raises(FigureError):
        parse_period(text)


def test_every_shipped_row_is_loaded_with_its_basis_and_sources(db):
    rows = shipped_rows()
    loaded = db.execute(
        "SELECT area_as_stated, period_label, indicator_as_stated, value_text, unit,"
        " basis_as_stated, array_to_string(sources, ' | '), dataset, status FROM actual"
        " WHERE dataset = 'district_actuals'"
    ).fetchall()
    assert len(loaded) == len(rows) == 58
    by_key = {(r[0], r[2], r[3]): r for r in loaded}
    for row in rows:
        got = by_key[(row["district"], row["indicator"], row["value"])]
        assert got[3:6] == (row["value"], row["unit"], row["basis"])
        assert got[6] == " | ".join(s.strip() for s in row["sources"].split(" | "))
        assert got[8] in ("official", "provisional")
    provenance = db.execute(
        "SELECT licence FROM provenance WHERE dataset = 'district_actuals'"
    ).fetchone()
    assert provenance is not None


def test_no_shipped_figure_is_the_plans_revenue_indicator(db):
    # The source has no 营业收入 for any district; nothing may be filed under the plan's measure.
    assert not any("营业收入" in r["indicator"] for r in shipped_rows())
    assert (
        db.execute(
            "SELECT count(*) FROM actual a JOIN measure m ON m.code = a.measure_code"
            " WHERE a.dataset = 'district_actuals' AND (m.plan OR a.basis = '营业收入')"
        ).fetchone()[0]
        == 0
    )
    # …so every district's revenue progress is missing, never zero.
    progress = db.execute(
        "SELECT DISTINCT progress, actual FROM target_path WHERE measure_code = 'revenue'"
    ).fetchall()
    assert progress == [("missing", None)]


def test_a_figure_cannot_be_filed_under_another_basis(db):
    import psycopg

    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        db.execute(
            "UPDATE actual SET basis = '营业收入' WHERE indicator_as_stated = '规上工业总产值'"
        )
