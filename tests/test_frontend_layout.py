"""The 产业布局总表 tab: every cell is what section 四 of the plan says, read from the plan's text
(tests/plan_text.py), not from our data; sorting by target and by role; a click on an industry
colours the map and opens the district; CSV and XLSX downloads say the same."""

import io
import re

import pytest
from frontend_helpers import DISTRICTS, PHONE, open_map
from plan_text import plan_district_industries

pytestmark = pytest.mark.browser

READ_TABLE = """() => [...document.querySelectorAll('.layout-table tbody tr')].map((tr) => ({
  adcode: tr.dataset.adcode,
  name: tr.querySelector('th').innerText.trim(),
  target: tr.querySelector('td.layout-target').innerText.trim(),
  entries: [...tr.querySelectorAll('li.layout-entry')].map((li) => ({
    column: li.closest('td').dataset.column,
    industry: li.dataset.industry,
    role: li.classList.contains('role-leading') ? 'leading' : 'specialty',
    segments: [...li.querySelectorAll('.layout-segments button')].map((b) => b.innerText.trim()),
    etc: (li.querySelector('.layout-segments')?.innerText || '').includes('等'),
  })),
}))"""


def test_the_table_is_section_four_of_the_plan(page, artifacts):
    plan = plan_district_industries()
    assert len(plan) == 8
    open_map(page, "tab=layout")
    page.wait_for_selector("#tab-layout-panel[data-ready=true]")
    rows = page.evaluate(READ_TABLE)
    assert [r["name"] for r in rows] == list(plan)  # the plan's order
    for row in rows:
        words = plan[row["name"]]
        assert row["target"] == f"{words['target']} 亿元"
        leading = {e["industry"] for e in row["entries"] if e["role"] == "leading"}
        specialty = {e["industry"] for e in row["entries"] if e["role"] == "specialty"}
        assert leading == set(words["leading"]), row["name"]
        assert specialty == set(words["specialty"]), row["name"]
        for entry in row["entries"]:
            if entry["role"] == "leading":
                assert entry["segments"] == words["leading"][entry["industry"]]
                assert entry["etc"] == words["segments_open_ended"][entry["industry"]]
    # Nine cluster columns in the plan's order, their 2027 targets under their names.
    heads = page.locator(".layout-table thead th[data-column]").all_inner_texts()
    assert len(heads) == 10 and heads[0].startswith("智能网联新能源汽车零部件")
    assert "4000 亿元" in heads[0]
    page.screenshot(path=str(artifacts / "frontend_layout.png"))
    assert page.console_errors == []


def test_sorting_by_target_and_by_role(page):
    plan = plan_district_industries()
    open_map(page, "tab=layout")
    page.wait_for_selector("#tab-layout-panel[data-ready=true]")
    names = lambda: page.locator(".layout-table tbody th").all_inner_texts()  # noqa: E731
    page.locator("[data-sort='target:']").click()
    targets = [plan[n.strip()]["target"] for n in names()]
    assert targets == sorted(targets, reverse=True) and names()[0].strip() == "永川区"
    assert page.locator("th.layout-target").get_attribute("aria-sort") == "descending"
    # By role in 食品及农产品加工: 合川 (重庆火锅食材, leading) first, districts without it last.
    page.locator("[data-sort='role:food']").click()
    roles = page.evaluate(
        """() => [...document.querySelectorAll('.layout-table tbody tr')]
            .map((tr) => tr.querySelector('td[data-column=food]').dataset.role)"""
    )
    assert roles[0] == "leading" and names()[0].strip() == "合川区"
    rank = {"leading": 2, "specialty": 1, "none": 0}
    assert [rank[r] for r in roles] == sorted((rank[r] for r in roles), reverse=True)
    # Again: back to the plan's order.
    page.locator("[data-sort='role:food']").click()
    assert [n.strip() for n in names()] == list(plan)
    assert page.console_errors == []


def test_a_click_colours_the_map_and_opens_the_district(page):
    open_map(page, "tab=layout")
    page.wait_for_selector("#tab-layout-panel[data-ready=true]")
    tr = page.locator(".layout-table tr[data-adcode='500152']")  # 潼南
    tr.locator(".layout-segments button", has_text="动力电池及材料").click()
    page.wait_for_selector(".district-profile[data-adcode='500152']")
    page.wait_for_selector("body[data-found]")
    assert "mode=role" in page.url and "district=500152" in page.url
    assert page.locator("#tab-profile").get_attribute("aria-selected") == "true"
    assert page.locator(".legend-control").inner_text().count("动力电池及材料") == 1
    assert page.console_errors == []


def test_english_and_phone(new_page, artifacts):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_map(page, "tab=layout&lang=en")
    page.wait_for_selector("#tab-layout-panel[data-ready=true]")
    text = page.locator("#tab-layout-panel").inner_text()
    assert "Industries of the eight districts" in text and "Jiangjin District" in text
    # The tab bar scrolls sideways rather than wrapping: one line of tabs.
    tabs = "[...document.querySelectorAll('[role=tab]')]"
    tops = page.evaluate(f"() => {tabs}.map((e) => e.offsetTop)")
    assert len(set(tops)) == 1
    shot = artifacts / "frontend_layout_phone_en.png"
    page.locator("#tab-layout-panel").screenshot(path=str(shot))
    assert page.console_errors == []


def test_csv_and_xlsx_say_what_the_table_says(client):
    from openpyxl import load_workbook

    plan = plan_district_industries()
    csv = client.get("/api/overview.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Chinese
    assert "主导：智能网联新能源汽车零部件（动力电池、电驱、电转向、电制动、底盘等）" in csv.text
    xlsx = client.get("/api/overview.xlsx?lang=en")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("District", "2027 revenue target (100 million yuan)")
    assert [r[1] for r in rows[1:9]] == [d["target"] for d in plan.values()]
    assert rows[1][0] == "Jiangjin District" and len(rows[0]) == 12
    assert any("Source" in (r[0] or "") for r in rows[9:])
    assert client.get("/api/overview.xlsx?lang=fr").status_code == 422


def test_the_overview_api_covers_every_district_industry(client):
    body = client.get("/api/overview").json()
    plan = plan_district_industries()
    assert [r["adcode"] for r in body["rows"]] == list(DISTRICTS)
    for row in body["rows"]:
        named = {e["name"] for cell in row["cells"].values() for e in cell["entries"]}
        words = plan[row["name"]]
        assert named == set(words["leading"]) | set(words["specialty"])
        assert all(re.fullmatch(r"[a-z-]+", column) for column in row["cells"])
