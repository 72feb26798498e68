"""/docs and /redoc render from self-hosted assets with the network cut: every request that
does not go to the app is aborted in the browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def offline_page(new_page):
    page = new_page(locale="en-US")
    page.outside = []

    def abort(route):
        page.outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(page.base_url + "/"), abort)
    return page


def test_swagger_ui_renders_offline(new_page, artifacts):
    page = offline_page(new_page)
    page.goto(page.base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/plan" in paths and any(p.startswith("/ogc/collections") for p in paths)
    page.screenshot(path=artifacts / "docs-swagger-offline.png")
    assert page.outside == [] and page.console_errors == []


def test_redoc_renders_offline(new_page, artifacts):
    page = offline_page(new_page)
    page.goto(page.base_url + "/redoc")
    page.locator("h2", has_text="The plan document").first.wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "docs-redoc-offline.png")
    assert page.outside == [], page.outside
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_the_docs_name_no_other_host(client):
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        assert "https://" not in page.text and "http://" not in page.text
