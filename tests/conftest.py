import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# Tests keep advisor's on-disk cache in a folder of their own, never in the user's home.
os.environ.setdefault("ADVISOR_CACHE", tempfile.mkdtemp(prefix="advisor-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


def example_portfolio(tmp_path, titles):
    """A portfolio folder: the bundled example once per title, as 0.yaml, 1.yaml, ..."""
    import yaml

    folder = tmp_path / "port"
    folder.mkdir()
    for i, title in enumerate(titles):
        data = yaml.safe_load(EXAMPLE.read_text())
        data["title"] = title
        (folder / f"{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return folder


@pytest.fixture(scope="session")
def kb():
    from advisor import knowledge

    return knowledge.load(str(ROOT))


@pytest.fixture
def advisor_bin():
    return str(Path(sys.executable).parent / "advisor")


@pytest.fixture
def write(tmp_path):
    """Write text to a file in tmp_path and return its path."""
    def _write(name, text):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)
    return _write


@pytest.fixture
def kb_copy(tmp_path):
    """A copy of the bundled knowledge base (knowledge/ and rules/) that a test may break."""
    dest = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", dest / "knowledge")
    shutil.copytree(ROOT / "rules", dest / "rules")
    return dest


def kb_check(kb_dir):
    """(exit code, output) of `advisor kb check --kb kb_dir`, run in this process."""
    from click.testing import CliRunner

    from advisor.cli import main

    r = CliRunner().invoke(main, ["kb", "check", "--kb", str(kb_dir)])
    return r.exit_code, r.output

