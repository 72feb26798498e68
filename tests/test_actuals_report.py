"""The 通报: JSON, A4 HTML page and XLSX workbook carry the same figures; Chinese and English;
periods without figures are a 404 problem; the shipped data says plainly that the plan's
headline indicator has no figure."""

import html
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from synthetic_actuals import _synthetic_client, _synthetic_db  # noqa: F401  (fixtures)


def test_periods(synthetic_client, client):
    assert synthetic_client.get("/api/reports").json()["periods"] == [
        {"year": 2022, "quarter": None}, {"year": 2023, "quarter": None},
        {"year": 2024, "quarter": None},
    ]  # fmt: skip
    shipped = client.get("/api/reports").json()["periods"]
    assert {"year": 2023, "quarter": 1} in shipped and {"year": 2023, "quarter": 3} in shipped


def test_report_json_matches_the_ranking(synthetic_client):
    report = synthetic_client.get("/api/reports/2023").json()
    ranking = synthetic_client.get("/api/rankings", params={"year": 2023}).json()
    assert [d["adcode"] for d in report["districts"][:2]] == ["500116", "500120"]
    assert report["ranking"]["districts"] == ranking["districts"]
    assert report["previous"] == {"year": 2022, "quarter": None}
    kinds = {(c["kind"], c["area_code"]) for c in report["changes"]}
    assert ("new", "500116") in kinds  # figures new since 2022 (value-added growth)
    assert ("figure", "500116") in kinds  # revenue 1500 → 1800, one basis
    assert ("rank", "500116") in kinds  # unranked in 2022 → 1


def test_workbook_has_the_same_figures(synthetic_client):
    report = synthetic_client.get("/api/reports/2023").json()
    response = synthetic_client.get("/reports/2023.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "各区进度", "数字", "全域指标", "变化", "来源"]
    ranking = pd.read_excel(io.BytesIO(response.content), sheet_name="排名", dtype={"adcode": str})
    scores = dict(zip(ranking["adcode"], ranking["得分"], strict=True))
    for d in report["districts"]:
        if d["score"] is None:
            assert pd.isna(scores[d["adcode"]])
        else:
            assert scores[d["adcode"]] == pytest.approx(d["score"])
    progress = pd.read_excel(
        io.BytesIO(response.content), sheet_name="各区进度", dtype={"adcode": str}
    )
    jiangjin = progress[progress["adcode"] == "500116"].iloc[0]
    assert jiangjin["本期实际"] == 1800 and jiangjin["进度"] == "领先于路径"
    assert jiangjin["本期路径值"] == pytest.approx(1500 * 2**0.2, abs=1e-3)
    hechuan = progress[progress["adcode"] == "500117"].iloc[0]
    assert pd.isna(hechuan["本期实际"]) and hechuan["进度"] == "缺数据"  # missing, not 0
    english = pd.read_excel(io.BytesIO(synthetic_client.get("/reports/2023.xlsx?lang=en").content),
                            sheet_name=None)  # fmt: skip
    assert list(english) == ["Ranking", "District progress", "Figures", "Region targets",
                             "Changes", "Sources"]  # fmt: skip


def test_page_in_both_languages(synthetic_client):
    zh = synthetic_client.get("/reports/2023/print")
    assert zh.status_code == 200 and 'lang="zh-CN"' in zh.text
    assert "赛马排名" in zh.text and "领先于路径" in zh.text and "落后于路径" in zh.text
    assert "不同口径" in zh.text
    en = synthetic_client.get("/reports/2023/print?lang=en").text
    assert 'lang="en"' in en and "Ranking of the districts" in en and "ahead of the path" in en
    assert "赛马排名" not in en


def test_shipped_report_says_the_headline_indicator_has_no_figure(client):
    page = client.get("/reports/2023/print").text
    assert "规模以上工业企业营业收入”：0/8 个区有本期数字" in page
    assert "本期没有至少两个区同口径、同期可比的数字，不排名" in page
    quarter = client.get("/reports/2023/print?quarter=1").text
    assert "2023年1—3月" in quarter and "256.3" in quarter  # 璧山 一季度 规上工业总产值
    # Each source of the year's figures is listed.
    report = client.get("/api/reports/2023").json()
    urls = [html.escape(text.split()[0]) for text in report["sources"]]
    assert urls and all(url in page for url in urls)
    assert len(set(urls)) == len(urls)


@pytest.mark.parametrize("path", ["/reports/2026/print", "/reports/2026.xlsx", "/api/reports/2026"])
def test_a_period_without_figures_is_a_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "reports exist for" in response.json()["detail"]


def test_bad_period_parameters_are_422(client):
    assert client.get("/reports/2019/print").status_code == 422
    assert client.get("/reports/2023/print?quarter=4").status_code == 422
    assert client.get("/reports/2023/print?lang=fr").status_code == 422
