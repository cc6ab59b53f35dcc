"""The interview pages: a new proposal, the task list, one question per page, check your answers.

Every page goes through client_request (one h1, title, CSRF on every form, CSP nonces, no
duplicate ids, security headers). What to ask, validation and relevance are the core's: these tests
check that the pages show and record what advisor.interview decides, and that nobody without
access can read or change anything."""

import re

import pytest

from advisor import proposal as proposal_mod
from advisor.interview import questions as Q
from advisor.interview.session import Session
from advisor.web.storage import InterviewStore
from advisor.web.views.interview import section_slug

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def new(client_request):
    """A new proposal made through the pages by alice, who stays signed in: its public id."""
    client_request.login("alice")
    page = client_request.post("main.new_proposal", {"title": "Shared payroll"})
    location = page.response.headers["Location"]
    pid = re.search(r"/proposals/([^/]+)/tasks$", location).group(1)
    return pid


def session_of(app, store, pid):
    row = store.proposal(pid)
    return Session.load(app.extensions["advisor.kb"], InterviewStore(store, row, "test"))


def follow(client_request, page, limit=5):
    """Follow redirects to the page a person ends on (each page checked as client_request does)."""
    from ..conftest import Page, check_page

    for _ in range(limit):
        if page.response.status_code != 302:
            return page
        page = Page(client_request.client.get(page.response.headers["Location"]))
        if page.response.status_code != 302:
            check_page(page, signed_in=True)
    return page


def test_start_now_leads_to_a_new_proposal_and_its_task_list(client_request, store):
    client_request.login("alice")
    start = client_request.get("main.index")
    link = start.xpath("//a[normalize-space()='Start now']/@href")
    assert link == [client_request.url("main.new_proposal")]
    form = client_request.get("main.new_proposal")
    assert form.h1() == "What is the proposal called?"
    bad = client_request.post("main.new_proposal", {"title": ""}, _expected_status=400)
    assert bad.error_summary() == ["Enter the proposal's name"]
    made = client_request.post("main.new_proposal", {"title": "Shared payroll"})
    pid = re.search(r"/proposals/([^/]+)/tasks$", made.response.headers["Location"]).group(1)
    row = store.proposal(pid)
    assert row["title"] == "Shared payroll" and row["owner_id"] == store.user_by_name("alice")["id"]
    tasks = client_request.get("main.task_list", proposal_id=pid)
    assert tasks.h1() == "Your task list"
    names = [" ".join(e.text_content().split()) for e in tasks.xpath("//*[contains(@class,'govuk-task-list__name-and-hint')]/*[1]")]
    statuses = [" ".join(e.text_content().split()) for e in tasks.xpath("//*[contains(@class,'govuk-task-list__status')]")]
    assert names[0] == "Key facts" and statuses[0] == "Not started"  # key facts first
    assert not SNAKE.search(tasks.plain)


def test_the_task_list_shows_the_cores_sections_and_statuses(client_request, app, store, new):
    s = session_of(app, store, new)
    expected = [(st.title, st.words()) for st in s.sections()]
    page = client_request.get("main.task_list", proposal_id=new)
    names = [" ".join(e.text_content().split()) for e in page.xpath("//*[contains(@class,'govuk-task-list__name-and-hint')]/*[1]")]
    statuses = [" ".join(e.text_content().split()) for e in page.xpath("//*[contains(@class,'govuk-task-list__status')]")]
    assert list(zip(names, statuses)) == expected
    # a section that cannot start yet says why (the core's reason), with no link to start it
    assert s.record("answers.health_safety.arrangements", "no").ok
    st = {x.id: x for x in session_of(app, store, new).sections()}["checklist:health_safety"]
    assert st.status == "cannot_start"
    page = client_request.get("main.task_list", proposal_id=new)
    item = page.xpath("//li[contains(@class,'govuk-task-list__item')][.//text()[normalize-space()='Health and safety']]")[0]
    assert " ".join(item.text_content().split()).endswith(f"Health and safety {st.reason} Cannot start yet")
    assert not [h for h in item.xpath(".//a/@href") if h.endswith("/next")]


