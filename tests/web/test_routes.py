"""Route-wide rules, walked over url_map so that a new route is checked without a new test
(after Notify's tests/app/main/test_permissions.py)."""

import re

import pytest

# Pages anyone may open. Everything else needs sign-in.
OPEN = {
    "main.index",
    "main.accessibility_statement",
    "main.sign_in",
    "main.sign_out",
    "main.signed_out",
    "static",
    "status.show_status",
}
# Paths outside the kebab-case rule, each with its reason.
NOT_KEBAB = {"/_status": "a monitoring path, by the common convention"}


def rules(app):
    return [r for r in app.url_map.iter_rules()]


def test_every_route_needs_sign_in_except_the_allow_list(app):
    for rule in rules(app):
        if rule.endpoint in OPEN:
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "signed_in_required", False), f"{rule.endpoint} ({rule.rule}) needs @user_is_signed_in"


def test_the_allow_list_names_only_routes_that_exist(app):
    assert OPEN <= {r.endpoint for r in rules(app)}


def _sample(rule):
    values = {}
    for arg in rule.arguments:
        values[arg] = 1 if rule._converters[arg].__class__.__name__ == "IntegerConverter" else "x"
    return values


def test_signed_out_people_are_sent_to_sign_in_from_every_other_route(client_request, app):
    for rule in rules(app):
        if rule.endpoint in OPEN:
            continue
        url = client_request.url(rule.endpoint, **_sample(rule))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = getattr(app.test_client(), method.lower())(url)
            assert response.status_code == 302, f"{method} {url}: {response.status_code}"
            assert response.headers["Location"].startswith("/sign-in"), f"{method} {url}"


def test_url_paths_are_kebab_case(app):
    for rule in rules(app):
        if rule.rule in NOT_KEBAB or rule.endpoint == "static":
            continue
        static_parts = [p for p in rule.rule.split("/") if p and not p.startswith("<")]
        for part in static_parts:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", part), f"{rule.rule}: '{part}' is not kebab-case"


@pytest.fixture
def everything(app, store, add_proposal):
    """A proposal with a share, a waiver and its key facts done, so every route has a real thing to show."""
    from advisor.interview.session import Session
    from advisor.web.storage import InterviewStore

    proposal = add_proposal("alice", team="North Herts")
    Session.load(app.extensions["advisor.kb"], InterviewStore(store, proposal, "x")).finish_key_facts()
    store.share(proposal["id"], store.user_by_name("bob")["id"], "reader")
    waiver_id = store.add_waiver(proposal["id"], "governance.joint_member_panel", "Members scrutinise it.",
                                 "Board", "2099-01-01", store.user_by_name("audrey")["id"])
    team = store.team_by_name("North Herts")
    return {"proposal_id": proposal["public_id"], "user_id": store.user_by_name("bob")["id"],
            "waiver_id": waiver_id, "team_id": team["id"], "rule_id": "political.different_political_control",
            "item_id": "governance.terms_of_reference", "name": "proposal.yaml",
            "section": "service", "question_id": "service.name"}


def _who_can_get(endpoint):
    if endpoint.startswith("main.") and endpoint in ("main.list_users", "main.add_user", "main.add_team",
                                                     "main.team_members"):
        return "ada"
    if endpoint == "main.add_waiver":
        return "audrey"
    return "alice"


def test_signed_in_pages_are_never_cached_and_pass_the_page_checks(client_request, app, everything):
    seen = set()
    for rule in rules(app):
        if "GET" not in rule.methods or rule.endpoint in ("static", "status.show_status", "main.sign_in"):
            continue
        client_request.login(_who_can_get(rule.endpoint))
        values = {a: everything[a] for a in rule.arguments}
        if rule.endpoint == "main.next_question":  # a redirect to the next question or the check
            client_request.get(rule.endpoint, _expected_status=302, _check=False, **values)
            continue
        page = client_request.get(rule.endpoint, **values)
        assert page.response.headers["Cache-Control"] == "no-store", rule.endpoint
        seen.add(rule.endpoint)
    assert "main.advice_page" in seen and "main.audit_page" in seen


def test_static_files_may_be_cached_but_carry_the_security_headers(app):
    response = app.test_client().get("/static/advisor.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
