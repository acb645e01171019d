"""Server-rendered pages: both languages, the language cookie, no external assets, complete Indonesian."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aseanway.i18n import catalog
from aseanway.web import create_app
from aseanway.web.app import NAV, STATUS_LABELS

WEB = Path(__file__).resolve().parents[1] / "src" / "aseanway" / "web"
PAGES = ["/", "/concepts", "/simulate", "/forecast", "/two-levels", "/runs"]
BROKEN = "version: 1\nname: x\nstart: 2026-01-01\nend: 2026-12-31\nruns: many\n"
TITLES = {
    "en": ["Know ASEAN", "Concepts", "Simulate", "Forecast", "Two levels", "Runs"],
    "id": ["Kenali ASEAN", "Konsep", "Simulasi", "Prakiraan", "Dua tingkat", "Riwayat"],
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(db_path=tmp_path_factory.mktemp("pages") / "store.duckdb", unga_data=None)
    with TestClient(app) as c:
        job = c.post("/api/run", json={"runs": 3}).json()["job_id"]
        while c.get(f"/api/jobs/{job}").json()["status"] not in ("done", "failed"):
            time.sleep(0.05)
        c.cookies.clear()
        yield c


def _title(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_page_in_both_languages(client, lang):
    for path, title in zip(PAGES, TITLES[lang], strict=True):
        r = client.get(f"{path}?lang={lang}")
        assert r.status_code == 200, (path, r.text[:300])
        assert f'<html lang="{lang}">' in r.text
        assert _title(r.text) == title
        assert 'id="lang-switch"' in r.text
    client.cookies.clear()


def test_language_is_remembered_in_a_cookie(client):
    client.cookies.clear()
    assert _title(client.get("/concepts").text) == "Concepts"
    r = client.get("/concepts?lang=id")
    assert r.cookies.get("aseanway_lang") == "id"
    assert _title(client.get("/concepts").text) == "Konsep"
    assert _title(client.get("/concepts?lang=en").text) == "Concepts"
    assert _title(client.get("/runs").text) == "Runs"
    client.cookies.clear()


def test_switch_keeps_the_query(client):
    html = client.get("/two-levels?run=1&actor=IDN&lang=en").text
    switch = re.search(r'id="lang-switch"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="lang-switch"', html)
    href = (switch.group(1) or switch.group(2)).replace("&amp;", "&")
    assert href.startswith("/two-levels?") and "run=1" in href and "actor=IDN" in href and "lang=id" in href


def test_no_page_loads_anything_from_elsewhere(client):
    for path in [*PAGES, "/runs/1", "/two-levels?run=1&actor=IDN"]:
        for lang in ("en", "id"):
            html = client.get(f"{path}?lang={lang}").text
            refs = re.findall(r'(?:src|href|action)\s*=\s*"([^"]*)"', html)
            assert refs, path
            external = [u for u in refs if re.match(r"(?i)^(https?:)?//", u)]
            assert external == [], (path, external)
            assert "cdn" not in html.lower() or "cdn" in path
    js = client.get("/static/app.js").text
    assert not re.search(r"https?://", js)
    assert client.get("/static/plotly.min.js").status_code == 200
    assert client.get("/docs").status_code == 404  # Swagger UI would come from a CDN
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/secret.txt").status_code == 404


def test_simulate_page_shows_the_precise_error_of_a_broken_upload(client):
    r = client.post("/simulate?lang=en", files={"file": ("../broken.yaml", BROKEN, "text/yaml")})
    assert r.status_code == 422
    assert "broken.yaml, line 5, field &#39;runs&#39;" in r.text


def test_forecast_page_from_csv_and_from_the_table(client):
    csv = "issue,actor,position,salience,capability\nx,A,10,50,1\nx,B,90,50,1\n"
    r = client.post(
        "/forecast?lang=id", files={"positions": ("p.csv", csv, "text/csv")}, data={"draws": "20"}
    )
    assert r.status_code == 200 and 'id="forecast-result"' in r.text
    assert "Prakiraan perundingan" in r.text
    table = {
        "issue": ["x", "x"],
        "actor": ["A", "B"],
        "position": ["10", "oops"],
        "salience": ["50", "50"],
        "capability": ["1", "1"],
    }
    r = client.post(
        "/forecast?lang=en", data=table | {"draws": "0"}, files={"positions": ("", b"", "text/csv")}
    )
    assert r.status_code == 422 and "table, line 3, field &#39;position&#39;" in r.text


def test_run_page_and_unknown_run(client):
    assert client.get("/runs/1?lang=en").status_code == 200
    r = client.get("/runs/99?lang=en")
    assert r.status_code == 404 and "no run 99" in r.text


def test_two_levels_page_shows_both_views(client):
    r = client.get("/two-levels?run=1&actor=IDN&lang=id")
    assert r.status_code == 200
    assert "Politik luar negeri" in r.text and "Politik internasional" in r.text
    assert r.text.count('class="chart"') >= 2
    r = client.get("/two-levels?run=1&actor=ATLANTIS&lang=en")
    assert r.status_code == 422 and "ATLANTIS" in r.text


def test_report_compare_and_figures_endpoints(client):
    r = client.get("/api/runs/1/compare?actor=IDN&lang=id")
    assert r.status_code == 200
    body = r.json()
    assert body["actor"] == "IDN" and len(body["rows"]) == 4
    assert client.get("/api/runs/1/compare?actor=ATLANTIS").status_code == 422
    assert client.get("/api/runs/42/compare?actor=IDN").status_code == 404
    r = client.get("/api/runs/1/report?actor=IDN&lang=id")
    assert r.status_code == 200 and r.text.lstrip().lower().startswith("<!doctype html")
    assert not re.findall(r'(?:src|href)\s*=\s*"https?://', r.text)
    figs = client.get("/api/runs/1/figures?actor=IDN").json()
    assert {"indicators", "outcomes", "network", "radar"} <= set(figs)
    assert client.get("/api/runs/42/report").status_code == 404


# ---- Indonesian is complete ---------------------------------------------------------------------------
def _template_strings() -> set[str]:
    found = set()
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*?)\1\s*\)""", text):
            found.add(m.group(2).replace("\\'", "'").replace('\\"', '"'))
    return found | {label for _p, label in NAV} | set(STATUS_LABELS.values())


def test_every_web_string_has_an_indonesian_translation():
    strings = _template_strings()
    assert "Know ASEAN" in strings and "Upload and check" in strings and "Runs with consensus (%)" in strings
    cat = catalog("id")
    missing = sorted(s for s in strings if not cat.get(s) or not cat.get(s).string)
    assert missing == [], f"web strings without an Indonesian translation: {missing}"
