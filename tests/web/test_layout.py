"""One core, two front ends: the web layer imports neither the CLI nor click, and the static files
are the build's output."""

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "advisor" / "web"
STATIC = WEB / "static"


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")


def test_nothing_under_web_imports_the_cli_or_click():
    for path in WEB.rglob("*.py"):
        for name in _imports(path):
            assert not name.split(".")[0] == "click", f"{path.relative_to(ROOT)} imports click"
            # The command line is cli.py, cli_options.py and commands/; the web shares only the core.
            front_end = {"cli", "cli_options", "commands"} & set(name.lstrip(".").split("."))
            assert not front_end, f"{path.relative_to(ROOT)} imports the CLI ({name})"


def test_the_static_files_are_the_unbranded_build():
    css = (STATIC / "advisor.css").read_text(encoding="utf-8")
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "arial" in css.lower()
    assert "govuk-frontend 6." in (STATIC / "LICENCE.txt").read_text(encoding="utf-8")
    assert "Crown Copyright" in (STATIC / "LICENCE.txt").read_text(encoding="utf-8")
    assert not list(STATIC.rglob("*.woff*")) and not list(STATIC.rglob("*.png")), "no GOV.UK fonts or images"
    assert "sourceMappingURL" not in (STATIC / "govuk-frontend.min.js").read_text(encoding="utf-8")


def test_the_stray_tests_package_of_govuk_frontend_jinja_cannot_shadow_ours():
    # govuk-frontend-jinja's wheel installs a top-level `tests` (tests/utils/app.py). Our tests
    # are never imported as `tests.*` (the packages here are `web`, `browser`), and `tests`
    # resolves to a namespace that includes this folder, so nothing of ours is hidden by it.
    spec = importlib.util.find_spec("tests")
    if spec is not None:
        locations = [Path(p).resolve() for p in (spec.submodule_search_locations or [])]
        assert (ROOT / "tests").resolve() in locations or not (ROOT / "tests" / "__init__.py").exists()
    for path in (ROOT / "tests").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith("tests."), f"{path.relative_to(ROOT)} imports {name}"
