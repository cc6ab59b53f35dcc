import pytest


@pytest.fixture
def shared(client_request, store, add_proposal):
    proposal = add_proposal("alice", team="North Herts")
    client_request.login("audrey")
    return proposal


def _audit_row(page, item):
    """The item's row in its section's table (the failing table lists it too, without evidence)."""
    return page.xpath(f"//h2[starts-with(@id,'part-section-')]/following-sibling::table[1]"
                      f"//tr[.//a[@href='/checklist/{item}']]")[0]


def _status(row):
    """The audit table row's Status cell (the audit page is the report document's table)."""
    heads = [" ".join(th.text_content().split()) for th in row.xpath("ancestor::table[1]/thead//th")]
    return " ".join(row.xpath("./th|./td")[heads.index("Status")].text_content().split())


def _waive(client_request, proposal, status=302, **fields):
    data = {"item": "governance.decision_levels", "justification": "Decided by each council's cabinet.",
            "approved_by": "Partnership Board", "expires_day": "31", "expires_month": "3", "expires_year": "2099"}
    data.update(fields)
    return client_request.post("main.add_waiver", data, proposal_id=proposal["public_id"], _expected_status=status)


def test_an_auditor_adds_a_waiver_and_the_core_applies_it(client_request, store, shared):
    before = client_request.get("main.audit_page", proposal_id=shared["public_id"])
    assert "governance.decision_levels" in before.text
    _waive(client_request, shared)
    rows = store.waivers(shared["id"])
    assert [(r["item"], r["expires"], r["approved_by"]) for r in rows] == [
        ("governance.decision_levels", "2099-03-31", "Partnership Board")]
    page = client_request.get("main.audit_page", proposal_id=shared["public_id"])
    row = _audit_row(page, "governance.decision_levels")
    assert _status(row) == "Waived"
    waivers = page.xpath("//h2[@id='waivers']/following-sibling::table[1]//tbody/tr")
    assert "Decided by each council's cabinet." in waivers[0].text_content()
    assert "Applied" in waivers[0].text_content()


def test_an_expired_waiver_is_said_to_be_expired(client_request, store, shared):
    store.add_waiver(shared["id"], "governance.decision_levels", "Old decision.", "", "2001-01-01",
                     store.user_by_name("audrey")["id"])
    page = client_request.get("main.audit_page", proposal_id=shared["public_id"])
    row = _audit_row(page, "governance.decision_levels")
    assert _status(row) == "Missing"
    assert "waiver expired on 2001-01-01" in row.text_content()


@pytest.mark.parametrize("fields, message, href", [
    ({"item": ""}, "Select the checklist item to waive", "#item"),
    ({"item": "basics.no_such_item"}, "Select the checklist item to waive", "#item"),
    ({"justification": " "}, "Enter why this item is waived", "#justification"),
    ({"expires_day": "", "expires_month": "", "expires_year": ""}, "Enter the date the waiver expires", "#expires_day"),
    ({"expires_year": ""}, "The date the waiver expires must include a year", "#expires_day"),
    ({"expires_day": "31", "expires_month": "2"}, "The date the waiver expires must be a real date", "#expires_day"),
])
def test_waiver_form_errors(client_request, store, shared, fields, message, href):
    page = _waive(client_request, shared, status=400, **fields)
    assert page.error_summary() == [message]
    assert page.xpath("//div[contains(@class,'govuk-error-summary')]//a/@href") == [href]
    assert store.waivers(shared["id"]) == []


def test_remove_a_waiver(client_request, store, shared):
    _waive(client_request, shared)
    waiver_id = store.waivers(shared["id"])[0]["id"]
    client_request.post("main.remove_waiver", proposal_id=shared["public_id"], waiver_id=waiver_id)
    assert store.waivers(shared["id"]) == []
    client_request.post("main.remove_waiver", proposal_id=shared["public_id"], waiver_id=waiver_id,
                        _expected_status=404)
