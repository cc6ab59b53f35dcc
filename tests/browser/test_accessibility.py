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


def test_every_kind_of_interview_page_passes_axe(page, server, check_axe):
    """The interview's page states: new proposal (and its error), task list, each kind of question
    (a box, checkboxes, radios, a line per fact, the partners' names, add another), a question
    with an error, check your answers, key facts done, the task list after them."""
    from .pages import CheckAnswersPage, NewProposalPage, QuestionPage, TaskListPage

    SignInPage(page, server).open().sign_in("alice", PASSWORD)
    new = NewProposalPage(page, server).open()
    check_axe(page, "new proposal")
    page.get_by_role("button", name="Continue").click()
    check_axe(page, "new proposal with an error")
    new.create("Accessible payroll")
    tasks = TaskListPage(page, server)
    pid = tasks.public_id()
    check_axe(page, "task list, nothing started")
    tasks.open_task("Key facts")
    question = QuestionPage(page, server)
    check_axe(page, "question page: a text box")
    question.continue_()
    assert question.error_summary()
    check_axe(page, "question page with an error")
    question.why()
    check_axe(page, "question page with why we ask this open")
    kinds = set()
    for _ in range(30):  # every key fact, each kind of page checked once, with and without an error
        if not question.is_question():
            break
        kind = ("names" if page.get_by_role("button", name="Add another organisation").count() else
                "lines" if page.locator("fieldset").count() > 1 else
                "checkboxes" if page.locator("input[type=checkbox]").count() else
                "radios" if page.locator("input[type=radio]").count() else "box")
        if kind not in kinds:
            kinds.add(kind)
            check_axe(page, f"question page: {kind}")
            if kind in ("lines", "checkboxes", "names"):
                if kind == "names":
                    page.get_by_role("button", name="Add another organisation").click()
                    check_axe(page, "names after add another")
                question.continue_()
                if question.error_summary():
                    check_axe(page, f"question page: {kind} with an error")
        question.answer()
    assert {"box", "checkboxes", "radios", "lines", "names"} <= kinds
    assert page.locator("h1").inner_text() == "The key facts are done"
    check_axe(page, "key facts done")
    page.goto(f"{server}/proposals/{pid}/sections/key/check")
    check_axe(page, "check your answers: key facts")
    page.goto(f"{server}/proposals/{pid}/sections/partners/questions/partners[1].more")
    assert page.locator("h1").inner_text() == "You have added 2 partners"
    check_axe(page, "add another partner")
    page.goto(f"{server}/proposals/{pid}/sections/arrangement/questions/arrangement.months_to_start")
    page.locator("input[name=answer]").fill("0")  # begun: "When did it begin?" is asked
    question.continue_()
    page.goto(f"{server}/proposals/{pid}/sections/arrangement/questions/review.started")
    check_axe(page, "question page: a date")
    page.get_by_label("Month").fill("Sept")
    question.continue_()
    assert question.error_summary()
    check_axe(page, "question page: a date with an error")
    page.goto(f"{server}/proposals/{pid}/tasks")
    check_axe(page, "task list after the key facts")
    tasks.open_task("Insurance")
    question.answer()
    check = CheckAnswersPage(page, server)
    check.change(check.rows()[0][0])
    check_axe(page, "question page opened from a Change link")
    question.continue_()
    check_axe(page, "check your answers after a change")
