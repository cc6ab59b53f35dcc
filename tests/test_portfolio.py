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
    running = {"started": "2015-04-01"}
    assert review_status({"review": running}, today)[0] is True  # never reviewed
    assert review_status({"review": {"last_review": "2021-06-01"}}, today)[:3] == (False, "2021-06-01", "2026-06-01")
    assert review_status({"review": {"last_review": "2021-05-31"}}, today)[0] is True
    assert review_status({"review": {"last_review": "2024-02-29"}}, datetime.date(2029, 3, 1))[0] is True
    assert review_status({"review": {"last_review": "2024-02-29"}}, datetime.date(2029, 2, 28))[0] is False


def test_review_is_due_only_for_an_arrangement_that_has_started():
    today = datetime.date(2026, 6, 1)
    assert review_status({"arrangement": {"months_to_start": 3}}, today)[:2] == (False, None)
    assert "not started" in review_status({"arrangement": {"months_to_start": 3}}, today)[3]
    assert review_status({"review": {"started": "2027-01-01"}}, today)[0] is False  # starts next year
    assert review_status({"arrangement": {"months_to_start": 0}}, today)[0] is True
    due, _, _, note = review_status({}, today)
    assert due is False and "not known whether the arrangement has started" in note


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
    assert r["summary"] == {"proposals": 7, "failing": 0, "reviews_due": 4,
                            "not_enough_information": sum(not p["enough_information"] for p in r["proposals"])}
    assert set(rows["5-encor.yaml"]["counts"]) == {"critical", "high", "medium", "low", "info"}
    encor = rows["5-encor.yaml"]
    # missing items are counted apart from unknown ones, and both apart from poisons
    assert encor["missing"] == encor["totals"]["missing"] >= 1 and encor["unknown"] == encor["totals"]["unknown"]
    assert encor["started"] is True and 0 <= encor["coverage"]["ratio"] <= 1
    assert encor["enough_information"] == (encor["readiness"] != "grey")


def test_a_file_with_only_a_name_and_a_kind_is_not_rated(tmp_path):
    (tmp_path / "bare.yaml").write_text("title: Bare\nservice: {kind: payroll}\n")
    result = run("audit", tmp_path, "--format", "json", "--fail-on", "never")
    (row,) = json.loads(result.stdout)["proposals"]
    assert row["readiness"] == "grey" and row["enough_information"] is False
    assert row["review_due"] is False and row["started"] is None
    strict = run("audit", tmp_path, "--format", "json")
    assert strict.exit_code == 1 and json.loads(strict.stdout)["proposals"][0]["failing"]


def test_portfolio_exit_1_on_failing_items():
    result = run("audit", DIR, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    encor = next(r for r in rows if r["file"] == "5-encor.yaml")
    assert encor["items missing"] == "1" and encor["review due"] == "yes"
    assert int(encor["items failing the audit"]) > 1  # missing, and high items nobody evidenced
    assert encor["enough information to rate"] == "no"
    lenient = run("audit", DIR, "--format", "csv", "--unknown", "pass")
    assert lenient.exit_code == 1  # EnCor's exit notice is still missing
    encor = next(r for r in csv.DictReader(io.StringIO(lenient.stdout.lstrip("\ufeff"))) if r["file"] == "5-encor.yaml")
    assert encor["items failing the audit"] == "1"


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