def test_key_facts_one_question_per_page_to_the_advice(client_request, app, store, new):
    first = follow(client_request, client_request.get("main.next_question", proposal_id=new, section="key",
                                                      _expected_status=302, _check=False))
    s = session_of(app, store, new)
    q = s.next_question("key")
    assert first.h1() == q.full_text() == "What is the service called?"
    assert first.text_of("//span[contains(@class,'govuk-caption-l')]") == "Key facts · question 1 of at most 22"
    assert first.xpath("//details//summary//text()[normalize-space()]")[0].strip() == "Why we ask this"
    assert first.xpath("//button[@name='action' and @value='dont-know']/text()")[0].strip() == "I don't know"
    # back from the first question: the task list
    assert first.xpath("//a[contains(@class,'govuk-back-link')]/@href") == [
        client_request.url("main.task_list", proposal_id=new)]
    url = client_request.url("main.question_page", proposal_id=new, section="key", question_id=q.id)
    done = client_request.post_url(url, {"answer": "Shared payroll"})
    assert done.response.headers["Location"] == client_request.url("main.next_question", proposal_id=new, section="key")
    second = follow(client_request, done)
    assert second.h1() == "Which services does the shared service include?"
    boxes = second.xpath("//input[@type='checkbox']/@value")
    labels_ = [" ".join(e.text_content().split()) for e in second.xpath("//label[contains(@class,'govuk-checkboxes__label')]")]
    assert "payroll" in boxes and "Payroll" in labels_ and "None of these" in labels_
    assert not SNAKE.search(" ".join(labels_))  # words, never values such as revenues_benefits
    # back from the second: the first, which shows the answer given
    back = second.xpath("//a[contains(@class,'govuk-back-link')]/@href")[0]
    again = client_request.get_url(back)
    assert again.h1() == "What is the service called?"
    assert again.xpath("//input[@name='answer']/@value") == ["Shared payroll"]
    # answer every key fact with "I don't know" except the first two: then the key facts are done
    client_request.post_url(client_request.url("main.question_page", proposal_id=new, section="key",
                                               question_id="service.kind"), {"answer": ["payroll"]})
    for _ in range(30):
        page = client_request.get("main.next_question", proposal_id=new, section="key", _expected_status=302,
                                  _check=False)
        location = page.response.headers["Location"]
        if "/questions/" not in location:
            break
        client_request.post_url(location, {"action": "dont-know"})
    assert location == client_request.url("main.key_facts_done", proposal_id=new)
    done = client_request.get_url(location)
    assert done.h1() == "The key facts are done"
    assert done.xpath("//a[normalize-space()='Read the advice']/@href") == [
        client_request.url("main.advice_page", proposal_id=new)]
    s = session_of(app, store, new)
    assert s.key_done and s.proposal["service"] == {"name": "Shared payroll", "kind": ["payroll"]}
    assert 3 <= len(s.key_asked) <= 25
    client_request.get("main.advice_page", proposal_id=new)


def _next_url(client_request, pid, section):
    page = client_request.get("main.next_question", proposal_id=pid, section=section, _expected_status=302,
                              _check=False)
    return page.response.headers["Location"]


def test_an_error_keeps_the_typed_text_and_says_what_to_do(client_request, app, store, new):
    s = session_of(app, store, new)
    s.record("service.name", "Payroll", section="key")
    s.record("service.kind", ["payroll"], section="key")
    # a whole number question in the partners section
    s.record("partners", ["North Herts", "Stevenage"], section="key")
    url = client_request.url("main.question_page", proposal_id=new, section="partners",
                             question_id="partners[0].population")
    page = client_request.post_url(url, {"answer": "about 450"}, _expected_status=400)
    assert page.title().startswith("Error: ")
    assert len(page.error_summary()) == 1 and page.error_summary()[0].startswith("Expected a whole number")
    assert page.xpath("//div[contains(@class,'govuk-error-summary')]//a/@href") == ["#answer"]
    assert page.xpath("//input[@name='answer']/@value") == ["about 450"]  # kept, so it can be corrected
    assert page.xpath("//p[contains(@class,'govuk-error-message')]")
    assert session_of(app, store, new).value(Q.by_id(s.kb, "partners[0].population", s.proposal)) is None
    ok = client_request.post_url(url, {"answer": "130,000"})
    assert ok.response.status_code == 302
    assert session_of(app, store, new).proposal["partners"][0]["population"] == 130000
    # a radio question with nothing chosen: an error, nothing chosen for the person
    url = client_request.url("main.question_page", proposal_id=new, section="service",
                             question_id="service.failure_consequence")
    page = client_request.post_url(url, {}, _expected_status=400)
    assert page.error_summary() == ["An answer is needed (or choose I don't know)"]
    assert not page.xpath("//input[@type='radio' and @checked]")


