"""Reading input: regular files only, bounded, never through a link found in a folder; `-` is
standard input; anything wrong is one line and exit 2, never a hang or a traceback (issue 9)."""

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from advisor import knowledge, yamlio
from advisor.cli import main
from advisor.errors import InputError
from advisor.kbcheck import NUMBERED_PARAGRAPH
from conftest import EXAMPLE


def cli(advisor_bin, *args, stdin=subprocess.DEVNULL, timeout=60, env=None):
    """Run advisor as a process (a hang or a crash must not take the test run with it). The
    timeout is a hang guard, far above any real run, not a speed check (that is make bench)."""
    try:
        return subprocess.run([advisor_bin, *map(str, args)], stdin=stdin, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"advisor {' '.join(map(str, args))} hung: no answer in {timeout} s")


def one_line_exit_2(out, *words):
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert "Traceback" not in out.stderr
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), out.stderr[-2000:]
    for w in words:
        assert w in lines[0], out.stderr


# ---------------------------------------------------------------- special files

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_a_byte_is_read(advisor_bin, device, monkeypatch):
    # /dev/zero used to be read forever. It is refused on its file type, so no read of it begins.
    reads = []
    monkeypatch.setattr(yamlio, "_read_stream", lambda fh, name, limit: reads.append(name))
    with pytest.raises(InputError, match="not a regular file"):
        yamlio.read_bytes(device)
    assert reads == []
    one_line_exit_2(cli(advisor_bin, "advise", device), device, "not a regular file")


class Endless:
    """Standard input that never ends (`advisor advise - < /dev/zero`), counting what is taken."""

    def __init__(self):
        self.taken = 0

    def read(self, n):
        self.taken += n
        if self.taken > 1 << 20:  # far past any limit used here: fail, never hang
            raise AssertionError(f"read {self.taken} bytes and still reading")
        return b"\0" * n


def test_endless_standard_input_is_read_only_to_the_limit(monkeypatch):
    endless = Endless()
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": endless})())
    with pytest.raises(InputError, match="larger than 4096 bytes"):
        yamlio.read_bytes("-", limit=4096)
    assert endless.taken == 4097  # the limit and one byte to know it was passed, then no more


def test_a_fifo_is_refused_without_blocking(advisor_bin, tmp_path):
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    one_line_exit_2(cli(advisor_bin, "advise", fifo), "not a regular file")


def test_reads_stop_at_the_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"title: x\n" + b"#" * (yamlio.MAX_BYTES + 10))
    with pytest.raises(InputError, match="larger than"):
        yamlio.load_file(big)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")  # named by the user, followed, and still refused
    with pytest.raises(InputError, match="not a regular file"):
        yamlio.load_file(link)


def test_dash_reads_standard_input(advisor_bin):
    with open(EXAMPLE, "rb") as fh:
        piped = cli(advisor_bin, "advise", "-", stdin=fh)
    named = cli(advisor_bin, "advise", EXAMPLE)
    assert piped.returncode == 0, piped.stderr
    # the same report, but for the closing line that names where the proposal came from: in
    # words, not as "-"
    assert piped.stdout.rsplit("\n\n", 1)[0] == named.stdout.rsplit("\n\n", 1)[0]
    assert piped.stdout.startswith("Advice on ")
    closing = " ".join(piped.stdout.rsplit("\n\n", 1)[1].split())
    assert closing.startswith("Made by advisor from standard input, with knowledge base "), closing
    with open(EXAMPLE, "rb") as fh:
        data = json.loads(cli(advisor_bin, "audit", "-", "--format", "json", stdin=fh).stdout)
    assert data["proposal"]["file"] == "standard input"


def test_bad_yaml_on_standard_input_names_stdin(advisor_bin):
    out = subprocess.run([advisor_bin, "advise", "-"], input="service:\n  catgory: x\n", capture_output=True,
                         text=True, timeout=60)
    one_line_exit_2(out, "<stdin>:2")


# ---------------------------------------------------------------- portfolio folders

