"""Advice and audit reports in every format: golden files, HTML escaping, DOCX structure, JUnit schema."""

import json

import docx
import pytest
import xmlschema

from reportkit import EXAMPLE, ROOT, check_golden, run

XSD = ROOT / "tests" / "data" / "junit.xsd"


def _write(tmp_path, command, fmt, *extra):
    out = tmp_path / f"{command}.{fmt}"
    result = run(command, EXAMPLE, "--format", fmt, "-o", out, *extra)
    assert result.exit_code in (0, 1), result.output
    return out


def docx_dump(path):
    """A docx as text: each paragraph with its style, each table as rows (for the golden file)."""
    d = docx.Document(str(path))
    lines = [f"[{p.style.name}] {p.text}" for p in d.paragraphs]
    for i, t in enumerate(d.tables):
        lines.append(f"[table {i}]")
        lines += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fmt,ext", [("text", "txt"), ("markdown", "md"), ("html", "html"), ("json", "json")])
def test_advice_golden(tmp_path, fmt, ext):
    check_golden(f"advice.{ext}", _write(tmp_path, "advise", fmt).read_text(encoding="utf-8"))


def test_advice_docx_golden(tmp_path):
    check_golden("advice.docx.txt", docx_dump(_write(tmp_path, "advise", "docx")))


@pytest.mark.parametrize("fmt,ext", [("text", "txt"), ("markdown", "md"), ("html", "html"), ("json", "json"),
                                     ("junit", "xml")])
def test_audit_golden(tmp_path, fmt, ext):
    check_golden(f"audit.{ext}", _write(tmp_path, "audit", fmt, "--fail-on", "medium").read_text(encoding="utf-8"))


def test_text_fits_80_columns():
    for command in ("advise", "audit"):
        result = run(command, EXAMPLE)
        long = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert long == [], long[:3]


def test_advice_json_has_readiness_stage_plan_and_answers():
    r = json.loads(run("advise", EXAMPLE, "--format", "json").stdout)
    rd = r["summary"]["readiness"]
    assert rd["rating"] == "amber" and rd["decided_by"] == "high"
    assert "red if any unmitigated critical finding" in rd["rule"]
    assert {t["kind"] for t in rd["triggers"]} <= {"finding", "item"} and rd["triggers"]
    stages = r["stage_plan"]["stages"]
    assert [s["id"] for s in stages] == ["one", "two", "three"]
    hr = next(el for el in stages[0]["elements"] if el["id"] == "human_resources")
    assert hr["status"] == "in_progress"
    assert {"id": "employment.hr_advice", "status": "present"}.items() <= next(
        i for i in hr["items"] if i["id"] == "employment.hr_advice").items()
    answers = {a["id"]: a for a in r["answers"]}
    assert answers["basics.scope"]["date"] == "2011-03-01"
    assert answers["governance.decision_levels"]["status"] == "missing"


def test_readiness_rule():
    from advisor.report.readiness import rating

    crit_item = [{"id": "x.y", "question": "q", "severity": "critical", "status": "missing"}]
    high_finding = [{"rule": "a.b", "title": "t", "severity": "high", "mitigated": False}]
    assert rating([], crit_item)["rating"] == "red"
    assert rating(high_finding, [])["rating"] == "amber"
    assert rating(high_finding, crit_item)["triggers"] == [
        {"kind": "item", "id": "x.y", "title": "q", "severity": "critical"}]
    waived = [dict(crit_item[0], status="waived")]
    mitigated = [dict(high_finding[0], mitigated=True)]
    assert rating(mitigated, waived)["rating"] == "green"


def test_script_title_is_inert_in_html(tmp_path):
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8").replace(
        "title: Shared Internal Audit Service for Hertfordshire councils", "title: <script>alert(1)</script>")
    prop = tmp_path / "evil.yaml"
    prop.write_text(text, encoding="utf-8")
    for command in ("advise", "audit"):
        out = tmp_path / f"{command}.html"
        result = run(command, prop, "--format", "html", "-o", out)
        assert result.exit_code in (0, 1), result.output
        html = out.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script" not in html


