"""Getting figures in: the template, and an import that rejects each bad case and then changes
nothing (all rows or none) — through the domain function and the `industry-map actuals` CLI."""

import asyncio
import csv
import io
import uuid

import asyncpg
import psycopg
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from app.cli import main, migrate
from app.domain.actuals import importing
from app.ingest.load import load
from app.messages import MESSAGES

SOURCE = "SYNTHETIC test fixture — invented figures, not real data"


@pytest.fixture(scope="module")
def import_db(pg_server):
    name = f"im_import_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name)
    migrate(url)
    load(url)
    yield url
    pg_server.drop(name)


def run(url, work):
    async def go():
        conn = await asyncpg.connect(url)
        try:
            return await work(conn)
        finally:
            await conn.close()

    return asyncio.run(go())


def count(url) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM actual").fetchone()[0]


def row(**changes) -> dict:
    base = {"indicator": "revenue", "indicator_name": "", "area": "500153", "area_name": "",
            "subject": "", "year": "2026", "value": "2000", "unit": "亿元", "basis": "营业收入",
            "status": "provisional", "sources": SOURCE, "notes": ""}  # fmt: skip
    return base | changes


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=importing.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def do_import(url, rows, dry_run=False):
    return run(url, lambda c: importing.import_rows(
        c, rows, entered_by="tests", batch="test", dry_run=dry_run))  # fmt: skip


def test_template_lists_the_targets_with_unit_and_basis(import_db):
    rows = run(import_db, lambda c: importing.template_rows(c, 2024))
    revenue = [r for r in rows if r["indicator"] == "revenue"]
    assert {r["area"] for r in revenue} >= {"yuxi", "500116", "500153", "cluster:icv-parts"}
    assert all(
        r["basis"] == "营业收入" and r["unit"] == "亿元" and r["value"] == "" for r in revenue
    )
    assert any(r["indicator"] == "value_added_growth" and r["area"] == "500120" for r in rows)
    text = importing.template_file(rows, "csv").decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(importing.COLUMNS)
    book = load_workbook(io.BytesIO(importing.template_file(rows, "xlsx")))
    assert [c.value for c in book.active[1]] == importing.COLUMNS
    assert book.active.max_row == len(rows) + 1


def test_template_endpoint(client):
    response = client.get("/api/actuals/template", params={"year": 2025, "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response.headers["content-type"]
    assert client.get("/api/actuals/template", params={"year": 2031}).status_code == 422


def test_a_filled_template_imports_all_rows_and_dry_run_writes_nothing(import_db):
    template = run(import_db, lambda c: importing.template_rows(c, 2024))
    filled = [r | {"value": "2000", "sources": SOURCE} for r in template
              if r["indicator"] == "revenue" and r["area"] == "500116"]  # fmt: skip
    filled += [r | {"value": "6.5", "sources": SOURCE} for r in template
               if r["indicator"] == "value_added_growth" and r["area"] == "500120"]  # fmt: skip
    rows = importing.read_table(as_csv(template_without(template, filled) + filled), "f.csv")
    before = count(import_db)
    dry = do_import(import_db, rows, dry_run=True)
    assert dry["would_insert"] == 2 and count(import_db) == before
    done = do_import(import_db, rows)
    assert done["inserted"] == 2 and done["skipped_blank"] == len(rows) - 2
    assert count(import_db) == before + 2
    with psycopg.connect(import_db) as conn:
        got = conn.execute(
            "SELECT value_text, basis, entered_by, import_batch, dataset, status FROM actual"
            " WHERE measure_code = 'revenue' AND area_code = '500116' AND year = 2024"
        ).fetchone()
    assert got == ("2000", "营业收入", "tests", "test", None, "provisional")


def template_without(template, filled):
    keys = {(r["indicator"], r["area"]) for r in filled}
    return [r for r in template if (r["indicator"], r["area"]) not in keys]


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        (row(indicator="revenue_total"), "indicator"),
        (row(area="510100"), "area"),  # 成都市 is not a 渝西 area
        (row(area="不存在区"), "area"),
        (row(unit="万元"), "unit"),
        (row(basis="产值"), "basis"),  # 产值 is not 营业收入
        (row(indicator="output_value", basis="营业收入"), "basis"),
        (row(value="about 2000"), "value"),
        (row(year="2024年"), "year"),
        (row(year="2035"), "year"),
        (row(status="final"), "status"),
        (row(sources=""), "sources"),
        (row(indicator="value_added_growth", area="500111", year="2023", value="9", unit="%",
             basis="增加值增速"), "year"),  # already recorded (大足 2023, public source)
    ],
)  # fmt: skip
def test_each_bad_case_is_rejected_and_nothing_changes(import_db, bad, column):
    good = row(area="500118", year="2025", value="2500")
    before = count(import_db)
    with pytest.raises(importing.ImportRejected) as caught:
        do_import(import_db, [good, bad])
    assert [e["column"] for e in caught.value.errors] == [column]
    assert caught.value.errors[0]["row"] == 3
    # Each error names its kind (a code of the bilingual message table), told in either language.
    told = {lang: caught.value.rows(lang)[0] for lang in ("en", "zh")}
    assert told["en"]["code"] == told["zh"]["code"] and told["en"]["code"] in MESSAGES
    assert told["en"]["message"] != told["zh"]["message"]
    assert count(import_db) == before


def test_a_duplicate_within_the_file_is_rejected(import_db):
    before = count(import_db)
    first = row(area="500152", year="2025")
    with pytest.raises(importing.ImportRejected) as caught:
        do_import(import_db, [first, first | {"value": "2100"}])
    assert (
        caught.value.errors[0]["column"] == "year"
        and "row 2" in caught.value.rows("en")[0]["message"]
    )
    assert count(import_db) == before


def test_cli_import(import_db, tmp_path, monkeypatch):
    import app.cli

    monkeypatch.setattr(app.cli, "_url", lambda: import_db)
    good = tmp_path / "good.csv"
    good.write_bytes(as_csv([row(area="500151", year="2025", value="1100")]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv([row(area="500151", year="2026"), row(area="500151", unit="吨")]))
    before = count(import_db)
    runner = CliRunner()
    dry = runner.invoke(main, ["actuals", "import", str(good), "--dry-run"])
    assert dry.exit_code == 0 and '"would_insert": 1' in dry.output and count(import_db) == before
    rejected = runner.invoke(main, ["actuals", "import", str(bad)])
    assert rejected.exit_code == 1
    assert "row 3 unit" in rejected.output and "nothing was written" in rejected.output
    assert count(import_db) == before
    done = runner.invoke(main, ["actuals", "import", str(good), "--entered-by", "planner"])
    assert done.exit_code == 0 and '"inserted": 1' in done.output
    assert count(import_db) == before + 1
    xlsx = tmp_path / "t.xlsx"
    assert runner.invoke(main, ["actuals", "template", "--year", "2025", "--format", "xlsx",
                                "-o", str(xlsx)]).exit_code == 0  # fmt: skip
    assert load_workbook(xlsx).active.max_row > 40
    wrong = tmp_path / "figures.txt"
    wrong.write_text("x")
    refused = runner.invoke(main, ["actuals", "import", str(wrong)])
    assert refused.exit_code == 1 and "Only .csv and .xlsx" in refused.output
