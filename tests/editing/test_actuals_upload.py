"""The editors' figure upload (issue 13, app/api/actuals_edit.py) in the real app, against the
real accounts and history of issue 12: only a signed-in editor may upload; an accepted file
writes every row and one history entry per row, as the writer role; a rejected one writes
nothing and lists its errors by row and column."""

from __future__ import annotations

import csv
import io

import psycopg
import pytest

from app.domain.actuals import importing
from tests.editing.conftest import fingerprint

SOURCE = "SYNTHETIC test fixture — invented figures, not real data"
UPLOAD = "/api/actuals/import"
GOOD = {"indicator": "revenue", "area": "500120", "year": "2024", "value": "1200", "unit": "亿元",
        "basis": "营业收入", "status": "provisional", "sources": SOURCE}  # fmt: skip


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=importing.COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: "" for c in importing.COLUMNS} | r)
    return out.getvalue().encode("utf-8")


def actuals(url: str, batch: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT id, area_code, value_text, entered_by FROM actual"
            " WHERE import_batch = %s ORDER BY id",
            (batch,),
        ).fetchall()


def history(url: str, batch: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT entity_id, actor, db_user, action, reason, before, after FROM change_log"
            " WHERE entity = 'actual' AND source = %s ORDER BY id",
            (f"import:{batch}",),
        ).fetchall()


def test_only_a_signed_in_editor_may_upload(editing_client, editing_db):
    before = fingerprint(editing_db.owner_url)
    body = as_csv([GOOD])
    anonymous = editing_client.post(UPLOAD, files={"file": ("f.csv", body)})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    forged = editing_client.post(
        UPLOAD, files={"file": ("f.csv", body)}, headers={"Authorization": "Bearer forged"}
    )
    assert forged.status_code == 401
    assert fingerprint(editing_db.owner_url) == before


def test_upload_writes_all_rows_and_their_history(editing_client, editor_headers, editing_db):
    url = editing_db.owner_url
    body = as_csv([GOOD, GOOD | {"area": "500151", "value": "900"}])
    before = fingerprint(url)
    dry = editing_client.post(
        UPLOAD, files={"file": ("f.csv", body)}, data={"dry_run": "true"}, headers=editor_headers
    )
    assert dry.status_code == 200, dry.text
    assert dry.json()["would_insert"] == 2
    assert fingerprint(url) == before, "a dry run writes nothing"

    done = editing_client.post(
        UPLOAD, files={"file": ("f.csv", body)}, data={"reason": "2024 统计公报"},
        headers=editor_headers,
    )  # fmt: skip
    assert done.status_code == 200, done.text
    assert done.json()["inserted"] == 2
    batch = done.json()["batch"]
    rows = actuals(url, batch)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("500120", "1200", "planner"),
        ("500151", "900", "planner"),
    ]
    entries = history(url, batch)
    assert [e[0] for e in entries] == [str(r[0]) for r in rows], "one entry per row"
    for _, actor, db_user, action, reason, entry_before, _after in entries:
        assert (actor, action, reason, entry_before) == ("planner", "create", "2024 统计公报", None)
        assert db_user == editing_db.writer, "written as the narrowly granted writer role"
    assert entries[0][6]["value_text"] == "1200"
    # Also in the history API, under the uploading editor.
    listed = editing_client.get("/api/history", params={"entity": "actual", "actor": "planner"})
    assert listed.status_code == 200, listed.text
    assert {str(r[0]) for r in rows} <= {c["entity_id"] for c in listed.json()["changes"]}


