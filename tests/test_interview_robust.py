"""`advisor interview` where things go wrong (issue 9): a read-only folder, standard input closed,
a corrupt or ambiguous sidecar, and --resume A -o B onto an existing B. Each ends in one line and
exit 2, and no answer is ever typed in vain."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLE

ADVISOR = [sys.executable, "-c", "import sys; from advisor.cli import main; sys.argv[0] = 'advisor'; main()"]


def _unprivileged():
    """A prefix under which file permissions bind. CI runs as root, and root writes anywhere unless
    it gives up the capabilities that override permissions (util-linux setpriv)."""
    if os.geteuid() == 0:
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    return []


def interview(args, cwd, input_text=None, prefix=(), **kw):
    return subprocess.run([*prefix, *ADVISOR, "interview", *args], cwd=cwd, input=input_text,
                          capture_output=True, text=True, timeout=240, **kw)


def _one_line_exit_2(r, *words):
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    for w in words:
        assert w in lines[0], r.stderr


def test_a_read_only_folder_fails_before_the_first_question(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        r = interview(["-o", "ro/p.yaml", "--no-report"], tmp_path, "Shared payroll\n", _unprivileged())
    finally:
        os.chmod(folder, 0o755)
    _one_line_exit_2(r, "p.yaml", "cannot write")
    assert "Section" not in r.stdout  # no question was asked, so no answer was lost
    assert not (folder / "p.yaml").exists()


def test_standard_input_closed_is_one_line(tmp_path):
    r = subprocess.run(["sh", "-c", 'exec "$@" <&-', "sh", *ADVISOR, "interview", "-o", "p.yaml"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=240)
    _one_line_exit_2(r, "no terminal and no answers")
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("line,key", [("skipped: 5", "skipped"), ("partners_done: maybe", "partners_done"),
                                      ("history: [1, 2]", "history"), ("finished: {}", "finished")])
def test_a_bad_sidecar_is_an_error_naming_its_line(tmp_path, line, key):
    shutil.copy(EXAMPLE, tmp_path / "p.yaml")
    (tmp_path / "p.yaml.interview").write_text(f"format: advisor-interview/1\nproposal: p.yaml\n{line}\n")
    before = (tmp_path / "p.yaml").read_bytes()
    r = interview(["--resume", "p.yaml", "--no-report"], tmp_path, "\n")
    _one_line_exit_2(r, "p.yaml.interview:3:", key)
    assert (tmp_path / "p.yaml").read_bytes() == before


def test_a_sidecar_that_is_not_one_is_an_error(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "p.yaml")
    (tmp_path / "p.yaml.interview").write_text("[1, 2\n")
    r = interview(["--resume", "p.yaml", "--no-report"], tmp_path, "\n")
    _one_line_exit_2(r, "p.yaml.interview")


def test_resume_into_an_existing_file_needs_overwrite(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("title: keep me\n")
    r = interview(["--resume", "a.yaml", "-o", "b.yaml", "--no-report"], tmp_path, "\n")
    _one_line_exit_2(r, "b.yaml", "--overwrite")
    assert (tmp_path / "b.yaml").read_text() == "title: keep me\n"
    r = interview(["--resume", "a.yaml", "-o", "b.yaml", "--overwrite", "--no-report"], tmp_path, "\n")
    assert r.returncode == 0, r.stderr
    assert "keep me" not in (tmp_path / "b.yaml").read_text()


def test_resume_into_the_same_file_by_another_name_is_fine(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "a.yaml")
    os.symlink("a.yaml", tmp_path / "same.yaml")
    r = interview(["--resume", "a.yaml", "-o", "same.yaml", "--no-report"], tmp_path, "\n")
    assert r.returncode == 0, r.stderr


def test_the_answers_file_is_never_the_output(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "answers.yaml")
    before = (tmp_path / "answers.yaml").read_bytes()
    r = interview(["--answers", "answers.yaml", "-o", "answers.yaml", "--overwrite", "--no-report"], tmp_path)
    _one_line_exit_2(r, "input")
    assert (tmp_path / "answers.yaml").read_bytes() == before


def test_mistyped_ids_in_an_answers_file_are_unknown_not_unneeded(tmp_path):
    (tmp_path / "answers.yaml").write_text(
        "service.kidn: payroll\nservice:\n  nmae: Payroll\nanswers:\n  governance.bord: yes\n"
        "partners[0].sectr: public\nservice.kind: payroll\n")
    r = interview(["-o", "p.yaml", "--answers", "answers.yaml", "--no-report"], tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "not needed" not in r.stdout + r.stderr
    for line in ("answers.yaml:1: service.kidn: unknown question id (did you mean 'service.kind'?)",
                 "answers.yaml:3: service.nmae: unknown question id (did you mean 'service.name'?)",
                 "answers.yaml:5: answers.governance.bord: unknown question id (did you mean "
                 "'answers.governance.board'?)",
                 "answers.yaml:6: partners[0].sectr: unknown question id (did you mean 'partners[0].sector'?)"):
        assert line in r.stderr, r.stderr
    assert not (tmp_path / "p.yaml").exists()