def test_i_dont_know_is_recorded_and_not_asked_again(client_request, app, store, new):
    s = session_of(app, store, new)
    s.record("service.name", "Payroll")
    url = _next_url(client_request, new, "service")
    qid = re.search(r"/questions/(.+)$", url).group(1)
    client_request.post_url(url, {"action": "dont-know"})
    s = session_of(app, store, new)
    assert qid.replace("%5B", "[").replace("%5D", "]") in s.skipped
    assert _next_url(client_request, new, "service") != url


def test_a_checklist_answer_and_the_check_page_with_change_links(client_request, app, store, new):
    sid = "checklist:governance"
    slug = section_slug(sid)
    assert slug == "checklist-governance"
    answered = []
    for value in ("yes", "partial"):
        url = _next_url(client_request, new, slug)
        page = client_request.get_url(url)
        radios = page.xpath("//input[@type='radio']/@value")
        assert radios == ["yes", "partial", "no", "na"]
        words = [" ".join(e.text_content().split()) for e in page.xpath("//label[contains(@class,'govuk-radios__label')]")]
        assert words == ["Yes", "Partly", "No", "Not needed"]
        client_request.post_url(url, {"answer": value})
        answered.append(page.h1())
    check = client_request.get("main.check_answers", proposal_id=new, section=slug)
    assert check.h1() == "Check your answers: Governance"
    keys = [" ".join(e.text_content().split()) for e in check.xpath("//dt")]
    values = [" ".join(e.text_content().split()) for e in check.xpath("//dd[contains(@class,'govuk-summary-list__value')]")]
    assert keys == answered and values == ["Yes", "Partly"]
    changes = check.xpath("//a[starts-with(normalize-space(),'Change')]/@href")
    assert len(changes) == 2 and all(c.endswith("?change=yes") for c in changes)
    hidden = check.xpath("//a[starts-with(normalize-space(),'Change')]/span[contains(@class,'govuk-visually-hidden')]/text()")
    assert len(hidden) == 2 and all(h.strip() for h in hidden)
    # a change goes back to the check page
    page = client_request.get_url(changes[1])
    assert page.xpath("//a[contains(@class,'govuk-back-link')]/@href") == [
        client_request.url("main.check_answers", proposal_id=new, section=slug)]
    assert page.xpath("//input[@type='radio' and @checked]/@value") == ["partial"]
    done = client_request.post_url(changes[1], {"answer": "yes"})
    assert done.response.headers["Location"] == client_request.url("main.check_answers", proposal_id=new, section=slug)
    confirmed = client_request.post("main.check_answers", proposal_id=new, section=slug)
    assert confirmed.response.headers["Location"] == client_request.url("main.task_list", proposal_id=new)


def test_a_change_that_clears_dependants_says_which(client_request, app, store, new):
    s = session_of(app, store, new)
    # the arrangement begun: "when did it begin?" matters; then it starts in 14 months: it does not
    s.record("service.name", "Payroll")
    s.record("arrangement.months_to_start", "0")
    s = session_of(app, store, new)
    q = s.question("review.started")
    assert s.is_relevant(q), "the example the core's docs give: asked once the arrangement has begun"
    assert s.record(q.id, "2024-04-01").ok
    preview = session_of(app, store, new).preview("arrangement.months_to_start", 14)
    assert [c[0].id for c in preview.cleared] == ["review.started"]
    url = client_request.url("main.question_page", proposal_id=new, section="arrangement",
                             question_id="arrangement.months_to_start", change="yes")
    done = client_request.post_url(url, {"answer": "14"})
    page = follow(client_request, done)
    assert page.h1() == "Check your answers: The arrangement", page.plain[:300]
    banner = " ".join(page.text_of("//div[contains(@class,'govuk-notification-banner')]").split())
    assert "Your change cleared 1 answer that no longer matters" in banner
    assert f"{q.text} (was: 2024-04-01)" in banner
    assert session_of(app, store, new).value(q) is None


