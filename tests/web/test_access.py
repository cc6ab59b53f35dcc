"""Nobody sees or changes a proposal they were not given: every URL that names a proposal (walked
from url_map, so new routes are covered) answers 404 to the wrong people, for GET and POST alike,
and changes nothing. Two users, two teams."""

import pytest


READ_ENDPOINTS = {"main.show_proposal", "main.advice_page", "main.audit_page", "main.download",
                  "main.task_list", "main.check_answers", "main.key_facts_done"}  # check: POST needs edit
EDIT_ENDPOINTS = {"main.change_title", "main.replace_proposal", "main.next_question", "main.question_page"}
OWNER_ENDPOINTS = {"main.change_team", "main.sharing", "main.stop_sharing", "main.delete_proposal"}
WAIVE_ENDPOINTS = {"main.add_waiver", "main.remove_waiver"}
INTERVIEW_VALUES = {"main.next_question": {"section": "service"},
                    "main.question_page": {"section": "service", "question_id": "service.name"}}


@pytest.fixture
def world(store, add_proposal):
    """Alice's proposal in North Herts, shared with carol as an editor, with a waiver; Bob's in Stevenage."""
    alice = add_proposal("alice", team="North Herts", title="Alice's proposal")
    bob = add_proposal("bob", team="Stevenage", title="Bob's proposal")
    store.share(alice["id"], store.user_by_name("carol")["id"], "editor")
    waiver = store.add_waiver(alice["id"], "governance.joint_member_panel", "Members scrutinise it.", "Board",
                              "2099-01-01", store.user_by_name("audrey")["id"])
    return {"alice": alice, "bob": bob, "carol_id": store.user_by_name("carol")["id"], "waiver_id": waiver}


def proposal_routes(app):
    return [r for r in app.url_map.iter_rules() if "proposal_id" in r.arguments]


def urls_for(client_request, app, proposal, world):
    out = []
    for rule in proposal_routes(app):
        values = {"proposal_id": proposal["public_id"]}
        if "user_id" in rule.arguments:
            values["user_id"] = world["carol_id"]
        if "waiver_id" in rule.arguments:
            values["waiver_id"] = world["waiver_id"]
        if "section" in rule.arguments:  # the interview pages: a question the example answers
            values["section"] = "service"
        if "question_id" in rule.arguments:
            values["question_id"] = "service.name"
        names = ["proposal.yaml", "advice.docx", "advice.json", "audit.json"] if "name" in rule.arguments else [None]
        for name in names:
            if name:
                values["name"] = name
            out.append((rule.endpoint, client_request.url(rule.endpoint, **values)))
    return out


def snapshot(store, proposal):
    row = store.proposal(proposal["public_id"])
    return (row, store.shares(row["id"]) if row else None, store.waivers(row["id"]) if row else None)


def test_every_proposal_route_is_enumerated(app):
    endpoints = {r.endpoint for r in proposal_routes(app)}
    assert endpoints == READ_ENDPOINTS | EDIT_ENDPOINTS | OWNER_ENDPOINTS | WAIVE_ENDPOINTS, \
        "a new proposal route: say who may use it here"


@pytest.mark.parametrize("outsider", ["bob", "ada"])
def test_outsiders_get_404_for_every_url_of_alices_proposal_get_and_post(client_request, app, store, world, outsider):
    before = snapshot(store, world["alice"])
    client_request.login(outsider)
    for endpoint, url in urls_for(client_request, app, world["alice"], world):
        client_request.get_url(url, _expected_status=404)
        client_request.post_url(url, {"title": "hijacked", "answer": "hijacked", "name": outsider, "access": "editor",
                                      "justification": "x", "item": "basics.purpose", "expires_day": "1",
                                      "expires_month": "1", "expires_year": "2099", "team": "none"},
                                _expected_status=404)
    assert snapshot(store, world["alice"]) == before


def test_and_the_other_way_round_alice_gets_404_on_bobs(client_request, app, store, world):
    before = snapshot(store, world["bob"])
    client_request.login("alice")
    for endpoint, url in urls_for(client_request, app, world["bob"], world):
        client_request.get_url(url, _expected_status=404)
        client_request.post_url(url, {"title": "hijacked", "answer": "hijacked"}, _expected_status=404)
    assert snapshot(store, world["bob"]) == before


def test_a_guessed_proposal_id_is_404_like_any_other(client_request):
    client_request.login("alice")
    client_request.get("main.show_proposal", proposal_id="AAAAAAAAAAAAAAAA", _expected_status=404)


