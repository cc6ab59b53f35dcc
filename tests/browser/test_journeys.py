"""Journeys a person takes: mouse, keyboard only, no JavaScript, closing the browser and coming back."""

import io
import re
import zipfile

from advisor import report as report_pkg

from .conftest import PASSWORD
from .pages import AdvicePage, ProposalPage, SignInPage, UploadPage


def _sign_in(page, server, name="alice"):
    SignInPage(page, server).open().sign_in(name, PASSWORD)


def test_upload_read_the_advice_and_download_word(page, server, example_path):
    _sign_in(page, server)
    UploadPage(page, server).open().upload(example_path)
    proposal = ProposalPage(page, server)
    assert "Proposal uploaded" in page.locator(".govuk-notification-banner").inner_text()
    proposal.click_button_link("Read the advice")
    advice = AdvicePage(page, server)
    assert advice.h1().startswith("Advice on ")
    assert len(advice.finding_ids()) > 10
    with page.expect_download() as info:
        page.get_by_role("link", name="Word document of the advice report").click()
    body = open(info.value.path(), "rb").read()
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert info.value.suggested_filename.endswith("-advice.docx")
    if "pdf" in report_pkg.FORMATS["advice"]:
        with page.expect_download() as info:
            page.get_by_role("link", name="PDF of the advice report").click()
        assert open(info.value.path(), "rb").read(5) == b"%PDF-"
    assert not page.console_errors


def test_keyboard_only(page, server, example_path):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    _tab_to(page, "Start now")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sign-in\?next="))
    _tab_to(page, "", element="INPUT", name="name")
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^[^?]*/proposals/new$"))  # Start now: a new proposal, or upload one instead
    _tab_to(page, "Upload a proposal file")
    page.keyboard.press("Enter")
    page.wait_for_url("**/proposals/upload")
    _tab_to(page, "", element="INPUT", name="file")
    # The operating system's file dialog is not part of the page: hand the file to the focused input.
    page.locator(":focus").set_input_files(str(example_path))
    _tab_to(page, "Upload")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/proposals/[A-Za-z0-9_-]{16}$"))
    _tab_to(page, "Read the advice")
    page.keyboard.press("Enter")
    page.wait_for_url("**/advice")
    assert page.locator("h1").inner_text().startswith("Advice on ")
    # Focus is always visible: the GOV.UK focus style (yellow) on the focused link.
    _tab_to(page, "Back to the proposal")
    colour = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert colour == "rgb(255, 221, 0)"


def _tab_to(page, text, element=None, name=None, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate("({tag: document.activeElement.tagName, name: document.activeElement.name || '',"
                               " text: (document.activeElement.textContent || document.activeElement.value || '').trim()})")
        if element and active["tag"] == element and active["name"] == name:
            return
        if not element and text and " ".join(active["text"].split()).startswith(text):
            return
    raise AssertionError(f"could not reach {text or name} with the Tab key")


def test_resume_after_the_browser_is_closed(browser, server, example_path, tmp_path):
    first = browser.new_context()
    page = first.new_page()
    _sign_in(page, server)
    UploadPage(page, server).open().upload(example_path)
    pid = ProposalPage(page, server).public_id()
    page.goto(f"{server}/proposals/{pid}/name")
    page.get_by_label("What is the proposal called?").fill("Saved before closing")
    page.get_by_role("button", name="Save").click()
    state = tmp_path / "state.json"
    first.storage_state(path=str(state))
    first.close()  # the browser window is closed

    again = browser.new_context(storage_state=str(state))  # the same browser profile, reopened
    page = again.new_page()
    page.goto(server + "/")
    assert page.get_by_role("link", name="Saved before closing").count() == 1
    page.get_by_role("link", name="Saved before closing").click()
    assert page.locator("h1").inner_text() == "Saved before closing"
    again.close()

    elsewhere = browser.new_context()  # another computer: sign in and the work is there
    page = elsewhere.new_page()
    _sign_in(page, server)
    assert page.get_by_role("link", name="Saved before closing").count() == 1
    elsewhere.close()


def test_everything_works_without_javascript(browser, server, example_path):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    _sign_in(page, server)
    UploadPage(page, server).open().upload(example_path)
    ProposalPage(page, server).click_button_link("Check the governance items")
    page.get_by_label("Only items that fail the audit").check()
    page.get_by_role("button", name="Show items").click()
    assert "only-failing=yes" in page.url
    assert set(page.locator("table[id^='section-'] tbody td:nth-child(2)").all_inner_texts()) <= {"Missing", "Not known"}
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("h1").inner_text() == "You have signed out"
    ctx.close()
