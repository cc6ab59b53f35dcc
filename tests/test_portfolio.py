"""Portfolio audit: one table of many proposals; review due after five years or when unknown."""

import csv
import datetime
import io
import json
import shutil

from advisor.portfolio import review_status

from reportkit import ROOT, check_golden, run

DIR = "examples/portfolio"


def test_review_due_logic():
    today = datetime.date(2026, 6, 1)
    assert review_status({}, today)[0] is True
    assert review_status({"review": {"last_review": "2021-06-01"}}, today)[:3] == (False, "2021-06-01", "2026-06-01")
    assert review_status({"review": {"last_review": "2021-05-31"}}, today)[0] is True
    assert review_status({"review": {"last_review": "2024-02-29"}}, datetime.date(2029, 3, 1))[0] is True
    assert review_status({"review": {"last_review": "2024-02-29"}}, datetime.date(2029, 2, 28))[0] is False


def test_portfolio_json():
    result = run("audit", DIR, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    rows = {p["file"].split("/")[-1]: p for p in r["proposals"]}
    assert len(rows) == 7
    assert rows["1-ict.yaml"]["review_due"] is True
    assert rows["3-welland-procurement.yaml"]["last_review"] is None
    assert rows["3-welland-procurement.yaml"]["review_due"] is True
    assert rows["2-licensing.yaml"]["review_due"] is False
    assert r["summary"] == {"proposals": 7, "failing": 0, "reviews_due": 4}
    assert set(rows["5-encor.yaml"]["counts"]) == {"critical", "high", "medium", "low", "info"}


def test_portfolio_exit_1_on_failing_items():
    result = run("audit", DIR, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    encor = next(r for r in rows if r["File"] == "5-encor.yaml")
    assert encor["Items missing at or above the fail-on severity"] == "1"
    assert encor["Review due (last review over 5 years ago, or unknown)"] == "yes"


def test_portfolio_goldens():
    for fmt, ext in (("csv", "csv"), ("markdown", "md"), ("text", "txt")):
        check_golden(f"portfolio.{ext}", run("audit", DIR, "--format", fmt).stdout)


def test_several_files_make_a_portfolio():
    result = run("audit", f"{DIR}/1-ict.yaml", f"{DIR}/2-licensing.yaml", "--format", "json")
    assert [p["file"] for p in json.loads(result.stdout)["proposals"]] == [f"{DIR}/1-ict.yaml", f"{DIR}/2-licensing.yaml"]


def test_one_bad_file_exits_2_and_names_it(tmp_path):
    folder = tmp_path / "services"
    shutil.copytree(ROOT / DIR, folder)
    (folder / "8-broken.yaml").write_text("service:\n  knd: ict\n", encoding="utf-8")
    result = run("audit", folder)
    assert result.exit_code == 2
    assert "8-broken.yaml:2: service.knd: unknown key (did you mean 'kind'?)" in result.output
    assert "Portfolio audit" not in result.output


def test_empty_folder_is_an_error(tmp_path):
    result = run("audit", tmp_path)
    assert result.exit_code == 2
    assert "folder holds no .yaml proposals" in result.output


def test_portfolio_junit_validates(tmp_path):
    import xmlschema

    out = tmp_path / "p.xml"
    run("audit", DIR, "--format", "junit", "-o", out)
    schema = xmlschema.XMLSchema(str(ROOT / "tests" / "data" / "junit.xsd"))
    schema.validate(str(out))
    assert len(schema.to_dict(str(out))["testsuite"]) == 7
