"""The server's words reach the reader in the interface's language, in Chromium (issue 12): an
import's row errors (and its field names) in Chinese in the Chinese UI, in English in the
English UI; a bad sign-in likewise. Screenshot of the Chinese report in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.editing.conftest import PASSWORD
from tests.editing.test_editing_frontend import _page, _sign_in
from tests.editing.test_editing_language import chinese_ok, english_ok

pytestmark = pytest.mark.browser

CSV = (
    "name,district_adcode,sources,area_km2_min,lon,lat\n"
    "语言向导园区（测试数据）,500118,test,很大,105.93,29.35\n"
    "语言向导园区二（测试数据）,510104,test,1,105.93,29.36\n"
    "语言向导园区三（测试数据）,500118,test,1,116.40,39.90\n"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_row_errors_are_in_the_readers_language(
    browser, editing_server, artifacts, tmp_path, lang
):
    path = tmp_path / "parks.csv"
    path.write_text(CSV, encoding="utf-8")
    ok = chinese_ok if lang == "zh" else english_ok
    context, page = _page(browser, editing_server, locale="zh-CN" if lang == "zh" else "en-GB")
    try:
        page.goto(f"{editing_server}/#lang={lang}&tab=import")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        # A wrong password first: the dialog says so in the reader's language.
        page.click("#signin-button")
        page.fill("#signin-username", "planner")
        page.fill("#signin-password", PASSWORD + "x")
        page.click("#signin-submit")
        alert = page.locator(".signin-dialog [role=alert]")
        page.wait_for_function(
            "() => document.querySelector('.signin-dialog [role=alert]')?.textContent"
        )
        assert ok(alert.inner_text()), alert.inner_text()
        page.click(".signin-dialog .form-actions button:not([type=submit])")
        _sign_in(page, "planner")
        page.set_input_files("#import-file", str(path))
        page.click(".import-check")
        page.wait_for_selector(".import-errors tbody tr")
        rows = page.locator(".import-errors tbody tr").evaluate_all(
            "(trs) => trs.map((tr) => [tr.dataset.code, ...[...tr.cells].map((c) => c.innerText)])"
        )
        assert [r[0] for r in rows] == ["field.number", "write.unknown_district", "write.outside"]
        assert [r[1] for r in rows] == ["2", "3", "4"]
        for _, _, field, message in rows:
            assert ok(message), message
            assert (field in ("面积下限（平方公里）", "所在区代码", "几何")) if lang == "zh" else (
                field in ("area_km2_min", "district_adcode", "geometry")
            )  # fmt: skip
        if lang == "zh":
            assert "很大" in rows[0][3]
            page.locator(".import-report").screenshot(
                path=str(artifacts / "editing-import-errors-zh-desktop.png")
            )
        # The console's only error is the refused sign-in (the browser logs every 4xx).
        assert [e for e in page.errors if "status of 400" not in e] == []
    finally:
        context.close()
