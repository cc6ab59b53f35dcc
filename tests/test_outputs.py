"""Writing reports never destroys an input, never replaces a device or a folder, and gives files
the permissions a shell redirect would (issue 9, critical 2 and 3, medium: 0600 reports)."""

import os
import shutil
import stat
import subprocess

import pytest
from click.testing import CliRunner

from advisor.cli import main
from conftest import EXAMPLE, ROOT

WAIVERS = ROOT / "examples" / "waivers.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def _one_line_exit_2(r, *words):
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    for w in words:
        assert w in lines[0], r.output


@pytest.mark.parametrize("how", [["-o", "{p}"], ["--to", "markdown={p}"], ["--to", "{p}.md", "-o", "{p}"]])
def test_an_output_naming_the_proposal_is_refused_and_the_proposal_kept(mine, how):
    before = mine.read_bytes()
    r = run("advise", mine, *[a.format(p=mine) for a in how])
    _one_line_exit_2(r, "input")
    assert mine.read_bytes() == before


def test_the_waivers_file_as_output_is_refused(mine, tmp_path):
    waivers = tmp_path / "w.yaml"
    shutil.copy(WAIVERS, waivers)
    before = waivers.read_bytes()
    for cmd in (["advise", mine], ["audit", mine, "--fail-on", "never"], ["next", mine]):
        r = run(*cmd, "--waivers", waivers, "-o", waivers)
        _one_line_exit_2(r, "input")
    assert waivers.read_bytes() == before


def test_a_hard_link_or_symlink_to_an_input_is_refused(mine, tmp_path):
    before = mine.read_bytes()
    os.link(mine, tmp_path / "hard.md")
    (tmp_path / "soft.md").symlink_to(mine)
    for name in ("hard.md", "soft.md"):
        _one_line_exit_2(run("advise", mine, "-o", tmp_path / name), "input")
    assert mine.read_bytes() == before


def test_diff_and_portfolio_outputs_cannot_name_their_inputs(mine, tmp_path):
    folder = tmp_path / "port"
    folder.mkdir()
    one = folder / "a.yaml"
    shutil.copy(EXAMPLE, one)
    before = one.read_bytes()
    _one_line_exit_2(run("diff", mine, one, "-o", one), "input")
    _one_line_exit_2(run("audit", folder, "--format", "csv", "-o", one), "input")
    assert one.read_bytes() == before


def _devices(tmp_path):
    """Special files to aim -o at. Never the system's own /dev/null: before this fix, advisor run
    as root replaced it with a regular file, so the test makes a null device of its own (root
    can; CI runs as root) and otherwise aims at a symlink to /dev/null, which the old code only
    replaced the link of."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "null-link"
    link.symlink_to(os.devnull)
    out = [fifo, link]
    if os.geteuid() == 0:
        node = tmp_path / "null"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        out.append(node)
    return out


def test_a_device_fifo_or_folder_is_never_replaced(mine, tmp_path):
    targets = _devices(tmp_path)
    for target in targets + [tmp_path]:
        r = run("advise", mine, "-o", target)
        assert r.exit_code == 2 and "Error: " in r.output and "Traceback" not in r.output, r.output
        r = run("advise", mine, "--to", f"markdown={target}")
        assert r.exit_code == 2 and "Error: " in r.output and "Traceback" not in r.output, r.output
    fifo, link = targets[:2]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.path.islink(link)
    if len(targets) > 2:
        assert stat.S_ISCHR(os.lstat(targets[2]).st_mode)


def test_the_atomic_writer_itself_refuses_special_files(tmp_path):
    from advisor.atomic import write_text
    from advisor.errors import InputError

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError):
        write_text(str(fifo), "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_new_reports_get_the_umask_and_existing_ones_keep_their_mode(mine, tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.md"
        assert run("advise", mine, "-o", new).exit_code == 0
        assert stat.S_IMODE(os.stat(new).st_mode) == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("{}")
        os.chmod(kept, 0o640)
        assert run("advise", mine, "-o", kept).exit_code == 0
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640 and kept.read_text() != "{}"
        os.umask(0o027)
        other = tmp_path / "other.md"
        assert run("advise", mine, "--to", f"markdown={other}").exit_code == 0
        assert stat.S_IMODE(os.stat(other).st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_symlink_to_a_report_is_written_through(mine, tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    assert run("advise", mine, "-o", link).exit_code == 0
    assert os.path.islink(link) and "poisons" in real.read_text().lower()


def test_the_cli_refuses_an_output_over_its_input_as_a_process(mine, advisor_bin):
    before = mine.read_bytes()
    out = subprocess.run([advisor_bin, "advise", str(mine), "-o", str(mine)], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert mine.read_bytes() == before
