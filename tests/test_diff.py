"""advisor diff OLD NEW: better and worse."""

import json
import shutil

from reportkit import EXAMPLE, ROOT, check_golden, run


def _new_version(tmp_path):
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    for old, new in (("  governance.joint_member_panel: no", "  governance.joint_member_panel: yes"),
                     ("  plan: no", "  plan: yes"), ("  basics.purpose: yes", "  basics.purpose: no")):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_better_and_worse(tmp_path):
    v2 = _new_version(tmp_path)
    r = json.loads(run("diff", EXAMPLE, v2, "--format", "json").stdout)
    resolved = {f["rule"] for f in r["findings"]["resolved"]}
    assert "engagement.no_communications_plan" in resolved
    better = {i["id"]: i for i in r["items"]["better"]}
    assert better["governance.joint_member_panel"]["old_status"] == "missing"
    assert better["governance.joint_member_panel"]["status"] == "present"
    worse = {i["id"]: i for i in r["items"]["worse"]}
    assert (worse["basics.purpose"]["old_status"], worse["basics.purpose"]["status"]) == ("present", "missing")
    assert r["summary"]["better"] >= 2 and r["summary"]["worse"] >= 1
    assert r["findings"]["newly_mitigated"], "different political control is mitigated by a member panel"


def test_diff_identical_is_quiet():
    result = run("diff", EXAMPLE, EXAMPLE, "--fail-on-worse")
    assert result.exit_code == 0
    assert "No changes." in result.stdout
    assert "0 better, 0 worse" in result.stdout


def test_diff_fail_on_worse(tmp_path):
    v2 = _new_version(tmp_path)
    assert run("diff", v2, EXAMPLE, "--fail-on-worse").exit_code == 1
    assert run("diff", v2, EXAMPLE).exit_code == 0


def test_diff_golden(tmp_path):
    _new_version(tmp_path)
    shutil.copy(ROOT / EXAMPLE, tmp_path / "v1.yaml")
    for fmt, ext in (("text", "txt"), ("markdown", "md")):
        result = run("diff", "v1.yaml", "v2.yaml", "--format", fmt, cwd=tmp_path)
        assert result.exit_code == 0, result.output
        check_golden(f"diff.{ext}", result.stdout)


def test_diff_bad_file():
    result = run("diff", EXAMPLE, "no-such.yaml")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: no-such.yaml: no such file"
