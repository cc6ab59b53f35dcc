"""The portfolio CSV as a spreadsheet opens it: LibreOffice Calc, headless, converts it to xlsx.

The CSV's own round trip is in test_textsafe.py; this checks what a person who double-clicks the
file gets: the same rows, and no cell that a spreadsheet evaluates as a formula.
"""

import csv
import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from conftest import example_portfolio
from toolcheck import missing_tool

from advisor.cli import main

# In the order the CSV's titles are written: attacks a spreadsheet would run, and text it must keep.
TITLES = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "=HYPERLINK(\"http://x\",\"y\")", "Café — Ωmega, \"quoted\""]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        missing_tool("LibreOffice is not installed (make system-deps installs libreoffice-calc-nogui)")
    return exe


def _column(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xlsx_cells(path):
    """Every row of the first sheet, as [(is a formula, text)], empty cells filled in."""
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        shared = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    strings = [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", shared, flags=re.S)]
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, flags=re.S):
        cells = []
        for attrs, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, flags=re.S):
            cells.extend([(False, "")] * (_column(re.search(r'r="([A-Z]+)', attrs).group(1)) - len(cells)))
            formula = re.search(r"<f[ >]", body or "")
            value = re.search(r"<v>(.*?)</v>", body or "")
            text = value.group(1) if value else ""
            if 't="s"' in attrs and value:
                text = strings[int(text)]
            cells.append((bool(formula), text))
        rows.append(cells)
    return rows


def _unescape(text):
    return (text.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


def _convert(soffice, src, outdir):
    # 44,34,76: comma-separated, double quotes, UTF-8 (what Excel infers from the BOM)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/profile",
                    "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (src.stem + ".xlsx")


@pytest.fixture(scope="module")
def soffice():
    return _soffice()


def test_the_portfolio_csv_opens_in_calc_with_the_same_rows_and_no_formula(tmp_path, soffice):
    folder = example_portfolio(tmp_path, TITLES)
    out = tmp_path / "p.csv"
    assert run("audit", folder, "--format", "csv", "-o", out, "--fail-on", "never").exit_code == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        expected = list(csv.reader(fh))

    rows = _xlsx_cells(_convert(soffice, out, tmp_path))
    assert not [text for row in rows for formula, text in row if formula]
    got = [[_unescape(text) for _, text in row] for row in rows]
    # Calc stores numbers as numbers ("3" for "3"): compare as text, row for row
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected):
        # an empty trailing cell is not stored in the sheet
        assert len(mine) <= len(theirs) and not any(theirs[len(mine):])
        for cell, text in zip(mine, theirs):
            # Calc reads "29%" as the number 0.29 shown as a percentage: the same value
            if text.endswith("%") and cell != text:
                assert float(cell) * 100 == pytest.approx(float(text[:-1]))
            else:
                assert cell == text
    assert [r[1] for r in got[1:]][0] == "'=1+1"


def test_the_check_can_see_a_formula(tmp_path, soffice):
    # the same conversion of a CSV that was not neutralised does give a formula cell
    src = tmp_path / "raw.csv"
    src.write_text('"title"\n"=1+1"\n', encoding="utf-8")
    rows = _xlsx_cells(_convert(soffice, src, tmp_path))
    assert any(formula for row in rows for formula, _ in row)
