"""axe-core (vendored, WCAG 2.2 A and AA) finds no violation on any kind of page, error states
included, with the Content-Security-Policy enforced."""

from .conftest import PASSWORD
from .pages import ProposalPage, SignInPage, UploadPage


def test_every_kind_of_page_passes_axe(page, server, check_axe, example_path, tmp_path):
    def visit(path, label):
        page.goto(server + path)
        check_axe(page, label)

    visit("/", "start page, signed out")
    visit("/accessibility-statement", "accessibility statement")
    visit("/no-such-page", "404 page")
    sign_in = SignInPage(page, server).open()
    check_axe(page, "sign in")
    sign_in.sign_in("alice", "not the password")
    assert sign_in.error_summary() == ["The user name or password is not right"]
    check_axe(page, "sign in with an error")
    sign_in.sign_in("alice", PASSWORD)
    check_axe(page, "proposals list")

    upload = UploadPage(page, server).open()
    check_axe(page, "upload")
    bad = tmp_path / "bad.yaml"
    bad.write_text("service:\n  catgory: audit\n", encoding="utf-8")
    upload.upload(bad)
    assert upload.error_summary()[0].startswith("bad.yaml:2: service.catgory")
    check_axe(page, "upload with an error")
    upload.upload(example_path, team="North Herts")
    proposal = ProposalPage(page, server)
    pid = proposal.public_id()
    check_axe(page, "proposal page with a task list and summary list")
    base = f"/proposals/{pid}"
    visit(base + "/advice", "advice page")
    visit(base + "/audit", "audit page")
    visit(base + "/audit?only-failing=yes", "audit page, only failing")
    visit(base + "/name", "question page")
    page.get_by_label("What is the proposal called?").fill("")
    page.get_by_role("button", name="Save").click()
    check_axe(page, "question page with an error")
    visit(base + "/team", "radios question page")
    visit(base + "/sharing", "sharing")
    page.get_by_role("button", name="Share").click()
    check_axe(page, "sharing with errors")
    visit(base + "/new-version", "new version")
    visit(base + "/delete", "delete confirmation")
    visit("/teams", "teams")
    visit("/teams/1/portfolio", "team portfolio")
    visit("/checklist", "checklist")
    visit("/checklist/governance.terms_of_reference", "checklist item")
    visit("/rules/political.different_political_control", "rule")
    page.get_by_role("button", name="Sign out").click()
    check_axe(page, "signed out")

    SignInPage(page, server).open().sign_in("audrey", PASSWORD)
    visit(base + "/waivers/add", "add a waiver")
    page.get_by_role("button", name="Add waiver").click()
    check_axe(page, "add a waiver with errors")
    page.get_by_role("button", name="Sign out").click()

    SignInPage(page, server).open().sign_in("ada", PASSWORD)
    visit("/users", "users")
    visit("/users/add", "add a user")
    page.get_by_role("button", name="Add user").click()
    check_axe(page, "add a user with errors")
    visit("/teams/add", "add a team")
    visit("/teams/1/members", "team members")