def test_docx_reopens_with_headings_and_tables(tmp_path):
    path = _write(tmp_path, "advise", "docx")
    d = docx.Document(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    for expected in ("Summary", "Poisons and antidotes", "Next actions", "Stage plan (udc-2007 §16)",
                     "Appendix: answers given"):
        assert expected in headings
    assert any(p.style.name == "Title" for p in d.paragraphs)
    assert len(d.tables) >= 5
    assert [c.text for c in d.tables[0].rows[0].cells] == ["severity", "count"]
    assert d.tables[-1].rows[0].cells[0].text == "item"


def test_html_and_docx_refuse_the_terminal():
    for fmt in ("docx", "html"):
        result = run("advise", EXAMPLE, "--format", fmt)
        assert result.exit_code == 2
        assert f"--format {fmt} writes a file" in result.output
        assert "Traceback" not in result.output


def test_junit_validates_against_xsd(tmp_path):
    path = _write(tmp_path, "audit", "junit", "--fail-on", "medium")
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(str(path))
    tree = schema.to_dict(str(path))
    suite = tree["testsuite"][0]
    from advisor import knowledge, proposal
    from advisor.advice import advise

    kb = knowledge.load()
    applicable = len(advise(kb, proposal.load(str(EXAMPLE), kb)).audit)  # one test case per applicable item
    assert len(suite["testcase"]) == suite["@tests"] == applicable
    failed = [c["@name"] for c in suite["testcase"] if "failure" in c]
    assert sorted(failed) == ["governance.decision_levels", "governance.joint_member_panel", "risk.appetite"]
    assert suite["@failures"] == 3


def test_several_formats_in_one_run(tmp_path):
    html, xml, js = tmp_path / "a.html", tmp_path / "a.xml", tmp_path / "a.json"
    result = run("audit", EXAMPLE, "--to", f"html={html}", "--to", f"junit={xml}", "--to", js, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert html.read_text().startswith("<!DOCTYPE html>")
    xmlschema.XMLSchema(str(XSD)).validate(str(xml))
    assert json.loads(js.read_text())["kind"] == "audit"
    assert result.stdout == ""
    assert list(tmp_path.glob(".advisor-*")) == []


def test_bad_target_writes_nothing(tmp_path):
    ok = tmp_path / "a.html"
    result = run("audit", EXAMPLE, "--to", f"html={ok}", "--to", "docx=x.docx")
    assert result.exit_code == 2
    assert "audit reports can be written as" in result.output
    assert not ok.exists()


def test_audit_lists_sections_with_totals():
    r = json.loads(run("audit", EXAMPLE, "--format", "json").stdout)
    gov = next(s for s in r["sections"] if s["id"] == "governance")
    assert gov["totals"]["present"] == 1 and gov["totals"]["missing"] == 2
    assert sum(s["totals"]["applicable"] for s in r["sections"]) == r["totals"]["applicable"]
    assert all(i in {e["id"] for e in r["items"]} for s in r["sections"] for i in s["items"])


def test_delivery_model_renders_and_may_be_missing():
    from advisor.report import render

    base = json.loads(run("advise", EXAMPLE, "--format", "json").stdout)
    dm = {"model": "lead_authority", "title": "Lead <authority>", "verdict": "public_partner",
          "verdict_text": "Suits councils.", "reasons": [{"verdict": "public_partner", "text": "Few partners",
                                                          "fact": "partners.count",
                                                          "citation": {"source": "hdc-2011", "section": "§3.1",
                                                                       "quote": "Q"}}],
          "vehicle": {"employs_staff": True, "vat_liability": None}, "advantages": [{"text": "Fast", "citations": []}],
          "disadvantages": [{"text": "One agreement each", "antidote": "Use a template", "citations": []}],
          "average_saving": None}
    for value in (dm, None):
        base["delivery_model"] = value
        for fmt in ("text", "markdown", "html"):
            out = render(base, fmt)
            assert ("Delivery model" in out) == (value is not None)
        assert isinstance(render(base, "docx"), bytes)
    base["delivery_model"] = dm
    assert "Lead &lt;authority&gt;" in render(base, "html")
    assert "Antidote: Use a template" in render(base, "text")
    del base["delivery_model"]
    assert "Delivery model" not in render(base, "text")
