"""End to end: build the wheel, install it into a fresh venv, run advisor from another directory."""

import os
import subprocess
import sys
import venv

import pytest

from conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("advisor-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # durable-rules compiles from source; reuse the wheel pip built for this interpreter when it can.
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if sys.version_info >= (3, 13):
        env["CPPFLAGS"] = "-DPyEval_CallObject=PyObject_CallObject"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, env=env,
                   capture_output=True, timeout=900)
    return env_dir / "bin" / "advisor", wheel, tmp


def test_wheel_carries_the_knowledge_base(installed):
    import zipfile

    names = zipfile.ZipFile(installed[1]).namelist()
    assert "advisor/_kb/knowledge/sources.yaml" in names
    assert any(n.startswith("advisor/_kb/rules/it/") for n in names)
    assert "advisor/_kb/knowledge/sources/nhdc-2011.txt" in names


def test_installed_advisor_advises_from_another_directory(installed):
    advisor, _, tmp = installed
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ADVISOR_KB"}
    out = subprocess.run([str(advisor), "advise", str(EXAMPLE)], cwd=elsewhere, capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Poisons found:" in out.stdout and "Source" in out.stdout
    check = subprocess.run([str(advisor), "kb", "check"], cwd=elsewhere, capture_output=True, text=True,
                           env=env, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "_kb" in check.stdout  # the bundled copy inside the installed package, not this checkout
