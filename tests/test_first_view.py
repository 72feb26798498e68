"""The first view in headless Chromium: the eight districts drawn with their names."""

import pytest

pytestmark = pytest.mark.browser

NAMES = ["江津区", "合川区", "永川区", "大足区", "璧山区", "铜梁区", "潼南区", "荣昌区"]


def test_first_view_draws_the_eight_districts(page, artifacts):
    page.goto(page.base_url + "/")
    page.wait_for_selector("[data-adcode='500153']", state="attached", timeout=15_000)
    assert page.locator("path[data-adcode]").count() >= 8
    labels = page.locator(".district-label").all_inner_texts()
    for name in NAMES:
        assert name in labels
    page.screenshot(path=str(artifacts / "first_view.png"))
    assert page.console_errors == []
    # Nothing is fetched from anywhere but the app itself.
    assert all(url.startswith(page.base_url) for url in page.requests), page.requests
