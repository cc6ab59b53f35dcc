"""Waivers: a valid waiver marks an item waived; an expired one is evaluated with a notice; bad files exit 2."""

import json

from reportkit import EXAMPLE, run

VALID = """\
- item: governance.joint_member_panel
  justification: Member scrutiny is through each council's audit committee.
  approved_by: Partnership Board
  expires: 2030-03-31
"""


def _audit(tmp_path, text, *extra):
    w = tmp_path / "waivers.yaml"
    w.write_text(text, encoding="utf-8")
    return w, run("audit", EXAMPLE, "--waivers", w, "--format", "json", "--fail-on", "never", *extra)


def _item(result, item_id):
    return next(e for e in json.loads(result.stdout)["items"] if e["id"] == item_id)


def test_valid_waiver_marks_item_waived(tmp_path):
    _, result = _audit(tmp_path, VALID)
    assert result.exit_code == 0, result.output
    e = _item(result, "governance.joint_member_panel")
    assert e["status"] == "waived"
    assert "Partnership Board" in e["notice"] and "2030-03-31" in e["notice"]
    r = json.loads(result.stdout)
    plain = json.loads(run("audit", EXAMPLE, "--format", "json", "--fail-on", "never").stdout)["totals"]
    assert r["totals"]["waived"] == 1 and r["totals"]["missing"] == plain["missing"] - 1  # it was missing
    assert r["waivers"][0]["state"] == "applied"


def test_waiver_removes_item_from_failing():
    before = run("audit", EXAMPLE, "--format", "json", "--fail-on", "medium")
    assert "governance.joint_member_panel" in json.loads(before.stdout)["failing"]


def test_waived_item_no_longer_fails(tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text(VALID, encoding="utf-8")
    after = run("audit", EXAMPLE, "--waivers", w, "--format", "json", "--fail-on", "medium")
    assert "governance.joint_member_panel" not in json.loads(after.stdout)["failing"]


def test_expired_waiver_is_evaluated_with_notice(tmp_path):
    _, result = _audit(tmp_path, VALID.replace("2030-03-31", "2026-05-31"))
    e = _item(result, "governance.joint_member_panel")
    assert e["status"] == "missing"
    assert e["notice"].startswith("waiver expired on 2026-05-31")
    text = run("audit", EXAMPLE, "--waivers", tmp_path / "waivers.yaml").stdout
    assert "waiver expired on 2026-05-31" in " ".join(text.split())


def test_waiver_valid_on_its_expiry_day(tmp_path):
    _, result = _audit(tmp_path, VALID.replace("2030-03-31", "2026-06-01"))
    assert _item(result, "governance.joint_member_panel")["status"] == "waived"


def test_today_is_injectable(tmp_path):
    _, result = _audit(tmp_path, VALID, "--today", "2031-01-01")
    assert _item(result, "governance.joint_member_panel")["status"] == "missing"


def test_waiver_affects_advice_readiness_and_appendix(tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text(VALID, encoding="utf-8")
    r = json.loads(run("advise", EXAMPLE, "--waivers", w, "--format", "json").stdout)
    answers = {a["id"]: a for a in r["answers"]}
    assert answers["governance.joint_member_panel"]["status"] == "waived"


def _error(tmp_path, text):
    w, result = _audit(tmp_path, text)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    return str(w), result.output.strip()


def test_unknown_key_did_you_mean(tmp_path):
    w, out = _error(tmp_path, VALID.replace("approved_by", "aproved_by"))
    assert out == f"Error: {w}:3: [0].aproved_by: unknown key (did you mean 'approved_by'?)"


def test_missing_justification(tmp_path):
    w, out = _error(tmp_path, "- item: governance.board\n  expires: 2030-01-01\n")
    assert out == f"Error: {w}:1: [0]: missing required key 'justification'"


def test_bad_date(tmp_path):
    w, out = _error(tmp_path, VALID.replace("2030-03-31", "2030-02-30"))
    assert out == f"Error: {w}:4: expires: expected a date YYYY-MM-DD, got '2030-02-30' (day is out of range for month)"
    w, out = _error(tmp_path, VALID.replace("2030-03-31", "next spring"))
    assert out == f"Error: {w}:4: [0].expires: expected a date YYYY-MM-DD, got 'next spring'"


def test_unknown_item(tmp_path):
    w, out = _error(tmp_path, VALID.replace("governance.joint_member_panel", "governance.joint_member_panle"))
    assert out == (f"Error: {w}:1: [0].item: unknown checklist item 'governance.joint_member_panle' "
                   f"(did you mean 'governance.joint_member_panel'?)")


def test_not_a_list(tmp_path):
    w, out = _error(tmp_path, "item: governance.board\n")
    assert out.startswith(f"Error: {w}:1: expected a list of waivers")


def test_bad_today():
    result = run("audit", EXAMPLE, "--today", "tomorrow")
    assert result.exit_code == 2
    assert "--today (or $ADVISOR_TODAY): expected a date YYYY-MM-DD" in result.output


def test_a_waiver_without_an_expiry_date_is_refused(tmp_path):
    w, out = _error(tmp_path, "- item: governance.board\n  justification: Reviewed by the board.\n")
    assert out == f"Error: {w}:1: [0]: missing required key 'expires' (a waiver must have an expiry date)"
