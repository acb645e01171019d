"""The dashboard in a real browser: Playwright driving Debian's Chromium against a live uvicorn server.

Needs ``/usr/bin/chromium`` (Debian: ``apt-get install -y chromium``) and the ``playwright`` Python
package; no Playwright-downloaded browser is used. The tests take screenshots of the main pages (into
``docs/screenshots/`` with ASEANWAY_SCREENSHOTS=docs: `make screenshots`). Every request the pages
make is checked to stay on the server's own origin.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} not found (install Debian's chromium to run browser tests)"
)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

DOC_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
# Screenshots always go to a temporary folder (and must be real PNGs); `make screenshots` sets
# ASEANWAY_SCREENSHOTS=docs so that they replace the ones in docs/screenshots/.
SHOTS = (
    DOC_SHOTS
    if os.environ.get("ASEANWAY_SCREENSHOTS") == "docs"
    else Path(tempfile.mkdtemp(prefix="aw-shots-"))
)
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROKEN = b"version: 1\nname: broken\nstart: 2026-01-01\nend: 2026-12-31\nruns: many\nforums: [AMM]\n"
POSITIONS = b"""issue,actor,position,salience,capability
scs-coc,IDN,60,80,3
scs-coc,CHN,10,90,20
scs-coc,PHL,90,95,2
scs-coc,VNM,85,90,2
myanmar,IDN,70,60,3
myanmar,MMR,5,100,1
myanmar,THA,40,50,2
"""
TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from aseanway.web import create_app

    port = _free_port()
    app = create_app(db_path=tmp_path_factory.mktemp("browser") / "store.duckdb", unga_data=None)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > end:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(server) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    pg.route("**/*", guard)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert foreign == [], f"pages tried to load from elsewhere: {foreign}"
    assert errors == [], f"JavaScript errors: {errors}"


def _shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))
    head = (SHOTS / f"{name}.png").read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n", f"{name}.png is not a PNG"


PAGES = [
    ("/", "Know ASEAN", "Kenali ASEAN"),
    ("/concepts", "Concepts", "Konsep"),
    ("/simulate", "Simulate", "Simulasi"),
    ("/forecast", "Forecast", "Prakiraan"),
    ("/two-levels", "Two levels", "Dua tingkat"),
    ("/runs", "Runs", "Riwayat"),
]


def test_every_page_in_both_languages_with_the_switch(page):
    for path, en, id_ in PAGES:
        page.goto(f"{path}?lang=en")
        assert page.locator("h1").inner_text() == en
        page.click("#lang-switch")
        page.wait_for_url("**lang=id*")
        assert page.locator("h1").inner_text() == id_
        assert page.locator("html").get_attribute("lang") == "id"
    page.goto("/concepts")  # the cookie remembers Indonesian
    assert page.locator("h1").inner_text() == "Konsep"
    page.click("#lang-switch")
    assert page.locator("h1").inner_text() == "Concepts"
    page.goto("/?lang=en")
    assert page.locator(".member").count() == 11
    page.locator("#instruments .js-plotly-plot").wait_for()
    _shot(page, "know-asean")
    page.goto("/?lang=id")
    _shot(page, "kenali-asean-id")
    page.goto("/concepts?lang=en")
    _shot(page, "concepts")


def test_run_the_default_scenario_from_the_page(page):
    page.goto("/simulate?lang=en")
    page.fill("#runs", "5")
    page.click("#run-button")
    page.locator("#summary").wait_for()
    rows = page.locator("#summary table.summary").first.locator("tbody tr")
    assert rows.count() == page.locator("details.issue").count() > 0
    assert "5 runs" in page.locator("#summary h2").inner_text()
    page.locator("#summary .js-plotly-plot").first.wait_for()
    assert page.locator("#summary .js-plotly-plot").count() >= 2
    assert page.locator("#run-error").is_hidden()
    page.locator("#summary h2").scroll_into_view_if_needed()  # the picture shows the results
    page.evaluate("document.querySelector('#summary h2').scrollIntoView({block: 'start'})")
    _shot(page, "simulate")
    page.click("#summary a:has-text('Two levels')")
    page.select_option("select[name=actor]", "IDN")
    page.click("form button[type=submit]")
    page.locator("#two-levels .js-plotly-plot").first.wait_for()
    assert page.locator("table.compare tbody tr").count() == 4
    _shot(page, "two-levels")
    page.goto("/runs?lang=en")
    assert page.locator("#runs-table tbody tr").count() >= 1
    _shot(page, "runs")


def test_an_edited_knob_that_is_out_of_range_shows_the_error(page):
    page.goto("/simulate?lang=en")
    page.fill("#runs", "2")
    first = page.locator("details.issue input[data-field=position]").first
    first.fill("1000")
    page.click("#run-button")
    error = page.locator("#run-error")
    error.wait_for(state="visible")
    assert "outside the scale" in error.inner_text()


def test_upload_a_broken_scenario_and_see_the_precise_error(page):
    page.goto("/simulate?lang=en")
    page.set_input_files(
        "#scenario-file", files=[{"name": "broken.yaml", "mimeType": "text/yaml", "buffer": BROKEN}]
    )
    page.click("#upload-button")
    error = page.locator("#scenario-error")
    error.wait_for()
    assert "broken.yaml, line 5, field 'runs'" in error.inner_text()
    assert page.locator("#run-form").count() == 0


def test_forecast_from_an_uploaded_csv(page):
    page.goto("/forecast?lang=en")
    page.set_input_files(
        "#positions-file", files=[{"name": "positions.csv", "mimeType": "text/csv", "buffer": POSITIONS}]
    )
    page.click("#upload-button")
    result = page.locator("#forecast-result")
    result.wait_for()
    rows = result.locator("tbody tr")
    models = {rows.nth(k).locator("td").nth(1).inner_text().rstrip(" *") for k in range(rows.count())}
    from aseanway.negotiation.registry import ALL

    assert models == set(ALL)
    assert rows.count() == 2 * len(ALL)
    result.locator(".js-plotly-plot").wait_for()
    assert page.locator("#edit-table tbody tr").count() == 7  # the uploaded table, ready to edit
    _shot(page, "forecast")
    page.click("#add-row")
    assert page.locator("#edit-table tbody tr").count() == 8
