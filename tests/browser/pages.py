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
