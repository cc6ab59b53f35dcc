"""Text from other people is shown as text (issue 9): no terminal escapes, no Markdown links,
images or forged headings, no spreadsheet formulas; and any output encoding works."""

import csv
import io
import os
import re
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from advisor import textsafe
from advisor.cli import main
from conftest import EXAMPLE, example_portfolio

ESC_FORGERY = "\x1b[2K\x1b[1A\rReadiness: GREEN. 0 poisons found\x1b]0;pwned\x07\x9b31m\u202e"
MD_FORGERY = "[click](javascript:alert(1)) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)>\r# Forged"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def hostile_proposal(tmp_path, text, name="hostile.yaml"):
    data = yaml.safe_load(EXAMPLE.read_text())
    data["title"] = "Shared payroll " + text
    data["partners"][0]["name"] = "Council " + text
    answers = data.setdefault("answers", {})
    answers["basics.scope"] = {"status": "partial", "evidence": "See minutes " + text}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\n\t"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xa0)]


def assert_no_controls(text):
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in CONTROLS or 0x202a <= ord(c) <= 0x202e})
    assert not bad, bad


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_escape_sequences_never_reach_the_output(tmp_path, fmt):
    path = hostile_proposal(tmp_path, ESC_FORGERY)
    for cmd in (["advise", path], ["audit", path, "--fail-on", "never"], ["next", path]):
        r = run(*cmd, "--format", fmt)
        assert r.exit_code == 0, r.output
        assert_no_controls(r.output)
    r = run("advise", path)
    lines = r.output.splitlines()
    # The forgery stays inside the title's line; it can no longer rub out a line or start one.
    assert lines[0].startswith("Advice on Shared payroll") and "Readiness: GREEN. 0 poisons" in lines[0]
    assert not any(line.startswith("Readiness: GREEN. 0 poisons") for line in lines)


def test_files_in_every_format_carry_no_controls(tmp_path):
    path = hostile_proposal(tmp_path, ESC_FORGERY)
    outs = {fmt: tmp_path / f"r.{ext}" for fmt, ext in (("html", "html"), ("docx", "docx"), ("markdown", "md"))}
    r = run("advise", path, *[a for fmt, p in outs.items() for a in ("--to", f"{fmt}={p}")])
    assert r.exit_code == 0, r.output  # Word refuses control characters outright: this crashed
    assert_no_controls(outs["html"].read_text())
    r = run("audit", path, "--fail-on", "never", "--to", f"junit={tmp_path / 'j.xml'}")
    assert r.exit_code == 0, r.output
    assert_no_controls((tmp_path / "j.xml").read_text())


def test_markdown_has_no_links_images_html_or_forged_headings_from_user_text(tmp_path):
    path = hostile_proposal(tmp_path, MD_FORGERY)
    out = run("advise", path, "--format", "markdown").output
    assert not re.search(r"(?<!\\)\]\((javascript|https://evil)", out)  # only escaped \] may precede
    assert "<img" not in out and "\r" not in out
    assert not any(line.lstrip().startswith("# Forged") for line in out.splitlines())
    assert "Shared payroll" in out  # the text itself is kept, escaped


def test_an_id_cannot_leave_its_code_span():
    span = textsafe.md_code("rule`) [x](javascript:alert(1)) `")
    fence = span[:span.index("r")].strip()
    assert span.startswith(fence) and span.endswith(fence) and fence.count("`") >= 2
    assert span.count(fence) == 2
    assert "|" not in textsafe.md_code("a|b").replace("\\|", "")


def test_error_messages_carry_no_escapes(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('service:\n  "kind\\e]0;pwned\\a\\e[31m": payroll\n')
    r = run("advise", path)
    assert r.exit_code == 2
    assert_no_controls(r.output)


# ---------------------------------------------------------------- CSV

FORMULAS = ["Shared payroll\r=cmd|' /C calc'!A0", "=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "\t=1", "\r=1",
            "Café — Ωmega, \"quoted\", and a, comma"]


def test_the_csv_neutralises_formulas_and_round_trips(tmp_path):
    from advisor.report.portfolio_format import CSV_HEAD

    folder = example_portfolio(tmp_path, FORMULAS)
    out = tmp_path / "p.csv"
    assert run("audit", folder, "--format", "csv", "-o", out, "--fail-on", "never").exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == CSV_HEAD
    body = rows[1:]
    assert len(body) == len(FORMULAS) and all(len(r) == len(CSV_HEAD) for r in body)  # no forged rows
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert "\r" not in cell and "\n" not in cell
    titles = {r[0]: r[1] for r in body}
    assert titles["0.yaml"] == "Shared payroll =cmd|' /C calc'!A0"
    assert titles["1.yaml"] == "'=1+1" and titles["4.yaml"] == "'@SUM(1)"
    assert titles["7.yaml"] == FORMULAS[7]
    # every field quoted: each line has 2 quotes per cell (plus doubled ones inside)
    first = raw.decode("utf-8-sig").splitlines()[1]
    assert first.startswith('"') and first.endswith('"') and first.count('","') == len(CSV_HEAD) - 1


def test_the_csv_shows_paths_relative_to_the_folder_audited(tmp_path):
    folder = example_portfolio(tmp_path, ["A", "B"])
    r = run("audit", str(folder.resolve()), "--format", "csv", "--fail-on", "never")
    rows = list(csv.reader(io.StringIO(r.output.lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["0.yaml", "1.yaml"]
    assert str(tmp_path) not in r.output


# ---------------------------------------------------------------- output encodings

@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "ascii"])
def test_any_output_encoding_works(tmp_path, advisor_bin, encoding):
    path = tmp_path / "enc.yaml"
    path.write_text('title: "Café — Ωmega"\npartners:\n  - name: "Café — Ωmega"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    for args in (["advise", str(path)], ["audit", str(path), "--fail-on", "never"],
                 ["advise", str(tmp_path / "Ωmega-missing.yaml")]):
        out = subprocess.run([advisor_bin, *args], capture_output=True, env=env, timeout=120)
        assert out.returncode in (0, 2), out.stderr.decode(errors="replace")
        assert b"Traceback" not in out.stderr and b"UnicodeEncodeError" not in out.stderr
    assert b"Caf" in subprocess.run([advisor_bin, "advise", str(path)], capture_output=True, env=env).stdout


def test_the_sanitiser_functions():
    assert textsafe.terminal("a\x1b[31mb\x1b]8;;http://x\x1b\\c\r\nd\re\tf") == "abc\nd e\tf"
    assert textsafe.md_text("a\nb|c") == "a b\\|c"
    assert textsafe.md_text("# x").startswith("\\#") and textsafe.md_text("> x").startswith("\\&gt;")
    assert textsafe.csv_cell(5) == 5 and textsafe.csv_cell("-5") == "'-5" and textsafe.csv_cell(None) == ""
    assert textsafe.clean({"a": ["x\x00y", {"b\x1b[1m": 1}]}) == {"a": ["xy", {"b": 1}]}


def test_render_itself_cleans_for_every_caller(kb, tmp_path):
    # The browser service and the interview call report.render directly, not through -o.
    from advisor import proposal
    from advisor import report as report_pkg
    from advisor.advice import advise
    from advisor.report.model import advice_report

    path = hostile_proposal(tmp_path, ESC_FORGERY)
    model = advice_report(advise(kb, proposal.load(path, kb), str(path)), kb)
    for fmt in ("text", "markdown", "html", "json"):
        assert_no_controls(report_pkg.render(model, fmt))
    assert report_pkg.render(model, "docx")[:2] == b"PK"  # Word refused control characters outright