def test_partners_add_another(client_request, app, store, new):
    s = session_of(app, store, new)
    s.record("service.name", "Payroll")
    s.record("service.kind", ["payroll"])
    # the key facts' question for every partner's name: add another row without saving
    url = client_request.url("main.question_page", proposal_id=new, section="key", question_id="partners")
    s = session_of(app, store, new)
    while (q := s.next_question("key")) is not None and q.id != "partners":
        s.dont_know(q.id, section="key")
        s = session_of(app, store, new)
    page = client_request.get_url(url)
    assert [" ".join(e.text_content().split()) for e in page.xpath("//label")] == ["Organisation 1", "Organisation 2"]
    more = client_request.post_url(url, {"answer": ["North Herts", "Stevenage"], "action": "add-another"},
                                   _expected_status=200)
    assert more.xpath("//input[@name='answer']/@value") == ["North Herts", "Stevenage", ""]
    assert session_of(app, store, new).partners() == []  # nothing saved until Continue
    client_request.post_url(url, {"answer": ["North Herts", "Stevenage", "East Herts"]})
    assert [p["name"] for p in session_of(app, store, new).partners()] == ["North Herts", "Stevenage", "East Herts"]
    # the partners section's "add another?" lists the partners so far (GOV.UK add another)
    more_url = client_request.url("main.question_page", proposal_id=new, section="partners",
                                  question_id="partners[2].more")
    page = client_request.get_url(more_url)
    assert page.h1() == "You have added 3 partners"
    assert [" ".join(e.text_content().split()) for e in page.xpath("//dd[contains(@class,'govuk-summary-list__value')]")] \
        == ["North Herts", "Stevenage", "East Herts"]
    client_request.post_url(more_url, {"answer": "yes"})
    assert len(session_of(app, store, new).partners()) == 4


def test_a_section_question_of_another_section_or_an_unknown_id_is_404(client_request, new):
    for section, qid in (("service", "answers.governance.board"), ("checklist-governance", "service.name"),
                         ("service", "service.nonsense"), ("nowhere", "service.name"), ("key", "answers.exit.plan")):
        client_request.get("main.question_page", proposal_id=new, section=section, question_id=qid,
                           _expected_status=404)


def test_a_reader_reads_the_task_list_and_answers_but_cannot_answer(client_request, app, store, new):
    s = session_of(app, store, new)
    s.record("service.name", "Payroll")
    row = store.proposal(new)
    store.share(row["id"], store.user_by_name("carol")["id"], "reader")
    client_request.login("carol")
    tasks = client_request.get("main.task_list", proposal_id=new)
    assert not [h for h in tasks.xpath("//a/@href") if "/next" in h]
    check = client_request.get("main.check_answers", proposal_id=new, section="service")
    assert "Payroll" in check.plain and not check.xpath("//a[starts-with(normalize-space(),'Change')]")
    assert not check.xpath("//form[@method='post' and contains(@action,'/check')]")
    for endpoint, values in (("main.next_question", {"section": "service"}),
                             ("main.question_page", {"section": "service", "question_id": "service.name"})):
        client_request.get(endpoint, proposal_id=new, _expected_status=404, **values)
    client_request.post("main.question_page", {"answer": "Hijacked"}, proposal_id=new, section="service",
                        question_id="service.name", _expected_status=404)
    client_request.post("main.check_answers", proposal_id=new, section="service", _expected_status=404)
    assert session_of(app, store, new).proposal["service"]["name"] == "Payroll"


def test_an_editor_may_answer(client_request, app, store, new):
    row = store.proposal(new)
    store.share(row["id"], store.user_by_name("carol")["id"], "editor")
    client_request.login("carol")
    client_request.post("main.question_page", {"answer": "Payroll by Carol"}, proposal_id=new, section="service",
                        question_id="service.name")
    assert session_of(app, store, new).proposal["service"]["name"] == "Payroll by Carol"


def test_another_user_gets_404_on_every_interview_url(client_request, app, store, new):
    client_request.login("bob")
    urls = [("main.task_list", {}), ("main.next_question", {"section": "key"}),
            ("main.question_page", {"section": "key", "question_id": "service.name"}),
            ("main.check_answers", {"section": "service"})]
    for endpoint, values in urls:
        client_request.get(endpoint, proposal_id=new, _expected_status=404, **values)
        client_request.post(endpoint, {"answer": "x"}, proposal_id=new, _expected_status=404, **values)
    assert store.proposal(new)["yaml"].strip().endswith("format: advisor-proposal/1")


def test_a_post_without_a_csrf_token_is_refused(client_request, app, store, new):
    page = client_request.post("main.question_page", {"answer": "Payroll"}, proposal_id=new, section="key",
                               question_id="service.name", _csrf=False, _expected_status=400)
    assert "service" not in session_of(app, store, new).proposal
    client_request.post("main.new_proposal", {"title": "x"}, _csrf=False, _expected_status=400)
    assert page.response.status_code == 400


