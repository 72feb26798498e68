"""Plan edits in the map, in Chromium (issue 12, item 3): a district profile lets an editor
change its leading and specialty industries and its 2027 target with a reason and a source; a
third leading industry is refused with the plan's rule cited in the reader's language; a
changed target is saved, recorded and shown."""

from __future__ import annotations

import httpx
import pytest

from tests.editing.conftest import PASSWORD
from tests.editing.test_editing_frontend import _page, _sign_in
from tests.editing.test_editing_language import chinese_ok, english_ok

pytestmark = pytest.mark.browser

JIANGJIN = "500116"


def open_district(page, server: str, lang: str) -> None:
    page.goto(f"{server}/#lang={lang}&district={JIANGJIN}")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.wait_for_selector(".district-profile > .plan-editing .last-change")


def other_industry(server: str) -> str:
    """An industry of the plan's vocabulary that 江津 does not have."""
    profile = httpx.get(f"{server}/api/districts/{JIANGJIN}").json()
    held = {i["id"] for i in profile["leading_industries"] + profile["specialty_industries"]}
    return next(
        i["id"] for i in httpx.get(f"{server}/api/industries").json() if i["id"] not in held
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_third_leading_industry_is_refused_with_the_rule(
    browser, editing_server, artifacts, lang
):
    context, page = _page(browser, editing_server, locale="zh-CN" if lang == "zh" else "en-GB")
    try:
        open_district(page, editing_server, lang)
        assert page.locator(".plan-edit").count() == 0, "anonymous readers get no edit tools"
        _sign_in(page, "planner")
        page.click(".plan-edit")
        page.wait_for_selector(".plan-form")
        assert page.locator(".plan-leading-row").count() == 2
        page.click(".plan-add-leading")
        page.locator(".plan-leading-row >> nth=2 >> select").select_option(
            other_industry(editing_server)
        )
        page.fill(".plan-form .edit-reason", "测试" if lang == "zh" else "test")
        page.fill(".plan-form .edit-source", "测试" if lang == "zh" else "test")
        page.click(".plan-save")
        error = page.locator(".plan-form .error[data-code='plan.leading_rule']")
        error.wait_for()
        text = error.inner_text()
        assert "渝府〔2023〕13号 四" in text
        if lang == "zh":
            assert chinese_ok(text) and "四、空间布局" in text
            error.scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "editing-plan-refused-zh-desktop.png"))
        else:
            assert english_ok(text) and "Spatial layout" in text
            error.scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "editing-plan-refused-desktop-en.png"))
        assert [e for e in page.errors if "status of 422" not in e] == []
    finally:
        context.close()


def test_a_changed_target_is_saved_recorded_and_shown(browser, editing_server):
    before = httpx.get(f"{editing_server}/api/districts/{JIANGJIN}").json()["revenue_target_2027"]
    context, page = _page(browser, editing_server)
    try:
        open_district(page, editing_server, "zh")
        _sign_in(page, "planner")
        page.click(".plan-edit")
        page.wait_for_selector(".plan-form")
        page.fill(".plan-target", str(before + 1))
        page.fill(".plan-form .edit-reason", "区政府调整目标（测试）")
        page.fill(".plan-form .edit-source", "测试文件")
        page.click(".plan-save")
        page.wait_for_function(
            "() => !document.querySelector('.plan-form')"
            " && document.querySelector('.district-profile .target-value')",
            timeout=10_000,
        )
        after = httpx.get(f"{editing_server}/api/districts/{JIANGJIN}").json()
        assert after["revenue_target_2027"] == before + 1
        changes = httpx.get(
            f"{editing_server}/api/history",
            params={"entity": "indicator", "entity_id": f"revenue:{JIANGJIN}"},
        ).json()["changes"]
        assert changes[0]["source"] == "测试文件" and changes[0]["actor"] == "planner"
        # Put it back (as an admin, through the history), so the other tests see the plan's.
        token = httpx.post(
            f"{editing_server}/api/auth/token", data={"username": "chief", "password": PASSWORD}
        ).json()["access_token"]
        restored = httpx.post(
            f"{editing_server}/api/history/{changes[0]['id']}/restore",
            headers={"Authorization": f"Bearer {token}"},
            json={"version": "before", "reason": "测试：撤销"},
        )
        assert restored.status_code == 200, restored.text
        again = httpx.get(f"{editing_server}/api/districts/{JIANGJIN}").json()
        assert again["revenue_target_2027"] == before
        assert page.errors == []
    finally:
        context.close()
