"""Regenerate the screenshots in docs/screenshots/ (`make screenshots`): `advisor serve` on a
temporary data folder, driven by Playwright in Debian's Chromium, 1280 pixels wide.

The key facts are answered with the bundled example's answers through the interview core and the
browser service's own database store (the same calls a question page makes, without typing 22
pages); everything shown is then a real page of the running service.

    .venv/bin/python tests/browser/screenshots.py [--out docs/screenshots]
"""

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD  # noqa: E402
from browser.pages import NewProposalPage, QuestionPage, SignInPage, TaskListPage  # noqa: E402
from browser.serving import serve  # noqa: E402

WIDTH = 1280
SHOTS = ("start-page", "question-with-error", "task-list", "check-answers", "advice-page")


def answer_key_facts(data, public_id):
    """The example's answers to the key facts, saved through the service's InterviewStore."""
    from advisor import knowledge, yamlio
    from advisor.interview import questions as Q
    from advisor.interview.flow import Context
    from advisor.interview.scripted import MappingUI, flatten
    from advisor.interview.session import Session
    from advisor.web.config import DATABASE_NAME
    from advisor.web.storage import InterviewStore, Storage

    kb = knowledge.load()
    answers = flatten(yamlio.load_file(str(ROOT / "examples" / "herts-internal-audit.yaml")).data, kb)
    storage = Storage(Path(data) / DATABASE_NAME)
    row = storage.proposal(public_id)
    store = InterviewStore(storage, row, "screenshots", row["owner_id"])
    while True:
        s = Session.load(kb, store)
        q = s.next_question(Q.KEY)
        if q is None:
            break
        rows = tuple(Q.rows(q, s.proposal)) if q.grid else ()
        reply = MappingUI(kb, answers).ask(q, Context("", None, None, "", "", q.caption, (), rows))
        if reply.action == "answer":
            s.record(q.id, reply.value, section=Q.KEY)
        else:
            s.dont_know(q.id, section=Q.KEY)
    Session.load(kb, store).finish_key_facts()
    storage.close()


def take(out):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    people = {"alice": ("officer", "North Herts")}
    with tempfile.TemporaryDirectory() as data, serve(Path(data), people, PASSWORD) as (url, error):
        if url is None:
            raise SystemExit(f"advisor serve did not start: {error}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(locale="en-GB", viewport={"width": WIDTH, "height": 900}).new_page()

            def shot(name, full_page=True):
                page.screenshot(path=str(out / f"{name}.png"), full_page=full_page)
                print(out / f"{name}.png")

            SignInPage(page, url).open().sign_in("alice", PASSWORD)
            page.goto(url + "/")
            shot("start-page")

            NewProposalPage(page, url).open().create("Shared internal audit for Hertfordshire")
            pid = TaskListPage(page, url).public_id()
            answer_key_facts(data, pid)

            # a question of the partners section, answered with words where a number is needed
            page.goto(f"{url}/proposals/{pid}/sections/partners/next")
            question = QuestionPage(page, url)
            for _ in range(10):  # to the first question that wants a number
                if page.locator("input[inputmode='numeric']").count():
                    break
                question.dont_know()
            page.locator("input[inputmode='numeric']").first.fill("about 90,000")
            question.continue_()
            shot("question-with-error")

            # a checklist section begun, then the task list
            page.goto(f"{url}/proposals/{pid}/sections/checklist-governance/next")
            for answer in ("Yes", "Partly", "Yes"):
                page.get_by_label(answer, exact=True).check()
                question.continue_()
            page.goto(f"{url}/proposals/{pid}/tasks")
            shot("task-list")

            page.goto(f"{url}/proposals/{pid}/sections/key/check")
            page.set_viewport_size({"width": WIDTH, "height": 1600})  # the first dozen answers of many
            shot("check-answers", full_page=False)
            page.set_viewport_size({"width": WIDTH, "height": 900})

            page.goto(f"{url}/proposals/{pid}/advice")
            shot("advice-page", full_page=False)
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    take(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
