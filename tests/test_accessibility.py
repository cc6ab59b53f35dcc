"""axe-core finds no WCAG 2.2 AA violation in the advice and audit HTML, in a real browser.

Debian's Chromium, driven by Playwright (never `playwright install`: it downloads browsers). axe-core
4.14.1 is vendored in tests/vendor/axe-core/ with its licence. Under CI=true a missing browser or
Playwright fails the test; elsewhere it is skipped with the command that installs it.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from toolcheck import missing_tool

from reportkit import EXAMPLE, run

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ADVISOR_CHROMIUM", "/usr/bin/chromium")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _need_browser():
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing.append("chromium (apt-get install -y chromium)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        missing_tool(message)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            yield b
        finally:
            b.close()


def _axe(browser, html_path):
    page = browser.new_page()
    try:
        page.goto(html_path.as_uri())
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    finally:
        page.close()
    return result


def _violations(result):
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


@pytest.mark.parametrize("command,extra", [
    ("advise", ("--detail", "summary")),
    ("advise", ("--detail", "full")),
    ("audit", ("--fail-on", "medium")),
    ("audit", ("--only", "failing")),
])
def test_axe_finds_no_wcag_aa_violation(browser, tmp_path, command, extra):
    out = tmp_path / f"{command}.html"
    result = run(command, EXAMPLE, "--format", "html", "-o", out, *extra)
    assert result.exit_code in (0, 1), result.output
    found = _axe(browser, out)
    assert _violations(found) == []
    # The run really checked this page: the rules about its language, title and text contrast passed.
    passed = {p["id"] for p in found["passes"]}
    assert {"html-has-lang", "document-title", "color-contrast"} <= passed, json.dumps(sorted(passed))


def test_axe_catches_a_broken_page(browser, tmp_path):
    """The check can fail: a page without a language and with a low-contrast, unlabelled input."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><main>"
                   "<p style='color:#bbb;background:#fff'>faint text</p><input type='text'></main></body></html>",
                   encoding="utf-8")
    ids = {v["id"] for v in _axe(browser, bad)["violations"]}
    assert {"html-has-lang", "color-contrast", "label"} <= ids
