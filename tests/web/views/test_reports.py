import io
import json
import subprocess
import zipfile

import pytest

from advisor import report as report_pkg
from advisor.report import document

from ..conftest import EXAMPLE


@pytest.fixture
def mine(client_request, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    return proposal["public_id"]


SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


def _cli_json(advisor_bin, *args):
    out = subprocess.run([advisor_bin, *args, str(EXAMPLE), "--format", "json"], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_advice_page_shows_the_clis_findings_in_the_documents_order(client_request, mine, advisor_bin):
    """Parity with `advisor advise --format json`: the same findings, in the JSON's order within each
    severity. The page groups them by severity, most serious first, as the Word and PDF files do
    (report/document.py says so on the page: "Poisons are grouped by how serious they are")."""
    page = client_request.get("main.advice_page", proposal_id=mine)
    on_page = [s.get("id").removeprefix("finding-") for s in page.xpath("//section[starts-with(@id,'finding-')]")]
    cli = _cli_json(advisor_bin, "advise")["findings"]
    grouped = sorted(cli, key=lambda f: SEVERITY_ORDER.index(f["severity"]))  # stable: JSON order within
    assert on_page == [f["rule"] for f in grouped]
    assert sorted(on_page) == sorted(f["rule"] for f in cli) and len(on_page) > 10
    doc = document.build(_report(client_request, mine, "advice"), "full")
    assert on_page == [b.ref for b in doc.blocks if isinstance(b, document.Heading) and b.level == 3 and b.ref]


def _report(client_request, pid, kind):
    return json.loads(client_request.get("main.download", proposal_id=pid, name=f"{kind}.json").response.data)


def _part(page, part):
    """The page's text from the document part's heading to the next part's."""
    heading = page.xpath(f"//h2[@id='part-{part}']")[0]
    text = []
    for el in heading.itersiblings():
        if el.tag == "h2":
            break
        text.append(el.text_content())
    return " ".join(" ".join(text).split())


def _words(block):
    """The sentences a block says, each as a person reads it."""
    if isinstance(block, document.Para):
        return [" ".join(f"{block.lead} {block.text}".split())]
    if isinstance(block, document.Rating):
        return [block.words, block.reason]
    if isinstance(block, document.Heading):
        return [block.text]
    if isinstance(block, document.Bullets):
        return [w for p in block.items for w in _words(p)]
    if isinstance(block, document.Table):
        return [cell for row in block.rows for cell in row]
    return []


def test_advice_page_summary_says_what_the_document_says(client_request, mine):
    """The summary on the page is the document's, sentence for sentence (the same words as Word and PDF)."""
    page = client_request.get("main.advice_page", proposal_id=mine)
    doc = document.build(_report(client_request, mine, "advice"), "full")
    summary = []
    for b in doc.blocks[1:]:
        if isinstance(b, (document.PageBreak, document.Heading)) and getattr(b, "level", 1) == 1:
            break
        summary.append(b)
    on_page = _part(page, "summary")
    kinds = {type(b).__name__ for b in summary}
    assert {"Rating", "Para", "Table", "Bullets"} <= kinds
    for b in summary:
        assert _words(b)
        for sentence in _words(b):
            assert sentence in on_page, sentence
    reason = next(b for b in summary if isinstance(b, document.Rating)).reason
    assert "Readiness:" in on_page and reason in on_page
    assert page.xpath("//h2[@id='part-summary']/following-sibling::p[1]//strong[contains(@class,'govuk-tag')]")


def test_advice_page_summary_first_then_poisons_with_antidotes_and_quotes(client_request, mine):
    page = client_request.get("main.advice_page", proposal_id=mine)
    parts = [h.get("id") for h in page.xpath("//h2[starts-with(@id,'part-')]")]
    assert parts[:2] == ["part-summary", "part-poisons"]
    assert "part-delivery-model" in parts
    assert "part-audit" not in parts and "part-answers" not in parts, "they have pages of their own"
    first = page.xpath("//section[starts-with(@id,'finding-')]")[0]
    assert first.xpath(".//blockquote"), "each poison quotes its paper"
    assert first.xpath(".//a[starts-with(@href,'/checklist/')]"), "antidotes link to checklist items"
    assert first.xpath(".//a[starts-with(@href,'/rules/')]"), "and to the rule page"
    report = _report(client_request, mine, "advice")
    first = page.xpath("//h3[contains(text(),'to take first')]/following-sibling::ol[1]/li")
    assert [li.text_content().strip() for li in first] == [document.sentence(a["action"])
                                                           for a in report["summary"]["first_actions"]]
    assert len(first) >= 1
    readiness = page.xpath("//p[starts-with(normalize-space(.),'Readiness')]//strong")[0].text_content().strip()
    assert readiness in {"Red", "Amber", "Green", "Not enough information to rate"}
    severities = page.xpath("//h2[@id='part-summary']/following-sibling::table[1]//strong[contains(@class,'govuk-tag')]")
    assert severities and {t.get("class") for t in severities} <= {"govuk-tag govuk-tag--orange", "govuk-tag govuk-tag--red"}


def _column(table, name):
    heads = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
    n = heads.index(name)
    return [" ".join(row.xpath("./th|./td")[n].text_content().split()) for row in table.xpath(".//tbody/tr")]


def test_audit_page_and_only_failing(client_request, mine):
    page = client_request.get("main.audit_page", proposal_id=mine)
    tables = page.xpath("//h2[starts-with(@id,'part-section-')]/following-sibling::table[1]")
    all_rows = [s for t in tables for s in _column(t, "Status")]
    assert len(tables) > 5 and len(all_rows) > 50
    page_failing = client_request.get("main.audit_page", proposal_id=mine, _query={"only-failing": "yes"})
    assert not page_failing.xpath("//h2[starts-with(@id,'part-section-')]")
    failing = page_failing.xpath("//h2[@id='part-failing']/following-sibling::table[1]")[0]
    statuses = _column(failing, "Status")
    assert 0 < len(statuses) < len(all_rows)
    # Missing items fail, and so do items not evidenced (the unknown policy defaults to fail).
    assert set(statuses) <= {"Missing", "Not known"}
    assert failing.xpath(".//strong[contains(@class,'govuk-tag')]"), "statuses are tags, with their words"
    links = failing.xpath(".//tbody/tr/td[last()]/a/@href")
    assert len(links) == len(statuses) and all(h.startswith("/checklist/") for h in links), "each item links to its page"
    assert page_failing.xpath("//input[@id='only-failing-2']/@checked")
    doc = document.build(_report(client_request, mine, "audit"), only="failing")
    summary = _part(page_failing, "summary")
    said = [w for b in doc.blocks[1:] if not isinstance(b, document.Heading) for w in _words(b)]
    assert len(said) > 3 and all(w in summary or w in page_failing.plain for w in said)


def test_downloads_yaml_is_byte_for_byte_and_reports_come_from_report_render(client_request, mine, store):
    yaml_page = client_request.get("main.download", proposal_id=mine, name="proposal.yaml")
    assert yaml_page.response.data == EXAMPLE.read_bytes()
    assert yaml_page.response.headers["Content-Disposition"].startswith("attachment;")
    docx = client_request.get("main.download", proposal_id=mine, name="advice.docx").response
    assert "wordprocessingml" in docx.headers["Content-Type"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.data)).namelist()
    data = json.loads(client_request.get("main.download", proposal_id=mine, name="audit.json").response.data)
    assert data["kind"] == "audit" and data["schema"] == "advisor-report/1"
    client_request.get("main.download", proposal_id=mine, name="advice.exe", _expected_status=404)
    client_request.get("main.download", proposal_id=mine, name="portfolio.csv", _expected_status=404)


def test_pdf_is_offered_exactly_when_the_report_package_can_write_it(client_request, mine):
    page = client_request.get("main.advice_page", proposal_id=mine)
    offered = page.xpath("//h2[@id='downloads']/following-sibling::ul[1]//a/@href")
    pdf_url = f"/proposals/{mine}/download/advice.pdf"
    if "pdf" in report_pkg.FORMATS["advice"]:
        assert pdf_url in offered
        assert client_request.get("main.download", proposal_id=mine, name="advice.pdf").response.data[:5] == b"%PDF-"
    else:
        assert pdf_url not in offered
        client_request.get("main.download", proposal_id=mine, name="advice.pdf", _expected_status=404)
    assert f"/proposals/{mine}/download/advice.docx" in offered


def test_rule_and_checklist_pages_show_what_advisor_explain_shows(client_request, mine):
    from advisor import knowledge
    from advisor.explain import explain

    page = client_request.get("main.show_rule", rule_id="political.different_political_control")
    kb = knowledge.load()
    rule = kb.rules["political.different_political_control"]
    assert page.h1() == rule.title
    text = " ".join(explain(kb, rule.id).split())
    for c in rule.citations:
        quote = " ".join(c.quote.split())
        assert quote in text and quote in page.plain
    item = client_request.get("main.show_item", item_id="governance.terms_of_reference")
    assert item.h1() == kb.items["governance.terms_of_reference"].question
    client_request.get("main.show_rule", rule_id="no.such_rule", _expected_status=404)
    client_request.get("main.show_item", item_id="no.such_item", _expected_status=404)
    checklist = client_request.get("main.checklist")
    assert len(checklist.xpath("//main//li/a[starts-with(@href,'/checklist/')]")) == len(kb.items)


def test_the_advice_page_never_shows_a_field_id_in_why(client_request, mine):
    page = client_request.get("main.advice_page", proposal_id=mine)
    whys = page.xpath("//p[strong='Why it applies:']/following-sibling::ul[1]/li")
    assert whys
    for li in whys:
        text = li.text_content()
        assert "arrangement.months_to_start" not in text and " = " not in text, text


def test_a_reference_that_names_a_rule_and_an_item_links_by_where_it_stands(app):
    """governance.joining_leaving is a lesson and a checklist item: a table's reference, or one
    said with its status or lines, is the item; a finding's is the rule."""
    from advisor.web import filters

    with app.test_request_context("/"):
        both = "governance.joining_leaving"
        assert [r["url"] for r in filters.ref_links(both)] == [f"/rules/{both}"]
        assert [r["url"] for r in filters.ref_links(both, "item")] == [f"/checklist/{both}"]
        said = filters.ref_links(f"{both} (not known); exit.notice (missing)")
        assert [(r["url"], r["rest"]) for r in said] == [(f"/checklist/{both}", " (not known)"),
                                                         ("/checklist/exit.notice", " (missing)")]
        assert filters.ref_links(f"advisor explain {both}", "item")[0]["url"] == f"/checklist/{both}"
        assert filters.ref_links(f"{both}, lines 3 and 9")[0]["url"] == f"/checklist/{both}"
        assert filters.ref_links("not.an_id") == [{"text": "not.an_id", "url": None, "rest": "", "before": "",
                                                   "sep": ""}]
