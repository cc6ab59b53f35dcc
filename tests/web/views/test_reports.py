import io
import json
import subprocess
import zipfile

import pytest

from advisor import report as report_pkg

from ..conftest import EXAMPLE


@pytest.fixture
def mine(client_request, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    return proposal["public_id"]


def test_advice_page_shows_the_clis_findings_in_the_same_order(client_request, mine, advisor_bin, tmp_path):
    page = client_request.get("main.advice_page", proposal_id=mine)
    on_page = [s.get("id").removeprefix("finding-") for s in page.xpath("//section[starts-with(@id,'finding-')]")]
    cli = subprocess.run([advisor_bin, "advise", str(EXAMPLE), "--format", "json"], capture_output=True,
                         text=True, check=True)
    assert on_page == [f["rule"] for f in json.loads(cli.stdout)["findings"]]
    assert len(on_page) > 10


def test_advice_page_summary_first_then_poisons_with_antidotes_and_quotes(client_request, mine):
    page = client_request.get("main.advice_page", proposal_id=mine)
    headings = [h.text_content().strip() for h in page.xpath("//h2")]
    assert headings[:3] == ["Summary", "Delivery model", "Poisons and antidotes"]
    first = page.xpath("//section[starts-with(@id,'finding-')]")[0]
    assert first.xpath(".//strong[contains(@class,'govuk-tag')]")
    assert first.xpath(".//blockquote"), "each poison quotes its paper"
    assert first.xpath(".//a[starts-with(@href,'/checklist/')]"), "antidotes link to checklist items"
    assert first.xpath(".//a[starts-with(@href,'/rules/')]"), "and to the rule page"
    report = json.loads(client_request.get("main.download", proposal_id=mine, name="advice.json").response.data)
    first = page.xpath("//h3[text()='The actions to take first']/following-sibling::ol[1]/li")
    assert [li.text_content().strip() for li in first] == [a["action"] for a in report["summary"]["first_actions"]]
    assert len(first) >= 1
    readiness = page.xpath("//p[starts-with(normalize-space(.),'Readiness')]//strong")[0].text_content().strip()
    assert readiness in {"Red", "Amber", "Green", "Not enough information to rate"}


def test_audit_page_and_only_failing(client_request, mine):
    page = client_request.get("main.audit_page", proposal_id=mine)
    all_rows = page.xpath("//table[starts-with(@id,'section-')]//tbody/tr")
    page_failing = client_request.get("main.audit_page", proposal_id=mine, _query={"only-failing": "yes"})
    failing_rows = page_failing.xpath("//table[starts-with(@id,'section-')]//tbody/tr")
    assert 0 < len(failing_rows) < len(all_rows)
    # Missing items fail, and so do items not evidenced (the unknown policy defaults to fail).
    assert {r.xpath("string(.//td[1])").strip() for r in failing_rows} <= {"Missing", "Not known"}
    assert page_failing.xpath("//input[@id='only-failing-2']/@checked")


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
    whys = page.xpath("//h4[text()='Why this applies']/following-sibling::ul[1]/li")
    assert whys
    for li in whys:
        text = li.text_content()
        assert "arrangement.months_to_start" not in text and " = " not in text, text
