"""Helpers shared by the report tests (not a test module)."""

import os
import re
from pathlib import Path

from click.testing import CliRunner

from advisor.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/herts-internal-audit.yaml"
TODAY = "2026-06-01"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("ADVISOR_REGEN_GOLDEN") == "1"


def run(*args, cwd=ROOT):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], env={"ADVISOR_TODAY": TODAY, "ADVISOR_KB": None})
    finally:
        os.chdir(old)


def normalise(text):
    """No KB digest churn: the 16-hex digest becomes a placeholder."""
    return re.sub(r"\b[0-9a-f]{16}\b", "<digest>", text)


def check_golden(name, text):
    path = GOLDEN / name
    text = normalise(text)
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run ADVISOR_REGEN_GOLDEN=1 make test"
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} differs from the golden file; if the change is intended, run "
        f"ADVISOR_REGEN_GOLDEN=1 make test and review the diff of tests/golden/")
