"""The interview in a real browser: start page, key facts, the advice, a checklist section, check
your answers, a change, the Word and PDF downloads; keyboard only; resuming after the browser is
closed."""

import io
import re
import subprocess
import zipfile

from .conftest import PASSWORD
from .pages import CheckAnswersPage, NewProposalPage, QuestionPage, SignInPage, TaskListPage
from .test_journeys import _tab_to


def _answer_until_done(question, limit=60):
    """Answer every question of a section (the first choice, a name or a number) until the page
    is no longer a question; returns how many were answered."""
    for n in range(limit):
        if not question.is_question():
            return n
        before = question.page.url
        question.answer()
        assert not question.error_summary(), f"{before}: {question.error_summary()}"
    raise AssertionError("the section never ended")


def test_start_key_facts_advice_checklist_check_change_and_download(page, server, tmp_path):
    page.goto(server + "/")
    page.get_by_role("button", name="Start now").click()
    SignInPage(page, server).sign_in("alice", PASSWORD)
    page.wait_for_url(re.compile(r"^[^?]*/proposals/new$"))  # straight on to the start, after signing in
    NewProposalPage(page, server).create("Shared payroll")
    tasks = TaskListPage(page, server)
    assert tasks.h1() == "Your task list"
    assert tasks.status_of("Key facts") == "Not started"
    tasks.open_task("Key facts")

    question = QuestionPage(page, server)
    assert question.caption() == "Key facts · question 1 of at most 22"
    assert question.h1() == "What is the service called?"
    question.answer("Shared payroll")
    assert question.caption() == "Key facts · question 2 of at most 22"
    assert "Choose every one in scope" in page.locator(".govuk-hint").first.inner_text()
    asked = 1 + _answer_until_done(question)
    assert 10 <= asked <= 25
    assert page.locator("h1").inner_text() == "The key facts are done"

    page.get_by_role("button", name="Read the advice").click()
    assert page.locator("h1").inner_text() == "Advice on Shared payroll"
    assert page.locator("section[id^='finding-']").count() > 0

    # one checklist section, to its end, then check the answers and change one
    page.goto(f"{server}/proposals/{tasks_id(page, server)}/tasks")
    tasks.open_task("Health and safety")
    answered = _answer_until_done(question)
    assert answered >= 1
    check = CheckAnswersPage(page, server)
    assert check.h1() == "Check your answers: Health and safety"
    rows = check.rows()
    assert rows and all(value == "Yes" for _, value in rows)
    first = rows[0][0]
    check.change(first)
    assert page.locator("input[type=radio]:checked").get_attribute("value") == "yes"
    page.get_by_label("Partly", exact=True).check()
    question.continue_()
    assert check.h1() == "Check your answers: Health and safety"
    assert dict(check.rows())[first] == "Partly"
    check.confirm()
    assert tasks.status_of("Health and safety") == "Completed"
    assert "Health and safety: answers confirmed" in page.locator(".govuk-notification-banner").inner_text()

    # the Word and PDF files of the advice, the PDF tagged for screen readers
    page.get_by_role("button", name="Read the advice").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Word document of the advice report").click()
    body = open(info.value.path(), "rb").read()
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF of the advice report").click()
    pdf = tmp_path / "advice.pdf"
    info.value.save_as(str(pdf))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    meta = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", meta, re.M), meta
    assert not page.console_errors


def tasks_id(page, server):
    return re.search(r"/proposals/([^/?#]+)/", page.url).group(1)


def test_keyboard_only_through_the_first_questions(page, server):
    SignInPage(page, server).open().sign_in("alice", PASSWORD)
    NewProposalPage(page, server).open().create("Keyboard only")
    _tab_to(page, "Key facts")
    page.keyboard.press("Enter")
    question = QuestionPage(page, server)
    assert question.h1() == "What is the service called?"
    _tab_to(page, "", element="INPUT", name="answer")
    page.keyboard.type("Shared payroll")
    page.keyboard.press("Enter")  # Enter in the box is Continue
    page.wait_for_url(re.compile(r"service\.kind$"))
    _tab_to(page, "", element="INPUT", name="answer")  # the first checkbox
    page.keyboard.press("Space")
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/questions/(?!service\.kind)"))
    assert question.caption() == "Key facts · question 3 of at most 22"
    third = page.url
    # a radio question: Continue with nothing chosen is an error, then choose with the keyboard
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert question.error_summary() == ["An answer is needed (or choose I don't know)"]
    focused = page.evaluate("document.activeElement.className")
    assert "govuk-error-summary" in focused  # govuk-frontend moves focus to the summary
    _tab_to(page, "An answer is needed")  # the summary's link goes to the field
    page.keyboard.press("Enter")
    page.keyboard.press("Space")  # chooses the focused (first) radio
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.govuk-caption-l').textContent.includes('question 4')")
    # Back goes to the answer given, still chosen
    _tab_to(page, "Back")
    page.keyboard.press("Enter")
    page.wait_for_url(third)
    assert page.locator("input[type=radio]:checked").count() == 1


def test_resume_the_interview_after_the_browser_is_closed(browser, server, tmp_path):
    first = browser.new_context()
    page = first.new_page()
    SignInPage(page, server).open().sign_in("alice", PASSWORD)
    NewProposalPage(page, server).open().create("Resumed later")
    tasks = TaskListPage(page, server)
    pid = tasks.public_id()
    tasks.open_task("Key facts")
    question = QuestionPage(page, server)
    question.answer("Shared legal services")
    question.answer()  # the second question, its first choice
    third = question.h1()
    state = tmp_path / "state.json"
    first.storage_state(path=str(state))
    first.close()  # the browser is closed half-way through the key facts

    again = browser.new_context(storage_state=str(state))
    page = again.new_page()
    page.goto(f"{server}/proposals/{pid}/tasks")
    tasks = TaskListPage(page, server)
    assert tasks.status_of("Key facts") == "In progress"
    tasks.open_task("Key facts")
    question = QuestionPage(page, server)
    assert question.h1() == third and question.caption() == "Key facts · question 3 of at most 22"
    question.back()
    assert page.locator("input[type=checkbox]:checked").count() == 1  # the answer given before closing
    question.back()
    assert question.h1() == "What is the service called?"
    assert page.get_by_label("What is the service called?").input_value() == "Shared legal services"
    again.close()


def test_the_interview_needs_no_javascript(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    SignInPage(page, server).open().sign_in("alice", PASSWORD)
    NewProposalPage(page, server).open().create("No scripts")
    TaskListPage(page, server).open_task("Key facts")
    question = QuestionPage(page, server)
    assert "Why we ask this" in page.locator("details summary").inner_text()  # a native <details>
    question.continue_()
    assert question.error_summary() == ["An answer is needed (or choose I don't know)"]
    for _ in range(15):  # to the partners' names: add another box without saving, then continue
        if page.get_by_role("button", name="Add another organisation").count():
            break
        question.answer()
    page.get_by_label("Organisation 1").fill("North Herts")
    page.get_by_label("Organisation 2").fill("Stevenage")
    page.get_by_role("button", name="Add another organisation").click()
    page.get_by_label("Organisation 3").fill("East Herts")
    question.continue_()
    assert "North Herts" in page.locator("main").inner_text()  # the next question asks about each partner
    ctx.close()
