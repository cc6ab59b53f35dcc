"""Fixtures for the browser service's tests, after GOV.UK Notify admin's tests/conftest.py.

Use `client_request` for pages: it gets a page by endpoint name and checks, on every page, the
status, one H1, a title that starts with it, an action and a CSRF token on every form that posts,
script nonces that match the Content-Security-Policy, no inline script or style, no duplicate
ids, and the security headers. `client_request.login("alice")` switches user.
"""

import io
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"
PASSWORD = "correct horse battery staple"

# name: (role, teams)
PEOPLE = {
    "alice": ("officer", ["North Herts"]),
    "bob": ("officer", ["Stevenage"]),
    "carol": ("officer", ["North Herts"]),
    "audrey": ("auditor", ["North Herts"]),
    "ada": ("admin", []),
}


@pytest.fixture(scope="session")
def password_hash():
    from advisor.web.auth import hash_password

    return hash_password(PASSWORD)  # scrypt is slow on purpose: hash once per run


@pytest.fixture
def app(tmp_path, password_hash):
    from advisor.web import create_app
    from advisor.web.config import TestConfig

    application = create_app(TestConfig, DATA_DIR=str(tmp_path / "data"))
    store = application.extensions["advisor.storage"]
    for name, (role, teams) in PEOPLE.items():
        user_id = store.add_user(name, role, password_hash)
        for team in teams:
            found = store.team_by_name(team)
            store.add_member(found["id"] if found else store.add_team(team), user_id)
    return application


@pytest.fixture
def store(app):
    return app.extensions["advisor.storage"]


@pytest.fixture
def add_proposal(store):
    """add_proposal(owner_name, yaml_text=None, team=None) -> the stored proposal row."""
    def _add(owner, text=None, team=None, title="Herts internal audit"):
        owner_id = store.user_by_name(owner)["id"]
        team_id = store.team_by_name(team)["id"] if team else None
        return store.add_proposal(owner_id, title, text or EXAMPLE.read_text(encoding="utf-8"), team_id)
    return _add


class Page:
    """A parsed page: lxml's tree plus the response."""

    def __init__(self, response):
        self.response = response
        binary = not (response.mimetype.startswith("text/") or response.mimetype.endswith(("json", "yaml")))
        self.text = "" if binary else response.get_data(as_text=True)
        html = response.mimetype == "text/html" and self.text.strip()
        self.tree = lxml_html.fromstring(self.text) if html else None

    def xpath(self, path):
        return self.tree.xpath(path)

    @property
    def plain(self):
        """The page's text as a person reads it (entities decoded, spaces collapsed)."""
        return " ".join(self.tree.text_content().split()) if self.tree is not None else ""

    def h1(self):
        return " ".join(self.xpath("string(//h1)").split())

    def title(self):
        return " ".join(self.xpath("string(//title)").split())

    def error_summary(self):
        return [" ".join(a.text_content().split()) for a in self.xpath("//div[contains(@class,'govuk-error-summary')]//li")]

    def text_of(self, path):
        return " ".join(self.xpath(f"string({path})").split())


def csrf_token_from(text):
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    return found.group(1) if found else None


def check_security_headers(response, signed_in):
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'", csp)
    assert h.get("X-Content-Type-Options") == "nosniff"
    assert h.get("Referrer-Policy") == "same-origin"
    assert "camera=()" in h.get("Permissions-Policy", "")
    if signed_in:
        assert h.get("Cache-Control") == "no-store"


def check_page(page, signed_in):
    """The checks Notify's client_request runs on every page, and advisor's own."""
    response = page.response
    check_security_headers(response, signed_in)
    assert page.tree is not None, "empty page"
    h1s = page.xpath("//h1")
    assert len(h1s) == 1, f"expected one h1, found {len(h1s)}"
    h1 = page.h1()
    title = page.title()
    assert title.removeprefix("Error: ").startswith(h1), f"title {title!r} should start with the h1 {h1!r}"
    if page.xpath("//div[contains(@class,'govuk-error-summary')]"):
        assert title.startswith("Error: "), "a page with an error summary has 'Error: ' in its title"
    assert page.xpath("/html/@lang") == ["en-GB"]
    for form in page.xpath("//form"):
        assert form.get("action"), "every form has an action"
        assert form.get("novalidate") is not None, "forms leave validation to the server (GOV.UK)"
        if (form.get("method") or "get").lower() == "post":
            assert form.xpath(".//input[@name='csrf_token' and @type='hidden']/@value"), "POST form without CSRF token"
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    for script in page.xpath("//script"):
        assert script.get("src"), "no inline script: the CSP allows none"
        assert script.get("nonce") == nonce
    assert not page.xpath("//*[@style]"), "no inline style: the CSP allows none"
    assert not page.xpath("//@*[starts-with(name(), 'on')]"), "no inline event handlers"
    ids = page.xpath("//@id")
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {sorted(duplicates)}"
    assert "Traceback" not in page.text


class ClientRequest:
    """Do not use the lower fixtures directly for pages; use this."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.user = None

    def url(self, endpoint, **values):
        with self.app.test_request_context():
            from flask import url_for

            return url_for(endpoint, **values)

    def login(self, name, password=PASSWORD):
        self.client = self.app.test_client()
        token = csrf_token_from(self.client.get("/sign-in").get_data(as_text=True))
        response = self.client.post("/sign-in", data={"name": name, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        self.user = name
        return self

    def logout(self):
        self.client = self.app.test_client()
        self.user = None

    def token(self):
        return csrf_token_from(self.client.get("/sign-in" if self.user is None else "/").get_data(as_text=True))

    def get(self, endpoint, _expected_status=200, _query=None, _check=True, **values):
        url = self.url(endpoint, **values)
        return self.get_url(url, _expected_status=_expected_status, _query=_query, _check=_check)

    def get_url(self, url, _expected_status=200, _query=None, _check=True):
        response = self.client.get(url, query_string=_query)
        assert response.status_code == _expected_status, \
            f"GET {url}: {response.status_code}, expected {_expected_status}"
        page = Page(response)
        if _check and response.mimetype == "text/html":
            check_page(page, signed_in=self.user is not None)
        return page

    def post(self, endpoint, _data=None, _expected_status=302, _expected_redirect=None, _files=None,
             _csrf=True, _check=True, **values):
        url = self.url(endpoint, **values)
        return self.post_url(url, _data, _expected_status, _expected_redirect, _files, _csrf, _check)

    def post_url(self, url, _data=None, _expected_status=302, _expected_redirect=None, _files=None, _csrf=True,
                 _check=True):
        data = dict(_data or {})
        if _csrf:
            data["csrf_token"] = self.token()
        kwargs = {}
        if _files:
            for field, (name, content) in _files.items():
                data[field] = (io.BytesIO(content if isinstance(content, bytes) else content.encode()), name)
            kwargs["content_type"] = "multipart/form-data"
        response = self.client.post(url, data=data, **kwargs)
        assert response.status_code == _expected_status, \
            f"POST {url}: {response.status_code}, expected {_expected_status}: " \
            f"{response.get_data(as_text=True)[:300]}"
        if _expected_redirect:
            assert response.headers["Location"] == _expected_redirect
        page = Page(response)
        if _check and response.status_code != 302 and response.mimetype == "text/html":
            check_page(page, signed_in=self.user is not None)
        return page


@pytest.fixture
def client_request(app):
    return ClientRequest(app)


@pytest.fixture
def signed_in_user(client_request):
    return client_request.login("alice")
