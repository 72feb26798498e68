"""Helpers of the browser tests of the front end (tests/test_frontend_*.py)."""

from __future__ import annotations

# The eight districts in the plan's order (四、（一）…（八）).
DISTRICTS = {
    "500116": "江津区",
    "500117": "合川区",
    "500118": "永川区",
    "500111": "大足区",
    "500120": "璧山区",
    "500151": "铜梁区",
    "500152": "潼南区",
    "500153": "荣昌区",
}
PHONE = {"width": 390, "height": 844}


def open_map(page, fragment: str = "") -> None:
    """Open the app (optionally at a permalink fragment) and wait until it is fully ready."""
    page.goto(page.base_url + "/" + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)


def foreign_requests(page) -> list[str]:
    """Requests that went anywhere but the app itself."""
    return [url for url in page.requests if not url.startswith(page.base_url + "/")]


def district_fills(page) -> dict[str, str]:
    """adcode → fill colour of each drawn district."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('path[data-adcode]')]
            .map((p) => [p.dataset.adcode, p.getAttribute('fill')]))"""
    )
