def test_start_page_says_what_it_does_how_long_and_what_to_have_ready(client_request):
    page = client_request.get("main.index")
    assert page.h1() == "Plan or check a shared service between councils"
    assert "First, the key facts: at most 22 questions, about 7 minutes" in page.plain
    assert "It helps to have to hand" in page.plain and "each partner's name, population and number of staff" in page.plain
    start = page.xpath("//a[contains(@class,'govuk-button--start')]")
    assert [a.text_content().strip() for a in start] == ["Start now"]
    assert start[0].get("href") == "/sign-in?next=/proposals/new"
    assert "Sign in to continue a saved proposal" in page.plain


def test_start_page_lists_saved_proposals_to_continue_once_signed_in(client_request, add_proposal):
    proposal = add_proposal("alice", title="Shared revenues and benefits")
    client_request.login("alice")
    page = client_request.get("main.index")
    links = page.xpath("//h2[text()='Continue a saved proposal']/following-sibling::ul[1]//a")
    assert [(a.text_content(), a.get("href")) for a in links] == [
        ("Shared revenues and benefits", f"/proposals/{proposal['public_id']}")]


def test_no_gov_uk_brand_anywhere(client_request):
    page = client_request.get("main.index")
    assert not page.xpath("//*[contains(@class,'govuk-header')]"), "the GOV.UK header carries the brand"
    assert page.xpath("//*[contains(@class,'govuk-generic-header')]")
    assert "crown" not in page.text.lower() and "gov.uk/" not in page.text.lower()
    assert "not a GOV.UK service" in page.plain
    assert page.xpath("//footer//a[text()='Accessibility statement']")


def test_accessibility_statement(client_request):
    page = client_request.get("main.accessibility_statement")
    assert page.h1() == "Accessibility statement for the shared service advisor"
    assert "WCAG" in page.plain or "Web Content Accessibility Guidelines" in page.plain


def test_status_is_unauthenticated_json(client_request):
    response = client_request.client.get("/_status")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