def test_rejected_upload_writes_nothing(editing_client, editor_headers, editing_db):
    before = fingerprint(editing_db.owner_url)
    body = as_csv(
        [GOOD | {"year": "2025"}, GOOD | {"year": "2025", "area": "500151", "basis": "产值"}]
    )
    response = editing_client.post(UPLOAD, files={"file": ("f.csv", body)}, headers=editor_headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert errors == [
        {
            "row": 3,
            "column": "basis",
            "column_label": "basis",
            "code": "actuals.wrong_basis",
            "message": errors[0]["message"],
        }
    ]
    assert "another basis is another indicator" in errors[0]["message"]
    # The same refusal in Chinese for a Chinese reader: the detail and each row.
    zh = editing_client.post(
        UPLOAD, files={"file": ("f.csv", body)},
        headers=editor_headers | {"Accept-Language": "zh-CN,zh;q=0.9"},
    ).json()  # fmt: skip
    assert zh["detail"] == "文件中有 1 处错误，未写入任何数据。"
    assert zh["errors"][0]["message"].startswith("口径“产值”不是指标")
    # The file's header stays as it is; its name comes in the reader's language beside it.
    assert (zh["errors"][0]["column"], zh["errors"][0]["column_label"]) == ("basis", "口径")
    assert fingerprint(editing_db.owner_url) == before, "no row and no history written"
    other = editing_client.post(UPLOAD, files={"file": ("f.pdf", b"%PDF")}, headers=editor_headers)
    assert other.status_code == 400 and other.json()["parameter"] == "file"
    assert fingerprint(editing_db.owner_url) == before


@pytest.mark.browser
def test_the_progress_tab_form_is_for_a_signed_in_editor(
    browser, editing_server, editing_db, artifacts
):
    from tests.editing.test_editing_frontend import _page, _sign_in

    context, page = _page(browser, editing_server)
    try:
        page.goto(f"{editing_server}/#tab=progress")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        page.wait_for_selector("#actuals-form", timeout=20_000)
        assert page.locator("#actuals-file").count() == 0, "no upload form for an anonymous reader"
        assert "登录" in page.inner_text("#actuals-form")
        page.locator("#actuals-form").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "actuals-form-signed-out-desktop.png"))

        _sign_in(page, "planner")
        page.wait_for_selector("#actuals-file")
        body = as_csv([GOOD | {"area": "500153", "value": "321"}])
        page.set_input_files(
            "#actuals-file", files=[{"name": "f.csv", "mimeType": "text/csv", "buffer": body}]
        )
        page.click("#actuals-form button[type=submit]")  # a dry run first (checked by default)
        page.wait_for_function(
            "() => document.querySelector('.actuals-result').textContent.includes('检查通过')"
        )
        page.locator("#actuals-form").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "actuals-form-checked-desktop.png"))
        # A refused file: each row's error names the column in Chinese beside the header.
        rejected = _show_rejected_file(page)
        assert "第 2 行 口径（basis）：" in rejected, rejected
        page.screenshot(path=str(artifacts / "actuals-form-rejected-desktop.png"))
        page.set_input_files(
            "#actuals-file", files=[{"name": "f.csv", "mimeType": "text/csv", "buffer": body}]
        )
        page.uncheck("#actuals-dry-run")
        page.fill("#actuals-reason", "浏览器测试（测试数据）")
        with page.expect_navigation():  # a real import reloads the tab with the new figure
            page.click("#actuals-form button[type=submit]")
        page.wait_for_selector("#actuals-file", timeout=20_000)  # still signed in
        with psycopg.connect(editing_db.owner_url) as conn:
            row = conn.execute(
                "SELECT a.entered_by, c.actor, c.db_user, c.reason FROM actual a"
                " JOIN change_log c ON c.entity = 'actual' AND c.entity_id = a.id::text"
                " WHERE a.area_code = '500153' AND a.value_text = '321'"
            ).fetchall()
        assert row == [("planner", "planner", editing_db.writer, "浏览器测试（测试数据）")]
        assert _besides_the_refusal(page.errors) == []
    finally:
        context.close()
    for name, options in {
        "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
        "english": {"locale": "en-GB"},
    }.items():
        context, page = _page(browser, editing_server, **options)
        try:
            suffix = "&lang=en" if name == "english" else ""
            page.goto(f"{editing_server}/#tab=progress{suffix}")
            page.wait_for_selector("body[data-ready=true]", timeout=20_000)
            _sign_in(page, "planner")
            page.wait_for_selector("#actuals-file")
            page.locator("#actuals-form").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"actuals-form-{name}.png"))
            rejected = _show_rejected_file(page)
            expected = "Row 2 basis: " if name == "english" else "第 2 行 口径（basis）："
            assert expected in rejected, rejected
            page.screenshot(path=str(artifacts / f"actuals-form-rejected-{name}.png"))
            assert _besides_the_refusal(page.errors) == []
        finally:
            context.close()


def _show_rejected_file(page) -> str:
    """Upload a file whose one row has another basis (a dry run); the listed errors' text."""
    bad = as_csv([GOOD | {"area": "500153", "value": "321", "basis": "产值"}])
    page.set_input_files(
        "#actuals-file", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.click("#actuals-form button[type=submit]")
    page.wait_for_selector(".import-errors li", timeout=20_000)
    page.locator(".import-errors").scroll_into_view_if_needed()
    return page.inner_text(".import-errors")


def _besides_the_refusal(errors: list[str]) -> list[str]:
    """The console's errors but the browser's note of the refused upload's 422."""
    return [e for e in errors if "status of 422" not in e]
