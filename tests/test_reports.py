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


@pytest.mark.parametrize("fmt,ext,detail", [("text", "txt", "summary"), ("markdown", "md", "full"),
                                            ("html", "html", "summary"), ("json", "json", "full"),
                                            ("text", "full.txt", "full")])
def test_advice_golden(tmp_path, fmt, ext, detail):
    check_golden(f"advice.{ext}", _write(tmp_path, "advise", fmt, "--detail", detail).read_text(encoding="utf-8"))


def test_advice_docx_golden(tmp_path):
    check_golden("advice.docx.txt", docx_dump(_write(tmp_path, "advise", "docx")))


def test_audit_only_failing_golden(tmp_path):
    check_golden("audit.failing.txt", _write(tmp_path, "audit", "text", "--fail-on", "medium", "--only", "failing")
                 .read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt,ext", [("text", "txt"), ("markdown", "md"), ("html", "html"), ("json", "json"),
                                     ("junit", "xml")])
def test_audit_golden(tmp_path, fmt, ext):
    check_golden(f"audit.{ext}", _write(tmp_path, "audit", fmt, "--fail-on", "medium").read_text(encoding="utf-8"))


def test_text_fits_80_columns():
    for args in (("advise",), ("advise", "--detail", "full"), ("audit",)):
        result = run(args[0], EXAMPLE, *args[1:])
        long = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert long == [], long[:3]


def test_advice_json_has_readiness_stage_plan_and_answers():
    r = json.loads(run("advise", EXAMPLE, "--format", "json").stdout)
    rd = r["summary"]["readiness"]
    # Three months from go-live with most of the governance unanswered: too little is known to rate.
    assert rd["rating"] == "grey" and rd["decided_by"] == "coverage"
    # the figure is the coverage ratio, which moves with the knowledge base; the sentence is fixed
    assert rd["reason"].startswith(f"Advisor knows {int(r['summary']['coverage']['ratio'] * 100 + 0.5)}% "
                                   "of what decides the rating")
    assert "red if any unmitigated critical finding" in rd["rule"]
    assert rd["unknown_that_matter"] and {"kind", "id", "label", "severity"} <= set(rd["unknown_that_matter"][0])
    cover = r["summary"]["coverage"]
    assert 0 < cover["known"] < cover["total"] and cover["ratio"] < cover["threshold"] == 0.5
    assert cover["high_critical"]["known"] < cover["high_critical"]["total"]
    assert cover["urgency"] == 2.0  # months_to_start: 3
    assert "critical and high checklist items" in cover["text"] and "_" not in cover["text"]
    stages = r["stage_plan"]["stages"]
    assert [s["id"] for s in stages] == ["one", "two", "three"]
    hr = next(el for el in stages[0]["elements"] if el["id"] == "human_resources")
    assert hr["status"] == "in_progress"
    assert {"id": "employment.hr_advice", "status": "present"}.items() <= next(
        i for i in hr["items"] if i["id"] == "employment.hr_advice").items()
    answers = {a["id"]: a for a in r["answers"]}
    assert answers["basics.scope"]["date"] == "2011-03-01"
    assert answers["governance.decision_levels"]["status"] == "missing"


def _item(id_, severity, status):
    return {"id": id_, "question": "q", "severity": severity, "status": status}


def test_readiness_rule():
    from advisor.report.readiness import rating

    crit_item = [_item("x.y", "critical", "missing")]
    high_finding = [{"rule": "a.b", "title": "t", "severity": "high", "mitigated": False}]
    assert rating([], crit_item)["rating"] == "red"
    assert rating(high_finding, [])["rating"] == "amber"
    assert rating(high_finding, crit_item)["triggers"] == [
        {"kind": "item", "id": "x.y", "title": "q", "severity": "critical", "status": "missing"}]
    waived = [dict(crit_item[0], status="waived")]
    mitigated = [dict(high_finding[0], mitigated=True)]
    assert rating(mitigated, waived)["rating"] == "green"
    # Never green while a critical or high item is unknown or only partly in place.
    for status in ("unknown", "partial"):
        r = rating([], [_item("x.y", "high", status), _item("x.z", "medium", "unknown")])
        assert r["rating"] == "amber" and [t["id"] for t in r["triggers"]] == ["x.y"]
    assert rating([], [_item("x.z", "medium", "unknown")])["rating"] == "green"


def test_readiness_is_grey_below_the_coverage_threshold_unless_red():
    from advisor.report.readiness import rating

    low = {"enough": False, "ratio": 0.2, "threshold": 0.5,
           "unknown_that_matter": [{"kind": "item", "id": "x.y", "label": "Q?", "severity": "high"}]}
    high_finding = [{"rule": "a.b", "title": "t", "severity": "high", "mitigated": False}]
    grey = rating(high_finding, [], low)
    assert grey["rating"] == "grey" and grey["decided_by"] == "coverage"
    assert grey["unknown_that_matter"] == low["unknown_that_matter"]
    assert "20%" in grey["reason"] and "50%" in grey["reason"]
    # A known critical problem is enough to rate: more facts cannot make it safe.
    assert rating([], [_item("x.y", "critical", "missing")], low)["rating"] == "red"
    assert rating(high_finding, [], dict(low, enough=True, ratio=0.6))["rating"] == "amber"


