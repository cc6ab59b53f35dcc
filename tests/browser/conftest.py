"""Real-browser tests: Playwright driving Debian's Chromium (never `playwright install`, which
downloads a browser), against `advisor serve` on 127.0.0.1 with a temporary data folder.

Without Chromium these tests skip on a developer's machine; under CI=true they fail instead, so a
missing browser can never pass CI silently (.ci/run installs it with apt-get when it is missing).
"""

import os
from pathlib import Path

import pytest
from toolcheck import missing_tool

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ADVISOR_CHROMIUM", "/usr/bin/chromium")
# Chromium must not phone home from a test: no background networking, updates or sync.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
]
PASSWORD = "correct horse battery staple"
PEOPLE = {"alice": ("officer", "North Herts"), "audrey": ("auditor", "North Herts"), "ada": ("admin", None)}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    missing_tool(f"browser tests cannot run: {reason}")


# Package scope: Playwright's sync API runs an event loop until it stops, and another test file
# (tests/test_accessibility.py) starts its own; two at once refuse to run.
@pytest.fixture(scope="package")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        _unavailable(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`advisor serve` on a free loopback port, with three accounts; stopped at the end."""
    from .serving import serve

    with serve(tmp_path_factory.mktemp("serve-data"), PEOPLE, PASSWORD) as (url, error):
        if url is None:
            pytest.fail(f"advisor serve did not start: {error}")
        yield url


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="en-GB", accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page that records console errors (a CSP violation shows up there) for the test to check."""
    p = context.new_page()
    p.console_errors = []
    p.on("console", lambda m: p.console_errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.console_errors.append(str(e)))
    return p


@pytest.fixture(scope="session")
def axe_source():
    path = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page, axe_source):
    """axe-core's WCAG 2.2 A and AA violations on the page: [(rule id, help, targets)]."""
    # evaluate() runs through the DevTools protocol, so the page's strict CSP stays in force.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]


@pytest.fixture
def check_axe(axe_source):
    def _check(page, label):
        found = axe_violations(page, axe_source)
        assert not found, f"{label} ({page.url}): axe found {found}"
        assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
    return _check


@pytest.fixture(scope="session")
def example_path():
    return ROOT / "examples" / "herts-internal-audit.yaml"