def test_an_auditor_opens_only_the_checklist_sections(client_request, app, store, add_proposal, example_text):
    proposal = add_proposal("alice", example_text, team="North Herts")
    client_request.login("audrey")
    tasks = client_request.get("main.task_list", proposal_id=proposal["public_id"])
    assert tasks.h1() == "Governance checklist"
    names = [" ".join(e.text_content().split()) for e in tasks.xpath("//*[contains(@class,'govuk-task-list__name-and-hint')]/*[1]")]
    kb = app.extensions["advisor.kb"]
    assert names == [s.title for s in kb.sections.values()]
    client_request.get("main.check_answers", proposal_id=proposal["public_id"], section="checklist-governance")
    for section in ("key", "service", "partners"):
        client_request.get("main.check_answers", proposal_id=proposal["public_id"], section=section,
                           _expected_status=404)


def test_a_proposal_made_in_the_browser_is_the_yaml_the_cli_reads(client_request, app, store, new):
    client_request.post("main.question_page", {"answer": "Shared payroll"}, proposal_id=new, section="key",
                        question_id="service.name")
    client_request.post("main.question_page", {"answer": ["payroll", "hr"]}, proposal_id=new, section="key",
                        question_id="service.kind")
    client_request.post("main.question_page", {"answer": "yes"}, proposal_id=new, section="checklist-governance",
                        question_id="answers.governance.board")
    page = client_request.get("main.download", proposal_id=new, name="proposal.yaml")
    kb = app.extensions["advisor.kb"]
    parsed = proposal_mod.load_text(page.text, kb, "downloaded.yaml")
    assert parsed["service"] == {"name": "Shared payroll", "kind": ["payroll", "hr"]}
    assert parsed["answers"]["governance.board"]["status"] == "yes"


def test_an_uploaded_yaml_continues_in_the_interview(client_request, app, store, example_text):
    client_request.login("alice")
    uploaded = client_request.post("main.upload_proposal", {"team": "none"},
                                   _files={"file": ("herts.yaml", example_text)})
    pid = re.search(r"/proposals/([^/?]+)", uploaded.response.headers["Location"]).group(1)
    tasks = client_request.get("main.task_list", proposal_id=pid)
    s = session_of(app, store, pid)
    statuses = {st.id: st for st in s.sections()}
    assert statuses["service"].answered > 0
    # the upload's answers are there to check, and the next question is one it left open
    check = client_request.get("main.check_answers", proposal_id=pid, section="service")
    assert s.proposal["service"]["name"] in check.plain
    url = _next_url(client_request, pid, "checklist-governance")
    qid = re.search(r"/questions/(.+)$", url).group(1)
    assert not s.answered(s.question(qid))
    client_request.post_url(url, {"answer": "no"})
    assert session_of(app, store, pid).proposal["answers"][qid.split(".", 1)[1]]["status"] == "no"
    assert tasks.h1() == "Your task list"


def test_the_answers_are_logged_with_who_gave_them(client_request, app, store, new):
    client_request.post("main.question_page", {"answer": "Payroll"}, proposal_id=new, section="key",
                        question_id="service.name")
    history = store.answer_history(store.proposal(new)["id"])
    assert [(h["field"], h["value"]) for h in history] == [("service.name", '"Payroll"')]
    assert history[0]["given_by"] == store.user_by_name("alice")["id"]


def test_every_kind_of_question_page_renders(client_request, app, store, add_proposal, example_text):
    """Every question of the example, in every section, renders as a page that passes the page checks."""
    proposal = add_proposal("alice", example_text)
    client_request.login("alice")
    s = session_of(app, store, proposal["public_id"])
    seen = set()
    for sid in s.section_ids():
        qs = s.questions(sid) if sid != Q.KEY else []
        for q in qs:
            if q.kind in seen and q.kind not in ("more",):
                continue
            if not (s.answered(q) or s.is_relevant(q)):
                continue
            seen.add(q.kind)
            page = client_request.get("main.question_page", proposal_id=proposal["public_id"],
                                      section=section_slug(sid), question_id=q.id)
            assert not SNAKE.search(page.text_of("//main"))
    for qid in ("service.*", "partners[*].sector", "partners"):
        q = Q.by_id(s.kb, qid, s.proposal)
        seen.add(q.kind if not q.grid else "grid")
    assert {"text", "enum", "bool", "int", "enumlist", "status", "more"} <= seen


@pytest.fixture
def example_text():
    from ..conftest import EXAMPLE

    return EXAMPLE.read_text(encoding="utf-8")