def test_an_empty_proposal_is_not_enough_information_to_rate(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("title: Empty\n", encoding="utf-8")
    r = json.loads(run("advise", empty, "--format", "json").stdout)
    assert r["summary"]["readiness"]["rating"] == "grey"
    assert r["summary"]["coverage"]["known"] == 0 and r["summary"]["coverage"]["ratio"] == 0
    for fmt in ("text", "markdown", "html"):
        out = tmp_path / f"a.{fmt}"
        run("advise", empty, "--format", fmt, "-o", out)
        assert "Not enough information to rate" in out.read_text(encoding="utf-8")
        total = r["summary"]["coverage"]["total"]
        assert f"0 of the {total} facts that can change the rating are known" in out.read_text(encoding="utf-8")


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
    for expected in ("Summary", "Poisons and antidotes", "More actions that can start now"):
        assert expected in headings
    assert any(p.style.name == "Title" for p in d.paragraphs)
    assert [c.text for c in d.tables[0].rows[0].cells] == ["Poison", "How serious"]
    full = docx.Document(str(_write(tmp_path, "advise", "docx", "--detail", "full")))
    headings = [p.text for p in full.paragraphs if p.style.name.startswith("Heading")]
    for expected in ("Actions that can start now", "Stage plan", "Checklist audit", "Appendix: the answers given"):
        assert expected in headings
    assert len(full.tables) >= 20
    assert full.tables[-1].rows[0].cells[0].text == "Question"


def test_html_docx_and_pdf_refuse_the_terminal():
    for fmt in ("docx", "html", "pdf"):
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
    audit = json.loads(run("audit", EXAMPLE, "--format", "json", "--fail-on", "medium").stdout)
    failed = [c["@name"] for c in suite["testcase"] if "failure" in c]
    # Under the default policy an item with no evidence fails like a missing one.
    assert sorted(failed) == sorted(audit["failing"])
    assert "governance.decision_levels" in failed and "basics.transparency_code" not in failed  # low
    unknown = {e["id"] for e in audit["items"] if e["status"] == "unknown"}
    assert {c["@name"] for c in suite["testcase"] if c.get("failure", {}).get("@type") == "not evidenced"} \
        == unknown & set(audit["failing"])
    assert suite["@failures"] == len(audit["failing"])


@pytest.mark.parametrize("policy", ["pass", "warn"])
def test_junit_marks_unknown_items_not_evidenced_under_pass_and_warn(tmp_path, policy):
    path = _write(tmp_path, "audit", "junit", "--fail-on", "medium", "--unknown", policy)
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(str(path))
    suite = schema.to_dict(str(path))["testsuite"][0]
    audit = json.loads(run("audit", EXAMPLE, "--format", "json", "--unknown", policy).stdout)
    unknown = sorted(e["id"] for e in audit["items"] if e["status"] == "unknown")
    skipped = sorted(c["@name"] for c in suite["testcase"] if c.get("skipped", {}).get("@message") == "not evidenced")
    assert skipped == unknown and suite["@skipped"] == len(unknown)
    failed = {c["@name"] for c in suite["testcase"] if "failure" in c}
    assert failed and not failed & set(unknown)  # only missing items fail
    props = {p["@name"]: p["@value"] for p in suite["properties"]["property"]}
    assert props["unknown_policy"] == policy


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
    result = run("audit", EXAMPLE, "--to", f"html={ok}", "--to", "csv=x.csv")
    assert result.exit_code == 2
    assert "audit reports can be written as" in result.output
    assert not ok.exists()


def test_audit_lists_sections_with_totals():
    r = json.loads(run("audit", EXAMPLE, "--format", "json").stdout)
    gov = next(s for s in r["sections"] if s["id"] == "governance")
    # governance.board answered yes; governance.start_date from the field months_to_start
    assert gov["totals"]["present"] == 2 and gov["totals"]["missing"] == 2
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
            assert ("Suits councils." in out) == (value is not None)
        assert isinstance(render(base, "docx"), bytes)
    base["delivery_model"] = dm
    assert "Lead &lt;authority&gt;" in render(base, "html")
    full = render(base, "text", {"detail": "full"})
    assert "Disadvantage: One agreement each" not in full and "What to do: Use a template." in full
    assert "Creates a VAT liability" not in full and "Employs staff" in full  # unknown features left out
    del base["delivery_model"]
    assert "Suits councils" not in render(base, "text")
