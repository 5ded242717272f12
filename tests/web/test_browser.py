"""The dashboard in a real browser: Debian's chromium driven by Playwright, against a live server.

Playwright cannot download its own browser here, so the system chromium is launched directly. Where
/usr/bin/chromium is missing these tests skip, except under BRINKWATCH_REQUIRE_BROWSER=1 (CI), where
a missing browser is a failure. Screenshots go to $BRINKWATCH_SCREENSHOTS or a pytest tmp folder.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from brinkwatch.api import create_app
from tests.web.conftest import build_repository

pytestmark = pytest.mark.network

CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PAGES = {
    "feed": "/",
    "event": "/events/a1-0",
    "article": "/articles/a1",
    "dyad": "/dyads/USAMIL/IRQMIL",
    "alerts": "/alerts",
    "network": "/network",
    "map": "/map",
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(build_repository()), host="127.0.0.1", port=port, log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 10 s")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("BRINKWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (BRINKWATCH_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("BRINKWATCH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: Browser, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    """A page that records console errors, failed requests and any request off this machine."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))

    def check_host(request: object) -> None:
        url = getattr(request, "url", "")
        if urlparse(url).hostname not in {"127.0.0.1", None} and not url.startswith("data:"):
            problems.append(f"remote request: {url}")

    page.on("request", check_host)
    return page, problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_browser_page_loads_fits_and_stays_local(
    browser: Browser, server: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    page, problems = _open(browser, viewport)
    response = page.goto(server + PAGES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(screenshots / f"{name}-{viewport['width']}.png"), full_page=True)
    page.close()
    assert problems == []
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px wide"


def test_browser_filter_then_open_an_event_shows_its_highlights(browser: Browser, server: str) -> None:
    page, problems = _open(browser, DESKTOP)
    page.goto(server + "/")
    assert page.locator(".event-card").count() == 5
    page.fill("input[name=actor]", "USA")
    page.select_option("select[name=min_certainty]", "reported")
    page.click("button[type=submit]")
    page.wait_for_url("**/?*actor=USA*")
    assert page.locator(".event-card").count() == 1
    page.click(".event-card a.event-link")
    page.wait_for_url("**/events/a1-0")
    marks = {role: page.locator(f"#evidence-sentence mark.{role}").inner_text() for role in ("actor", "trigger")}
    marks |= {role: page.locator(f"#evidence-sentence mark.{role}").inner_text() for role in ("recipient", "place")}
    assert marks == {"actor": "US forces", "trigger": "struck", "recipient": "the militia", "place": "Qaim"}
    colours = {
        page.locator(f"#evidence-sentence mark.{role}").evaluate("e => getComputedStyle(e).backgroundColor")
        for role in ("actor", "trigger", "recipient", "place")
    }
    assert len(colours) == 4 and "rgba(0, 0, 0, 0)" not in colours  # four distinct, visible highlights
    assert page.locator("#chain li").count() == 2
    assert page.locator("#reports li").count() == 2
    page.close()
    assert problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_browser_dyad_chart_draws_series_and_alert(browser: Browser, server: str, viewport: dict[str, int]) -> None:
    page, problems = _open(browser, viewport)
    page.goto(server + "/dyads/USAMIL/IRQMIL")
    chart = page.locator("#dyad-chart svg")
    assert chart.count() == 1
    points = chart.locator("polyline.score-line").get_attribute("points") or ""
    assert len(points.split()) == 12
    assert chart.locator("rect.count-bar").count() == 12 and chart.locator("rect.alert-band").count() == 1
    box = chart.bounding_box()
    assert box is not None and box["width"] <= viewport["width"] and box["height"] >= 200
    # The alert band covers the burst: its right edge is at the last day's bar.
    band = chart.locator("rect.alert-band").bounding_box()
    last_bar = chart.locator("rect.count-bar").last.bounding_box()
    assert band is not None and last_bar is not None
    assert abs((band["x"] + band["width"]) - (last_bar["x"] + last_bar["width"])) < 2
    page.close()
    assert problems == []


def test_browser_network_edge_opens_the_dyad(browser: Browser, server: str) -> None:
    page, problems = _open(browser, DESKTOP)
    page.goto(server + "/network")
    edges = page.locator("#network path[data-actor]")
    assert edges.count() == 4 and page.locator("#network .node").count() == 6
    # Click on the curve itself (the middle of its bounding box is off a curved stroke).
    middle = page.locator('#network path[data-actor="ISR"][data-recipient="IRN"]').evaluate(
        """p => { const m = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM());
                 return [m.x, m.y]; }"""
    )
    page.mouse.click(middle[0] + 3, middle[1] + 3)  # a few pixels off the line still hits it
    page.wait_for_url("**/dyads/ISR/IRN")
    page.close()
    assert problems == []


def test_browser_map_plots_located_events_on_the_local_base_map(browser: Browser, server: str) -> None:
    page, problems = _open(browser, DESKTOP)
    with page.expect_response(lambda r: r.url.endswith("/static/world.svg")) as base:
        page.goto(server + "/map")
    assert base.value.status == 200
    dots = page.locator("#map circle[data-id]")
    assert sorted(dots.evaluate_all("ds => ds.map(d => d.dataset.id)")) == ["a1-0", "a2-0", "a3-0"]
    # Qaim sits at 41.09 E, 34.37 N: the dot is drawn at x = lon, y = -lat in the map's own units.
    assert page.locator('#map circle[data-id="a1-0"]').get_attribute("cx") == "41.09"
    assert page.locator('#map circle[data-id="a1-0"]').get_attribute("cy") == "-34.37"
    page.close()
    assert problems == []