def test_a_team_member_reads_but_cannot_change(client_request, app, store, add_proposal):
    proposal = add_proposal("alice", team="North Herts")
    client_request.login("carol")  # in North Herts, not given the proposal directly
    pid = proposal["public_id"]
    for endpoint in ("main.show_proposal", "main.advice_page", "main.audit_page"):
        client_request.get(endpoint, proposal_id=pid)
    client_request.get("main.task_list", proposal_id=pid)
    client_request.get("main.check_answers", proposal_id=pid, section="service")
    for endpoint in sorted(EDIT_ENDPOINTS | OWNER_ENDPOINTS - {"main.stop_sharing"}):
        client_request.get(endpoint, proposal_id=pid, _expected_status=404, **INTERVIEW_VALUES.get(endpoint, {}))
        client_request.post(endpoint, {"title": "changed", "answer": "changed"}, proposal_id=pid,
                            _expected_status=404, **INTERVIEW_VALUES.get(endpoint, {}))
    client_request.post("main.check_answers", proposal_id=pid, section="service", _expected_status=404)
    client_request.get("main.add_waiver", proposal_id=pid, _expected_status=404)  # an officer, not an auditor
    assert store.proposal(pid)["title"] == proposal["title"]
    assert store.proposal(pid)["yaml"] == proposal["yaml"]


def test_an_editor_changes_but_cannot_share_or_delete(client_request, store, world):
    client_request.login("carol")
    pid = world["alice"]["public_id"]
    client_request.post("main.change_title", {"title": "Renamed by Carol"}, proposal_id=pid)
    assert store.proposal(pid)["title"] == "Renamed by Carol"
    for endpoint in ("main.sharing", "main.delete_proposal", "main.change_team"):
        client_request.get(endpoint, proposal_id=pid, _expected_status=404)


def test_an_auditor_in_the_team_reads_and_waives_but_cannot_edit(client_request, world):
    client_request.login("audrey")
    pid = world["alice"]["public_id"]
    client_request.get("main.audit_page", proposal_id=pid)
    client_request.get("main.add_waiver", proposal_id=pid)
    client_request.get("main.change_title", proposal_id=pid, _expected_status=404)


def test_an_auditor_outside_the_team_gets_404(client_request, store, world):
    client_request.login("audrey")
    client_request.get("main.audit_page", proposal_id=world["bob"]["public_id"], _expected_status=404)
    client_request.get("main.add_waiver", proposal_id=world["bob"]["public_id"], _expected_status=404)


def test_a_teams_portfolio_is_404_to_people_outside_it(client_request, store, world):
    north = store.team_by_name("North Herts")["id"]
    client_request.login("bob")
    client_request.get("main.team_portfolio", team_id=north, _expected_status=404)
    client_request.login("alice")
    page = client_request.get("main.team_portfolio", team_id=north)
    assert "Alice's proposal" in page.plain and "Bob's proposal" not in page.plain


def test_admin_pages_are_404_to_everyone_but_admins(client_request, store):
    team = store.team_by_name("North Herts")["id"]
    pages = [("main.list_users", {}), ("main.add_user", {}), ("main.add_team", {}),
             ("main.team_members", {"team_id": team})]
    for name in ("alice", "audrey"):
        client_request.login(name)
        for endpoint, values in pages:
            client_request.get(endpoint, _expected_status=404, **values)
            client_request.post(endpoint, {"name": "mallory", "role": "admin", "password": "x" * 20},
                                _expected_status=404, **values)
    assert store.user_by_name("mallory") is None
    client_request.login("ada")
    for endpoint, values in pages:
        client_request.get(endpoint, **values)


def test_the_proposal_list_shows_only_what_each_person_may_see(client_request, world):
    client_request.login("bob")
    page = client_request.get("main.list_proposals")
    assert "Bob's proposal" in page.plain and "Alice's proposal" not in page.plain
    client_request.login("carol")
    page = client_request.get("main.list_proposals")
    assert "Alice's proposal" in page.plain and "Bob's proposal" not in page.plain


def test_a_disabled_user_is_signed_out_at_once(client_request, store, world):
    client_request.login("carol")
    store.set_disabled(store.user_by_name("carol")["id"], True)
    page = client_request.get("main.list_proposals", _expected_status=302, _check=False)
    assert page.response.headers["Location"].startswith("/sign-in")