def test_an_answer_that_cannot_be_saved_stays_on_the_page(client_request, app, store, new, monkeypatch):
    from advisor.web.storage import Storage, StorageError

    def full_disk(*args, **kwargs):
        raise StorageError("the answer could not be saved (database or disk is full)")

    monkeypatch.setattr(Storage, "save_interview", full_disk)
    page = client_request.post("main.question_page", {"answer": "Shared payroll"}, proposal_id=new, section="key",
                               question_id="service.name", _expected_status=503)
    assert page.error_summary() == ["Your answer could not be saved. Try again in a moment"]
    assert page.xpath("//input[@name='answer']/@value") == ["Shared payroll"]
    monkeypatch.undo()
    assert "service" not in session_of(app, store, new).proposal


def test_a_line_a_time_question_takes_a_line_each(client_request, app, store, new):
    """`service.*` (the service's yes/no facts): each line answered, or I don't know for a line;
    a line left unanswered is an error by that line, the others kept as chosen."""
    kb = app.extensions["advisor.kb"]
    q = Q.by_id(kb, "service.*", {})
    lines = len(q.values)
    url = client_request.url("main.question_page", proposal_id=new, section="key", question_id="service.*")
    s = session_of(app, store, new)
    while (nxt := s.next_question("key")) is not None and nxt.id != "service.*":
        s.dont_know(nxt.id, section="key")
        s = session_of(app, store, new)
    sent = {f"answer-{i}": "yes" for i in range(lines)}
    sent["answer-1"] = "dont-know"
    del sent["answer-2"]
    page = client_request.post_url(url, sent, _expected_status=400)
    assert page.xpath("//div[contains(@class,'govuk-error-summary')]//a/@href") == ["#answer-2"]
    assert page.xpath("//input[@name='answer-0' and @checked]/@value") == ["yes"]  # kept as chosen
    sent["answer-2"] = "no"
    client_request.post_url(url, sent)
    service = session_of(app, store, new).proposal["service"]
    first, second, third = (k for k in q.values[:3])
    assert service[first] is True and second not in service and service[third] is False
    # the URL contract's plain `answer`, once per line, works too
    client_request.post_url(url, {"answer": ["no"] * lines})
    assert session_of(app, store, new).proposal["service"][first] is False


def test_the_downloaded_yaml_runs_in_the_command_line(client_request, new, tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    client_request.post("main.question_page", {"answer": "Shared payroll"}, proposal_id=new, section="key",
                        question_id="service.name")
    client_request.post("main.question_page", {"answer": "no"}, proposal_id=new, section="checklist-governance",
                        question_id="answers.governance.board")
    path = tmp_path / "made-in-the-browser.yaml"
    path.write_text(client_request.get("main.download", proposal_id=new, name="proposal.yaml").text, encoding="utf-8")
    advisor = str(Path(sys.executable).parent / "advisor")
    result = subprocess.run([advisor, "advise", str(path), "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["proposal"]["title"] == "Shared payroll"
    assert [(a["id"], a["answer"]) for a in report["answers"]] == [("governance.board", "no")]


def test_a_date_is_asked_with_day_month_and_year_boxes(client_request, app, store, new):
    s = session_of(app, store, new)
    s.record("service.name", "Payroll")
    s.record("arrangement.months_to_start", "0")  # begun: "When did it begin?" applies
    url = client_request.url("main.question_page", proposal_id=new, section="arrangement",
                             question_id="review.started")
    page = client_request.get_url(url)
    assert page.xpath("//legend//h1/text()")[0].strip() == "When did the shared arrangement begin?"
    assert page.xpath("//input[starts-with(@name,'answer-')]/@name") == ["answer-day", "answer-month", "answer-year"]
    bad = client_request.post_url(url, {"answer-day": "31", "answer-month": "Sept", "answer-year": "2024"},
                                  _expected_status=400)
    assert bad.error_summary() == ["Enter a real date: a day, a month and a year in numbers, for example 1 4 2019"]
    assert bad.xpath("//div[contains(@class,'govuk-error-summary')]//a/@href") == ["#answer-day"]
    assert bad.xpath("//input[@name='answer-month']/@value") == ["Sept"]  # as typed
    client_request.post_url(url, {"answer-day": "31", "answer-month": "2", "answer-year": "2024"},
                            _expected_status=400)  # no 31 February
    client_request.post_url(url, {"answer-day": "1", "answer-month": "4", "answer-year": "2024"})
    assert session_of(app, store, new).proposal["review"]["started"] == "2024-04-01"
    again = client_request.get_url(url)
    assert again.xpath("//input[starts-with(@name,'answer-')]/@value") == ["1", "4", "2024"]
