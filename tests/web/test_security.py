"""CSRF, sign-in throttling, cookies, headers on error pages, no traceback, single sign-on."""

import time

import pytest

from .conftest import PASSWORD, check_security_headers, csrf_token_from


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    page = client_request.post("main.change_title", {"title": "No token"}, proposal_id=proposal["public_id"],
                               _csrf=False, _expected_status=400)
    assert page.h1() == "Sorry, we could not do that"
    assert store.proposal(proposal["public_id"])["title"] == proposal["title"]


def test_a_post_with_a_forged_csrf_token_is_refused(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    client_request.post("main.change_title", {"title": "Forged", "csrf_token": "forged"}, _csrf=False,
                        proposal_id=proposal["public_id"], _expected_status=400)
    assert store.proposal(proposal["public_id"])["title"] == proposal["title"]


def test_another_sessions_csrf_token_is_refused(app, client_request, store, add_proposal):
    proposal = add_proposal("alice")
    other = app.test_client()
    stolen = csrf_token_from(other.get("/sign-in").get_data(as_text=True))
    client_request.login("alice")
    client_request.post("main.change_title", {"title": "Stolen", "csrf_token": stolen}, _csrf=False,
                        proposal_id=proposal["public_id"], _expected_status=400)
    assert store.proposal(proposal["public_id"])["title"] == proposal["title"]


def test_sign_in_itself_needs_a_csrf_token(app):
    response = app.test_client().post("/sign-in", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"


def test_a_signed_out_post_goes_to_sign_in_and_says_nothing_was_lost(client_request, add_proposal):
    proposal = add_proposal("alice")
    page = client_request.post("main.change_title", {"title": "x"}, proposal_id=proposal["public_id"],
                               _csrf=False, _expected_status=302)
    assert page.response.headers["Location"].startswith("/sign-in")


def _fail(client_request, name, password="wrong password"):
    return client_request.post("main.sign_in", {"name": name, "password": password}, _expected_status=200)


def test_wrong_password_says_so_without_saying_which_was_wrong(client_request):
    page = _fail(client_request, "alice")
    assert page.error_summary() == ["The user name or password is not right"]
    page = _fail(client_request, "nobody-at-all")
    assert page.error_summary() == ["The user name or password is not right"]


def test_five_failures_lock_the_account_even_against_the_right_password(client_request, app, monkeypatch):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _fail(client_request, "alice")
    page = client_request.post("main.sign_in", {"name": "alice", "password": PASSWORD}, _expected_status=429)
    assert page.error_summary() == ["Too many attempts to sign in. Wait 1 minute and try again."]
    # Another account from the same address is not locked yet.
    client_request.post("main.sign_in", {"name": "bob", "password": PASSWORD}, _expected_status=302)
    # After the window, the right password works again.
    later = time.time() + app.config["LOGIN_WINDOW_SECONDS"] + 1
    monkeypatch.setattr(time, "time", lambda: later)
    client_request.logout()
    client_request.post("main.sign_in", {"name": "alice", "password": PASSWORD}, _expected_status=302)


def test_many_names_from_one_address_are_throttled_too(client_request, app):
    limit = app.config["LOGIN_MAX_FAILURES"] * app.config["LOGIN_IP_FACTOR"]
    for i in range(limit):
        _fail(client_request, f"guess{i}")
    client_request.post("main.sign_in", {"name": "carol", "password": PASSWORD}, _expected_status=429)


def test_a_successful_sign_in_clears_the_accounts_failures(client_request, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        _fail(client_request, "alice")
    client_request.post("main.sign_in", {"name": "alice", "password": PASSWORD}, _expected_status=302)
    client_request.logout()
    _fail(client_request, "alice")
    client_request.post("main.sign_in", {"name": "alice", "password": PASSWORD}, _expected_status=302)


def test_session_cookie_is_httponly_and_samesite_lax(app):
    client = app.test_client()
    client.get("/sign-in")
    cookie = client.get_cookie("advisor_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # plain http on loopback; behind TLS it is Secure (next test)


def test_behind_a_tls_proxy_cookies_are_secure(tmp_path):
    from advisor.web import create_app
    from advisor.web.config import TestConfig

    app = create_app(TestConfig, DATA_DIR=str(tmp_path), BEHIND_PROXY=True)
    client = app.test_client()
    response = client.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_pages_carry_every_security_header(client_request):
    page = client_request.get_url("/no-such-page", _expected_status=404)
    assert page.h1() == "Page not found"
    check_security_headers(page.response, signed_in=False)


@pytest.fixture
def broken_app(tmp_path):
    from advisor.web import create_app
    from advisor.web.config import TestConfig

    app = create_app(TestConfig, DATA_DIR=str(tmp_path))

    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

    app.add_url_rule("/boom", "boom", boom)
    return app


def test_an_unexpected_error_is_a_500_page_with_no_traceback(broken_app, caplog):
    response = broken_app.test_client().get("/boom")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text
    assert "Traceback" not in text and "secret internals" not in text and "RuntimeError" not in text
    check_security_headers(response, signed_in=False)
    assert "secret internals" in caplog.text  # logged for the IT person instead


def test_the_trusted_header_signs_people_in_only_when_configured(tmp_path, password_hash):
    from advisor.web import create_app
    from advisor.web.config import TestConfig

    plain = create_app(TestConfig, DATA_DIR=str(tmp_path / "a"))
    plain.extensions["advisor.storage"].add_user("sam", "officer", None)
    response = plain.test_client().get("/proposals", headers={"X-Remote-User": "sam"})
    assert response.status_code == 302  # off by default: the header means nothing

    sso = create_app(TestConfig, DATA_DIR=str(tmp_path / "b"), TRUSTED_HEADER="X-Remote-User")
    sso.extensions["advisor.storage"].add_user("sam", "officer", None)
    assert sso.test_client().get("/proposals", headers={"X-Remote-User": "sam"}).status_code == 200
    assert sso.test_client().get("/proposals", headers={"X-Remote-User": "stranger"}).status_code == 302


def test_an_sso_only_account_cannot_sign_in_with_a_password(client_request, store):
    store.add_user("sam", "officer", None)
    page = _fail(client_request, "sam", "")
    assert page.error_summary() == ["Enter your password"]
    page = _fail(client_request, "sam", "anything at all")
    assert page.error_summary() == ["The user name or password is not right"]


def test_changing_a_password_signs_the_user_out_everywhere(client_request, store, password_hash):
    from advisor.web.auth import hash_password

    client_request.login("alice")
    store.set_password(store.user_by_name("alice")["id"], hash_password("a brand new password"))
    page = client_request.get("main.list_proposals", _expected_status=302, _check=False)
    assert page.response.headers["Location"].startswith("/sign-in")


def test_sign_in_redirects_only_within_the_site(client_request):
    token = client_request.token()
    response = client_request.client.post("/sign-in?next=https://evil.example/", data={
        "name": "alice", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/proposals"


def test_sign_out_is_a_post_with_a_token(client_request):
    client_request.login("alice")
    client_request.post("main.sign_out", _csrf=False, _expected_status=400)
    client_request.post("main.sign_out", _expected_redirect="/signed-out")
    client_request.user = None
    page = client_request.get("main.list_proposals", _expected_status=302, _check=False)
    assert page.response.headers["Location"].startswith("/sign-in")
