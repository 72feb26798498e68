"""Every message in the reader's language: the string tables (every src/i18n/*.js, whichever
features add them) and every rendered view (each tab, a district and a park profile, a
placement), in Chinese and in English, are scanned for the wrong script and the wrong
punctuation. In English, Chinese may appear only where it is marked lang="zh-CN" (data without a
translation, the plan's own text) or as the plan's document number; in Chinese, Latin words only
from a short list of names and formats."""

import json
import re
import subprocess

import pytest
from frontend_helpers import open_map

from app.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

TABLES = sorted((PROJECT_ROOT / "frontend" / "src" / "i18n").glob("*.js"))
PLAN_CODE = "渝府〔2023〕13号"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
FULL_WIDTH = re.compile(r"[：；，（）、。！？]")
# Latin words that belong in Chinese text: formats, standards, names of things.
LATIN_OK = {
    "API", "CSV", "Excel", "XLSX", "JSON", "GeoJSON", "HTML", "OGC", "English", "Esc", "km",
    "OpenStreetMap", "PostGIS", "MIT", "GCJ", "WGS", "cnmaps", "data", "GeoNames", "CC", "BY",
    "Mini", "Micro", "LED", "Amap", "ⓘ", "GDP", "Shapefile", "GeoPackage", "WKT", "BD", "zip",
}  # fmt: skip
# The language switch names the other language in it (and is marked lang= so).
SWITCH = {"action.language", "action.language_label"}


def read_tables() -> dict[str, dict]:
    script = (
        "const files = JSON.parse(process.argv[1]); const out = {};"
        "for (const f of files) out[f] = (await import(f)).default;"
        "console.log(JSON.stringify(out));"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps([str(p) for p in TABLES])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def wrong_in_english(text: str) -> bool:
    text = re.sub(r"“[^”]*”", "", text)  # a term as the reader typed or chose it, quoted
    text = re.sub(rf"{PLAN_CODE}( [一二三四五六七八九十、（）]+)?", "", text)  # the plan, cited
    return bool(CJK.search(text) or FULL_WIDTH.search(text))


def wrong_in_chinese(text: str) -> bool:
    text = re.sub(r"https?://\S+|/[\w/.-]+", "", text)  # links and paths (/api/districts)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return any(w not in LATIN_OK for w in words)


def test_every_string_table_is_in_its_language():
    tables = read_tables()
    assert len(tables) >= 3
    wrong = []
    for file, table in tables.items():
        assert set(table) == {"zh", "en"}, file
        assert set(table["zh"]) == set(table["en"]), f"{file}: keys differ between languages"
        for key, text in table["en"].items():
            if key not in SWITCH and wrong_in_english(text):
                wrong.append(f"en {key}: {text}")
        for key, text in table["zh"].items():
            if key not in SWITCH and wrong_in_chinese(re.sub(r"\{\w+\}", "", text)):
                wrong.append(f"zh {key}: {text}")
    assert wrong == []


# Text and names of what is shown, outside elements marked as the other language.
VISIBLE_TEXT = """(other) => {
  const out = [];
  // Not checked: the other language where it is marked so; data shown verbatim as its sources
  // record it ([data-verbatim]); the site-selection reasons, sentences the server writes with
  // the plan's and the parks' own words in them (checked by the site-selection tests).
  const skip = (el) => !el.getClientRects().length || el.closest(`[lang^="${other}"]`)
    || el.closest('[hidden], [data-verbatim], .siting-results .reasons')
    || el.closest('.leaflet-control-attribution');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (text && !skip(node.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt'])
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
  }
  return [...new Set(out)];
}"""

VIEWS = [
    "",
    "tab=find",
    "tab=layout",
    "tab=dashboard",
    "tab=siting",
    "district=500151",
    "park=jiangjin-shuangfu-park",
    "tab=find&mode=role&industry=动力电池",
    "tab=siting&mode=siting&site=动力电池&mu=300&near=中心城区&km=60",
    "tab=chains",
    "tab=progress",
    "tab=import",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_view_is_in_its_language(page, lang, artifacts):
    other, wrong_script = ("zh", wrong_in_english) if lang == "en" else ("en", wrong_in_chinese)
    wrong = {}
    for view in VIEWS:
        page.goto("about:blank")
        open_map(page, f"lang={lang}&{view}")
        # Profiles, placements, charts and answers arrive: wait until nothing more is asked.
        page.wait_for_load_state("networkidle")
        found = [text for text in page.evaluate(VISIBLE_TEXT, other) if wrong_script(text)]
        if found:
            wrong[view] = found
    assert wrong == {}
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_server_errors_are_told_in_the_readers_words(page, lang):
    open_map(page, f"lang={lang}&district=500199")  # six digits, but no 渝西 district: a 404
    alert = page.locator("#tab-profile-panel [role=alert]")
    alert.wait_for()
    message = alert.inner_text()
    assert "not found" not in message and "500199" not in message
    assert ("没有找到" in message) if lang == "zh" else ("does not exist" in message)
    # A 422 (the term is too long for /api/placements): no "Input should be…" from the server.
    page.locator("#tab-find").click()
    page.locator("#find-input").fill("电" * 101)
    page.locator("#find-input").press("Enter")
    alert = page.locator("#tab-find-panel [role=alert]")
    alert.wait_for()
    assert "should" not in alert.inner_text() and "String" not in alert.inner_text()
    assert ("无效" in alert.inner_text()) if lang == "zh" else ("not valid" in alert.inner_text())


def test_a_district_next_to_the_central_city_is_said_to_border_it(client):
    answer = client.get(
        "/api/site-selection", params={"industry": "动力电池", "near": "中心城区"}
    ).json()
    texts = [r for d in answer["districts"] for r in d["reasons"] if r["code"] == "distance"]
    assert texts and not any("0.0 km" in r["zh"] or "0.0 km" in r["en"] for r in texts)
    bishan = next(d for d in answer["districts"] if d["adcode"] == "500120")  # 璧山 borders it
    assert any("相邻" in r["zh"] and "next to" in r["en"] for r in bishan["reasons"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_is_in_its_language(page, live_server, client, lang):
    """The 通报 page of every period with figures: basis, unit and status names in the reader's
    language; what the sources state (Chinese) marked as Chinese."""
    other, wrong_script = ("zh", wrong_in_english) if lang == "en" else ("en", wrong_in_chinese)
    periods = client.get("/api/reports").json()["periods"]
    assert periods
    wrong = {}
    for p in periods:
        query = f"lang={lang}" + (f"&quarter={p['quarter']}" if p["quarter"] else "")
        page.goto(f"{live_server}/reports/{p['year']}/print?{query}")
        found = [text for text in page.evaluate(VISIBLE_TEXT, other) if wrong_script(text)]
        if found:
            wrong[f"{p['year']} {p['quarter']}"] = found
    assert wrong == {}


def test_no_developer_metrics_in_the_ui(page):
    """No timings (“用时 148 毫秒”) in a site-selection answer, in either language."""
    for lang in ("zh", "en"):
        page.goto("about:blank")
        open_map(page, f"lang={lang}&tab=siting&mode=siting&site=动力电池&mu=300")
        page.wait_for_selector(".siting-results")
        text = page.locator("#tab-siting-panel").inner_text()
        assert not re.search(r"\d\s*(毫秒|ms\b|milliseconds)", text), text
