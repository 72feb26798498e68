"""The plan's rules hold in the database itself: at most 2 leading, at most 4 specialty."""

import psycopg
import pytest

INSERT = (
    "INSERT INTO district_industry (district_adcode, role, position, industry_id) "
    "VALUES (%s, %s, %s, %s)"
)


def test_a_third_leading_industry_is_rejected_with_the_rule(db):
    with pytest.raises(psycopg.errors.CheckViolation) as err:
        db.execute(INSERT, ("500116", "leading", 3, "precision-copper"))
    assert "district 500116 already has 2 leading industries" in str(err.value)
    assert "the plan allows at most 2" in str(err.value)
    assert "每区确立不超过2个主导产业" in err.value.diag.message_hint


def test_a_fifth_specialty_industry_is_rejected(db):
    with pytest.raises(psycopg.errors.CheckViolation) as err:
        db.execute(INSERT, ("500116", "specialty", 5, "prepared-dishes"))
    assert "the plan allows at most 4" in str(err.value)


def test_positions_are_bounded_even_without_the_trigger(db):
    db.execute("ALTER TABLE district_industry DISABLE TRIGGER district_industry_limits")
    with pytest.raises(psycopg.errors.CheckViolation) as err:
        db.execute(INSERT, ("500116", "leading", 3, "precision-copper"))
    assert "at_most_2_leading" in str(err.value)


def test_a_full_district_may_still_edit_its_leading_industries(db):
    # The trigger does not count the row being updated against the limit.
    db.execute(
        "UPDATE district_industry SET industry_id = 'smart-home' "
        "WHERE district_adcode = '500116' AND role = 'leading' AND position = 2"
    )


def test_park_location_must_match_its_precision(db):
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute("UPDATE park SET location = NULL WHERE location_precision = 'town_seat'")
