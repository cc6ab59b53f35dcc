"""One policy for a system tool a test needs and cannot find."""

import os

import pytest


def missing_tool(message):
    """A system tool a test needs (Chromium, poppler-utils) is absent. `make test` installs them
    (make system-deps), so this fails: a check that did not run is never reported as passing. A
    developer without root may set ADVISOR_ALLOW_MISSING_TOOLS=1 to see these as skipped instead."""
    if os.environ.get("ADVISOR_ALLOW_MISSING_TOOLS") == "1" and os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        pytest.skip(message)
    pytest.fail(message, pytrace=False)