def test_a_symlink_in_an_audited_folder_is_not_read(advisor_bin, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$TOPSECRETHASH:19000:0:99999:7:::\nanother: line\n")
    port = tmp_path / "port"
    port.mkdir()
    shutil.copy(EXAMPLE, port / "a.yaml")
    (port / "zz.yaml").symlink_to(secret)
    out = cli(advisor_bin, "audit", port, "--fail-on", "never")
    one_line_exit_2(out, "zz.yaml", "symlink")
    assert "TOPSECRET" not in out.stderr + out.stdout and "another" not in out.stderr


def test_a_fifo_or_folder_in_an_audited_folder_is_refused(advisor_bin, tmp_path):
    port = tmp_path / "port"
    port.mkdir()
    shutil.copy(EXAMPLE, port / "a.yaml")
    os.mkfifo(port / "b.yaml")
    (port / "c.yaml").mkdir()
    out = cli(advisor_bin, "audit", port, "--fail-on", "never")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "b.yaml" in out.stderr and "c.yaml" in out.stderr


def test_a_far_future_review_date_is_one_line_and_exit_2(advisor_bin, tmp_path):
    port = tmp_path / "port"
    port.mkdir()
    shutil.copy(EXAMPLE, port / "a.yaml")
    (port / "b.yaml").write_text("title: Far\nreview:\n  last_review: 9999-12-31\n")
    out = cli(advisor_bin, "audit", port, "--fail-on", "never", "--format", "csv")
    one_line_exit_2(out, "b.yaml", "review.last_review", "9999-12-31")


def test_a_hundred_thousand_partners_are_refused_before_parsing(tmp_path):
    text = "title: x\npartners:\n" + "".join(f"  - name: Council {i}\n" for i in range(100_000))
    with pytest.raises(InputError) as exc:
        yamlio.load_text(text, "p.yaml")
    assert (exc.value.file, exc.value.line) == ("p.yaml", 2)
    assert "partners" in str(exc.value)


# ---------------------------------------------------------------- the knowledge base

def kb_run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.output, r.exception


def test_a_rule_path_that_is_a_folder(kb_copy):
    (kb_copy / "rules" / "data" / "data.folder.yaml").mkdir()
    code, out, exc = kb_run("kb", "check", "--kb", kb_copy)
    assert code == 2 and not isinstance(exc, (IsADirectoryError, TypeError)), out
    assert "data.folder.yaml" in out and "folder" in out


@pytest.mark.parametrize("command", ["check", "stats"])
def test_a_cp1252_source_is_one_line(kb_copy, command):
    path = kb_copy / "knowledge" / "sources" / "hdc-2011.txt"
    path.write_bytes(path.read_bytes() + "\nCafé — Ωmega".encode("utf-8").decode("utf-8").encode("cp1252", "replace"))
    code, out, exc = kb_run("kb", command, "--kb", kb_copy)
    assert code == 2, out
    assert not isinstance(exc, UnicodeDecodeError)
    assert "hdc-2011.txt" in out and "UTF-8" in out


def test_a_source_outside_the_knowledge_base_is_refused(kb_copy, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    sources = kb_copy / "knowledge" / "sources.yaml"
    sources.write_text(sources.read_text().replace("file: sources/hdc-2011.txt", "file: ../../passwd"))
    code, out, _ = kb_run("kb", "check", "--kb", kb_copy)
    assert code == 2 and "outside the knowledge base" in out, out
    with pytest.raises(InputError):
        knowledge.load(str(kb_copy))


def test_a_rule_file_linked_outside_the_knowledge_base_is_refused(kb_copy, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: data.elsewhere\n")
    (kb_copy / "rules" / "data" / "data.elsewhere.yaml").symlink_to(outside)
    code, out, _ = kb_run("kb", "check", "--kb", kb_copy)
    assert code == 2 and "outside the folder" in out, out


def test_a_paragraph_number_is_looked_for_on_its_own_line_only():
    # kb stats took 20 s over 40,000 lines of "-": the bullets and blanks before a paragraph
    # number could run on across lines, so every line start rescanned the rest of the text. A
    # prefix that stops at its line's end keeps the scan linear (make bench times it).
    assert NUMBERED_PARAGRAPH.match("-\n3.4 Heading") is None
    text = "-\n" * 40_000 + "  - 3.4.1 Heading\n"
    found = list(NUMBERED_PARAGRAPH.finditer(text))
    assert [m.group(1) for m in found] == ["3.4.1"] and found[0].start() == 80_000


def test_kb_stats_is_unchanged_by_lines_of_dashes(kb_copy):
    code, plain, _ = kb_run("kb", "stats", "--kb", kb_copy)
    path = kb_copy / "knowledge" / "sources" / "hdc-2011.txt"
    path.write_text(path.read_text() + "-\n" * 40_000)
    code, dashed, _ = kb_run("kb", "stats", "--kb", kb_copy)
    assert code == 0 and dashed == plain, dashed


def test_a_bad_date_followed_by_spaces_is_reported_with_its_line():
    text = "title: x\nmilestones:\n  - 2030-02-30" + " " * 160_000 + "\n"
    with pytest.raises(InputError) as exc:
        yamlio.load_text(text, "p.yaml")
    assert exc.value.line == 3 and "2030-02-30" in str(exc.value)
    with pytest.raises(InputError) as exc:  # the key is still found where there is one
        yamlio.load_text("review:\n  last_review: 2030-02-30\n", "p.yaml")
    assert exc.value.line == 2 and exc.value.key == "last_review"


def test_the_key_of_a_line_is_found_by_string_operations():
    # A bad date followed by 160,000 spaces took 61 s to report: the line's key was found with a
    # regex, `\s*-?\s*(.*?)\s*:`, that backtracked over the spaces. _line_key uses partition and
    # strip, each one pass over the line, so it is linear by construction; make bench times it.
    code = yamlio._line_key.__code__
    assert "re" not in code.co_names + code.co_varnames, "a regex in _line_key can backtrack again"
    spaces = " " * 160_000
    for line, key in [("  - name: x", "name"), ("last_review: 2030-02-30", "last_review"), ("key:", "key"),
                      ("  -   : x", None), ("# note: x", None), ("no colon", None), (spaces + "x", None),
                      ("  last_review:" + spaces + "2030-02-30", "last_review"), (spaces + "key: x", "key")]:
        assert yamlio._line_key(line) == key, line[:40]
