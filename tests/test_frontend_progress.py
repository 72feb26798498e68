"""The 进度/赛马 tab in Chromium, on the SYNTHETIC fixture: the year slider recolours the map,
the ranking table sorts, the 通报 page prints (PDF) and its XLSX has the same figures; the
district profile shows its own progress; on the shipped data the tab says plainly that the
plan's headline indicator has no figure. Screenshots: desktop, phone, English."""

import io

import pandas as pd
import pytest
from frontend_helpers import PHONE
from synthetic_actuals import _synthetic_db, _synthetic_server  # noqa: F401  (fixtures)

AHEAD, BEHIND, MISSING, BASELINE = "#1a9850", "#d73027", "#f0f0f0", "#91bfdb"


@pytest.fixture
def synthetic_page(browser, synthetic_server):
    contexts = []

    def make(**options):
        context = browser.new_context(
            **({"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"} | options)
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()


def open_progress(page, base, fragment="tab=progress"):
    page.goto(f"{base}/#{fragment}")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.wait_for_selector("#progress-ranking", timeout=20_000)


def fills(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('path[data-progress-adcode]')]
            .map((p) => [p.dataset.progressAdcode, p.getAttribute('fill')]))"""
    )


def set_year(page, year: int) -> None:
    page.evaluate(
        """(year) => { const s = document.getElementById('progress-year');
            s.value = String(year); s.dispatchEvent(new Event('change')); }""",
        year,
    )
    page.wait_for_function(f"() => document.body.dataset.progressYear === '{year}'")


def test_year_slider_recolours_the_map(synthetic_page, synthetic_server, artifacts):
    page = synthetic_page()
    open_progress(page, synthetic_server, "tab=progress&year=2023")
    colours = fills(page)
    assert colours["500116"] == AHEAD and colours["500120"] == BEHIND  # 江津, 璧山
    assert colours["500117"] == MISSING  # 合川: no figure, not a zero
    page.screenshot(path=str(artifacts / "progress-desktop-2023.png"))
    set_year(page, 2022)
    colours = fills(page)
    assert colours["500116"] == BASELINE and colours["500120"] == BASELINE
    assert "year=2022" in page.url
    page.wait_for_selector("#progress-trends .small-multiple svg")
    assert page.console_errors == []


def test_ranking_table_sorts(synthetic_page, synthetic_server):
    page = synthetic_page()
    open_progress(page, synthetic_server, "tab=progress&year=2023")
    order = lambda: page.eval_on_selector_all(  # noqa: E731
        "#progress-ranking tbody tr", "rows => rows.map(r => r.dataset.adcode)"
    )
    assert order()[:2] == ["500116", "500120"]  # by rank: 江津, 璧山, then the unranked
    page.click("#progress-ranking th[data-sort-key='c:value_added_growth'] button")
    page.wait_for_selector("#progress-ranking th[data-sort-key='c:value_added_growth'][aria-sort]")
    # Descending growth: 9.4, 9.4, 8.0, 7.0; the district with only a bound (>5) and the rest last.
    assert order()[:4] in (
        ["500120", "500111", "500116", "500118"], ["500111", "500120", "500116", "500118"],
    )  # fmt: skip
    page.click("#progress-ranking th[data-sort-key='c:value_added_growth'] button")
    assert order()[0] == "500118"
    # A weight of 0 for revenue: 璧山 and 大足 tie for first.
    page.fill(".progress-weights input[data-measure='revenue']", "0")
    page.dispatch_event(".progress-weights input[data-measure='revenue']", "change")
    page.click("#progress-ranking th[data-sort-key='rank'] button")
    page.wait_for_function(
        "() => document.querySelector('#progress-ranking tbody tr td').textContent.includes('并列')"
    )
    assert sorted(order()[:2]) == ["500111", "500120"]


def test_report_prints_and_workbook_matches(synthetic_page, synthetic_server, artifacts):
    page = synthetic_page()
    page.goto(f"{synthetic_server}/reports/2023/print")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    (artifacts / "tongbao-2023.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    page.screenshot(path=str(artifacts / "tongbao-2023.png"), full_page=True)
    scores = {
        row["adcode"]: row["score"]
        for row in page.evaluate(
            """() => [...document.querySelectorAll('#ranking tbody tr')].map((tr) => ({
                adcode: tr.dataset.adcode, score: tr.children[2].textContent.trim()}))"""
        )
    }
    assert page.locator(".toolbar").is_hidden() is False
    response = page.request.get(f"{synthetic_server}/reports/2023.xlsx")
    sheet = pd.read_excel(io.BytesIO(response.body()), sheet_name="排名", dtype={"adcode": str})
    for adcode, score in zip(sheet["adcode"], sheet["得分"], strict=True):
        if pd.isna(score):
            assert not scores[adcode][0].isdigit()
        else:
            assert scores[adcode] == f"{score:.1f}"


def test_phone_and_english(synthetic_page, synthetic_server, artifacts):
    phone = synthetic_page(viewport=PHONE)
    open_progress(phone, synthetic_server, "tab=progress&year=2023")
    phone.screenshot(path=str(artifacts / "progress-phone.png"), full_page=True)
    english = synthetic_page()
    open_progress(english, synthetic_server, "tab=progress&year=2023&lang=en")
    assert "Ranking (2023)" in english.inner_text("#tab-progress-panel")
    english.wait_for_selector("#progress-trends .small-multiple svg")
    english.screenshot(path=str(artifacts / "progress-english.png"))
    assert phone.console_errors == english.console_errors == []


def test_district_profile_shows_its_progress(synthetic_page, synthetic_server):
    page = synthetic_page()
    page.goto(f"{synthetic_server}/#district=500116")
    page.wait_for_selector(".district-progress .progress-status-ahead", timeout=20_000)
    assert "领先于路径" in page.inner_text(".district-progress")


def test_shipped_data_says_the_headline_indicator_has_no_figure(new_page, client, artifacts):
    page = new_page()
    page.goto(page.base_url + "/#tab=progress")
    page.wait_for_selector("#progress-headline", timeout=20_000)
    assert "八区均暂无数据" in page.inner_text("#progress-headline")
    panel = page.inner_text("#tab-progress-panel")
    assert "复合增长" in panel and "不同口径" in panel  # the path rule and the rule of bases
    assert set(fills(page).values()) == {MISSING}
    page.screenshot(path=str(artifacts / "progress-shipped.png"))
    # 璧山's profile: its target has no figure; its public figures keep their own bases.
    page.goto(page.base_url + "/#district=500120")
    page.wait_for_selector(".district-progress .progress-status-missing", timeout=20_000)
    text = page.inner_text(".district-progress")
    assert "规上工业总产值：>1000 亿元" in text and "口径：产值" in text
    page.locator(".district-progress").screenshot(path=str(artifacts / "progress-profile.png"))
    # In English the basis and status names are the server's (its table of bases); the
    # source's own wording stays as stated, marked as Chinese.
    bases = client.get("/api/measures").json()["bases"]
    output_value = next(b for b in bases if b["code"] == "产值")
    page.goto("about:blank")
    page.goto(page.base_url + "/#district=500120&lang=en")
    page.wait_for_selector(".district-progress .progress-status-missing", timeout=20_000)
    text = page.inner_text(".district-progress")
    assert f"basis: {output_value['name_en']}" in text and "口径" not in text
    stated = page.locator(".district-progress [lang=zh-CN][data-verbatim]")
    assert any("规上工业总产值：>1000 亿元" in x for x in stated.all_inner_texts())
