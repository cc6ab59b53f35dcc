"""Page objects, one per page, after notifications-functional-tests' tests/pages/pages.py. Each
knows its URL and its controls by their words (labels and button text, as a person finds them),
never by CSS classes."""

import re


class BasePage:
    path = "/"

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url

    def open(self, path=None):
        self.page.goto(self.base_url + (path or self.path))
        return self

    def h1(self):
        return self.page.locator("h1").inner_text().strip()

    def error_summary(self):
        return [t.strip() for t in self.page.locator(".govuk-error-summary li").all_inner_texts()]

    def click_button(self, text):
        self.page.get_by_role("button", name=text, exact=True).click()

    def click_button_link(self, text):
        """A link that looks like a button (GOV.UK): its role is button."""
        self.page.get_by_role("button", name=text, exact=True).click()

    def click_link(self, text, exact=True):
        self.page.get_by_role("link", name=text, exact=exact).first.click()


class SignInPage(BasePage):
    path = "/sign-in"

    def sign_in(self, name, password):
        self.page.get_by_label("User name").fill(name)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.click_button("Sign in")


class UploadPage(BasePage):
    path = "/proposals/upload"

    def upload(self, path, team=None):
        self.page.get_by_label("Upload a proposal file").set_input_files(str(path))
        if team:
            self.page.get_by_label("Which team's portfolio is it part of?").select_option(label=team)
        self.click_button("Upload")


class ProposalPage(BasePage):
    def public_id(self):
        return re.search(r"/proposals/([^/?#]+)", self.page.url).group(1)


class AdvicePage(BasePage):
    def finding_ids(self):
        return [i.removeprefix("finding-") for i in
                self.page.locator("section[id^='finding-']").evaluate_all("els => els.map(e => e.id)")]


class NewProposalPage(BasePage):
    path = "/proposals/new"

    def create(self, title):
        self.page.get_by_label("What is the proposal called?").fill(title)
        self.click_button("Continue")


class TaskListPage(BasePage):
    def public_id(self):
        return re.search(r"/proposals/([^/?#]+)/tasks", self.page.url).group(1)

    def status_of(self, title):
        item = self.page.locator(".govuk-task-list__item", has=self.page.get_by_text(title, exact=True))
        return item.locator(".govuk-task-list__status").inner_text().strip()

    def open_task(self, title):
        self.page.get_by_role("link", name=title, exact=True).click()


class QuestionPage(BasePage):
    """One question per page. Knows the controls by their role and words."""

    def caption(self):
        return self.page.locator(".govuk-caption-l").first.inner_text().strip()

    def is_question(self):
        return "/questions/" in self.page.url

    def dont_know(self):
        with self.page.expect_navigation():  # a form post: the next page, or this one with an error
            self.click_button("I don't know")

    def continue_(self):
        with self.page.expect_navigation():
            self.click_button("Continue")

    def why(self):
        self.page.get_by_text("Why we ask this").click()
        return self.page.locator(".govuk-details__text").inner_text()

    def back(self):
        with self.page.expect_navigation():
            self.page.locator(".govuk-back-link").click()

    def answer(self, text=None, numbers="120000", names=("North Herts", "Stevenage")):
        """Give an answer whatever the kind of question, as a person would: the first choice of
        every list (radios, checkboxes, each line), a name or a number in every box."""
        page = self.page
        boxes = page.locator("input.govuk-input")
        if page.get_by_role("button", name="Add another organisation").count():
            for i, name in enumerate(names):
                boxes.nth(i).fill(name)
        else:
            for i in range(boxes.count()):
                box = boxes.nth(i)
                numeric = box.get_attribute("inputmode") == "numeric"
                box.fill(numbers if numeric else (text or "Shared payroll"))
        seen = set()
        for radio in page.locator("input.govuk-radios__input").all():
            name = radio.get_attribute("name")
            if name not in seen:
                seen.add(name)
                radio.check()
        checkboxes = page.locator("input.govuk-checkboxes__input")
        if checkboxes.count():
            checkboxes.first.check()
        self.continue_()


class CheckAnswersPage(BasePage):
    def rows(self):
        keys = [t.strip() for t in self.page.locator(".govuk-summary-list__key").all_inner_texts()]
        values = [" ".join(t.split()) for t in self.page.locator(".govuk-summary-list__value").all_inner_texts()]
        return list(zip(keys, values))

    def change(self, question):
        row = self.page.locator(".govuk-summary-list__row", has=self.page.get_by_text(question, exact=True))
        row.get_by_role("link", name=re.compile(r"^Change")).click()

    def confirm(self):
        self.click_button("Confirm and go back to the task list")
