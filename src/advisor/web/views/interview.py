"""The interview pages: a new proposal, the task list, one question per page, check your answers.

Every page loads the interview core's Session from the proposal's row (storage.InterviewStore),
calls one of its methods and renders what comes back: what to ask, validation, relevance, section
status, progress, "why we ask this" and the review all come from advisor.interview. This module
only translates HTTP to those calls: a form's fields into the value the core validates, the core's
outcome into a redirect or an error summary.

URLs (docs/browser-service.md): /proposals/new, /proposals/<id>/tasks,
/proposals/<id>/sections/<section>/next, .../questions/<question id>, .../check, and
/proposals/<id>/sections/key/done. `<section>` is `key` for the key facts, the profile section's
id (`service`, `partners`, ...) or `checklist-<id>` for a checklist section.

Who: reading the task list and the check of answers needs read access; questions, `next` and
every POST need edit access (owner or editor). An auditor sees only the checklist sections, as
`advisor interview --checklist` shows them.
"""

import functools
import logging

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, request, url_for

from ... import labels, schema
from ...errors import InputError
from ...interview import questions as Q
from ...interview.session import Session, parse_answer, why_details
from ...interview.store import proposal_text
from .. import pipeline
from ..auth import may, proposal_or_404, storage, user_is_signed_in
from ..errors import form_page, sentence, user_errors
from ..filters import status_tag
from ..forms import TitleForm
from ..storage import InterviewStore, StorageError
from . import main

log = logging.getLogger("advisor.web")

DONT_KNOW = "dont-know"  # the value of the "I don't know" button, and of a line's own "I don't know"
NONE_OF_THESE = "none"  # the checkbox saying that none of the choices applies (an empty list)
DATE_PARTS = ("day", "month", "year")
DATE_MISTYPED = "a date with a part that is not a number"  # the core refuses it, with DATE_ERROR shown
DATE_ERROR = "Enter a real date: a day, a month and a year in numbers, for example 1 4 2019"
CLEARED = "cleared"  # the flash category for answers a change cleared (shown on the next page)
MAX_CLEARED_SHOWN = 12  # the flash lives in the session cookie: keep it small


# -- sections in URLs -------------------------------------------------------------------------

def section_slug(sid):
    """`checklist:data_ict` -> `checklist-data-ict`; profile ids and `key` stay as they are, in
    kebab-case (checklist and profile sections share some ids: risk, partners)."""
    if sid.startswith("checklist:"):
        return "checklist-" + sid.split(":", 1)[1].replace("_", "-")
    return sid.replace("_", "-")


def _section_id(session, slug, checklist_only):
    for sid in session.section_ids(checklist_only):
        if section_slug(sid) == slug:
            return sid
    abort(404)


def _url(endpoint, proposal, sid=None, **values):
    if sid is not None:
        values["section"] = section_slug(sid)
    return url_for(endpoint, proposal_id=proposal["public_id"], **values)


def question_url(proposal, sid, q, change=False):
    return _url("main.question_page", proposal, sid, question_id=q.id, **({"change": "yes"} if change else {}))


# -- loading -------------------------------------------------------------------------------------

class Problem(Exception):
    """The stored proposal no longer reads with this knowledge base: the problem page says so."""

    def __init__(self, response):
        super().__init__("problem")
        self.response = response


def _open(proposal_id, need="read"):
    """(proposal row, Session, store) for a person with `need` access; 404 otherwise."""
    proposal = proposal_or_404(proposal_id, need)
    store = InterviewStore(storage(), proposal, pipeline.file_name(proposal), g.user["id"])
    try:
        session = Session.load(pipeline.kb(), store)
    except InputError as exc:
        raise Problem((render_template("views/reports/problem.html", proposal=proposal, errors=user_errors(exc)),
                       422)) from None
    return proposal, session, store


def _checklist_only():
    """An auditor works on the governance checklist only (`advisor interview --checklist`)."""
    return g.user["role"] == "auditor"


def _problem_pages(view):
    """A proposal stored before a knowledge-base change made it invalid gets the problem page."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Problem as problem:
            return problem.response
    return wrapper


# -- a new proposal ------------------------------------------------------------------------------

@main.route("/proposals/new", methods=["GET", "POST"])
@user_is_signed_in
def new_proposal():
    form = TitleForm()
    if form.validate_on_submit():
        # An empty proposal, in the form the interview writes (and `advisor advise` reads).
        text = proposal_text({"format": schema.FORMAT_ID})
        proposal = storage().add_proposal(g.user["id"], form.title.data, text)
        return redirect(url_for("main.task_list", proposal_id=proposal["public_id"]))
    return form_page("views/interview/new.html", form)


# -- the task list -------------------------------------------------------------------------------

@main.route("/proposals/<proposal_id>/tasks")
@user_is_signed_in
@_problem_pages
def task_list(proposal_id):
    proposal, session, _ = _open(proposal_id)
    can_edit = may(proposal, "edit")
    checklist_only = _checklist_only()
    statuses = session.sections(checklist_only)
    tasks = []
    for st in statuses:
        task = {"title": st.title, "status": st.words(), "tag": None, "href": None, "hint": ""}
        if st.status == "cannot_start":
            task["hint"] = st.reason
        else:
            task["tag"] = status_tag(st.status)
            if st.status in ("not_started", "in_progress"):
                task["hint"] = ("At most " if st.id == Q.KEY else "") + _size(st.left, st.minutes)
            elif st.reason:
                task["hint"] = st.reason
            if can_edit and st.status in ("not_started", "in_progress"):
                task["href"] = _url("main.next_question", proposal, st.id)
            elif st.answered:
                task["href"] = _url("main.check_answers", proposal, st.id)
        tasks.append(task)
    key = next((st for st in statuses if st.id == Q.KEY), None)
    suggested = session.suggested(checklist_only=checklist_only) if can_edit else None
    return render_template("views/interview/tasks.html", proposal=proposal, tasks=tasks, key=key,
                           key_done=session.key_done, can_edit=can_edit, checklist_only=checklist_only,
                           suggested=_suggestion(proposal, session, suggested),
                           done=sum(st.status == "completed" for st in statuses), total=len(statuses),
                           cleared=_cleared())


def _size(left, minutes):
    return f"{labels.plural(left, 'question')}, about {labels.plural(minutes, 'minute')}"


def _suggestion(proposal, session, sid):
    if sid is None:
        return None
    return {"title": Q.section_title(sid, session.kb), "href": _url("main.next_question", proposal, sid)}


# -- the next question of a section ----------------------------------------------------------------

@main.route("/proposals/<proposal_id>/sections/<section>/next")
@user_is_signed_in
@_problem_pages
def next_question(proposal_id, section):
    proposal, session, _ = _open(proposal_id, "edit")
    sid = _section_id(session, section, _checklist_only())
    q = session.next_question(sid)
    if q is not None:
        return redirect(question_url(proposal, sid, q))
    if sid == Q.KEY:
        if not session.key_done:
            # Nothing more to ask: the key facts are done, as the terminal records at this point.
            session.finish_key_facts()
        return redirect(_url("main.key_facts_done", proposal))
    return redirect(_url("main.check_answers", proposal, sid))


@main.route("/proposals/<proposal_id>/sections/key/done")
@user_is_signed_in
@_problem_pages
def key_facts_done(proposal_id):
    proposal, session, _ = _open(proposal_id)
    if _checklist_only() or not session.key_done:
        abort(404)
    return render_template("views/interview/key-done.html", proposal=proposal,
                           asked=len(session.key_asked), can_edit=may(proposal, "edit"), cleared=_cleared())


# -- one question per page -------------------------------------------------------------------------

@main.route("/proposals/<proposal_id>/sections/<section>/questions/<path:question_id>", methods=["GET", "POST"])
@user_is_signed_in
@_problem_pages
def question_page(proposal_id, section, question_id):
    proposal, session, store = _open(proposal_id, "edit")
    sid = _section_id(session, section, _checklist_only())
    q = _question_or_404(session, sid, question_id)
    change = request.args.get("change") == "yes"
    if request.method == "GET":
        return _render_question(proposal, session, sid, q, change, _current(session, q))

    action = request.form.get("action", "")
    if action == "add-another" and q.kind == "names":
        names = _names(request.form)
        return _render_question(proposal, session, sid, q, change, names + [""], focus_last=True)
    typed = None
    try:
        if action == DONT_KNOW:
            store.given(q.id, None)
            outcome = session.dont_know(q.id, section=sid)
        else:
            raw, typed, line_errors = _read_answer(session, q, request.form)
            if line_errors:
                return _render_question(proposal, session, sid, q, change, typed, line_errors=line_errors)
            if raw is DONT_KNOW:  # every line answered "I don't know": the question's own I don't know
                store.given(q.id, None)
                outcome = session.dont_know(q.id, section=sid)
            else:
                store.given(q.id, typed)
                outcome = session.record(q.id, raw, section=sid)
    except StorageError as exc:
        # Nothing typed is lost: the page comes back with the answer in it, saying what happened.
        log.warning("interview answer not saved for %s: %s", proposal["public_id"], exc)
        return _render_question(proposal, session, sid, q, change, typed,
                                errors=["Your answer could not be saved. Try again in a moment"], status=503)
    if not outcome.ok:
        errors = outcome.errors
        if q.kind == "date" and isinstance(typed, dict) and any(typed.values()):
            errors = [DATE_ERROR]  # the core speaks of YYYY-MM-DD, which the boxes do not show
        return _render_question(proposal, session, sid, q, change, typed, errors=errors)
    _flash_cleared(outcome.cleared)
    if change:  # from a Change link: back to the check, which says what is still to answer
        return redirect(_url("main.check_answers", proposal, sid))
    return redirect(_url("main.next_question", proposal, sid))


def _question_or_404(session, sid, qid):
    """The question, if it belongs to this section: a key fact asked (or the next one), or a
    question of the section that is answered or matters now."""
    q = session.question(qid)
    if q is None:
        abort(404)
    if sid == Q.KEY:
        nxt = session.key_next() if qid not in session.key_asked else None
        if qid in session.key_asked or (nxt is not None and nxt.id == qid):
            return q
        abort(404)
    if qid in {x.id for x in session.questions(sid)} and (session.answered(q) or session.is_relevant(q)):
        return q
    abort(404)


def _current(session, q):
    """The answer now, in the shape the page's fields take: a value, a list, or None."""
    if q.id in session.skipped or not session.answered(q):
        if q.kind == "names":
            return [p.get("name", "") for p in session.partners()]
        return None
    value = session.value(q)
    if q.kind == "date" and isinstance(value, str) and value.count("-") == 2:
        year, month, day = value.split("-")
        return {"day": str(int(day)), "month": str(int(month)), "year": year}
    return value


def _names(form):
    return [n.strip() for n in form.getlist("answer")]


def _choice(q, text):
    """A radio's or checkbox's value back to the choice's own value (True for a yes, say)."""
    for value, _ in q.choices():
        if _field_value(value) == text:
            return value
    return text  # not one of ours: the core refuses it in words


def _field_value(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _read_answer(session, q, form):
    """(raw value for the core, what the person sent to show again, {line: error}).

    A question asked a line at a time (a section's yes/no facts, or a field for every partner) is
    checked line by line with the core's own parse_answer, so each line's error sits by that line."""
    if q.kind == "names":
        names = [n for n in _names(form) if n]
        return names or "", _names(form), {}
    if q.kind == "enumlist":
        ticked = form.getlist("answer")
        if NONE_OF_THESE in ticked:
            if len(ticked) > 1:
                return None, ticked, {None: "Choose the ones that apply, or none of these, not both"}
            return [], ticked, {}
        return ([_choice(q, t) for t in ticked] or ""), ticked, {}
    if q.grid:
        lines = Q.rows(q, session.proposal)
        sent = [form.get(f"answer-{i}", "") for i in range(len(lines))]
        if not any(f"answer-{i}" in form for i in range(len(lines))) and len(form.getlist("answer")) == len(lines):
            sent = form.getlist("answer")  # the URL contract's `answer`, once per line in order
        values, errors = [], {}
        for i, ((_, single), text) in enumerate(zip(lines, sent)):
            text = text.strip()
            if text == DONT_KNOW or (text == "" and not single.choices()):
                values.append(None)  # a text line left empty is not known
                continue
            value = _choice(single, text) if single.choices() else text
            try:
                parse_answer(session.kb, single, value)
            except InputError as exc:
                errors[i] = exc.message
            values.append(value)
        if not errors and all(v is None for v in values):
            if all(t.strip() == "" for t in sent):
                return None, sent, {None: "an answer is needed (or choose I don't know)"}
            return DONT_KNOW, sent, {}
        return values, sent, errors
    if q.kind == "date" and "answer" not in form:  # GOV.UK's date input: day, month and year boxes
        parts = {k: form.get(f"answer-{k}", "").strip() for k in DATE_PARTS}
        if not any(parts.values()):
            return "", parts, {}
        if all(v.isdigit() for v in parts.values()):
            return f"{int(parts['year']):04d}-{int(parts['month']):02d}-{int(parts['day']):02d}", parts, {}
        return DATE_MISTYPED, parts, {}
    text = form.get("answer", "")
    if q.choices():
        return _choice(q, text), text, {}
    return text, text, {}


def _render_question(proposal, session, sid, q, change, current, errors=(), line_errors=None, focus_last=False,
                     status=None):
    line_errors = line_errors or {}
    first = "#answer-day" if q.kind == "date" else "#answer"
    summary = [{"text": sentence(e), "href": first} for e in errors]
    for line, message in line_errors.items():
        summary.append({"text": sentence(message), "href": "#answer" if line is None else f"#answer-{line}"})
    if change:
        back = _url("main.check_answers", proposal, sid)
    else:
        prev = session.previous(q, sid)
        back = question_url(proposal, sid, prev) if prev is not None else _url("main.task_list", proposal)
    lines = []
    if q.grid:
        for i, (caption, single) in enumerate(Q.rows(q, session.proposal)):
            now = current[i] if isinstance(current, list) and i < len(current) else None
            lines.append({"index": i, "caption": caption, "question": single, "choices": _choices(single),
                          "current": _shown(now), "error": sentence(line_errors[i]) if i in line_errors else ""})
    partners = []
    heading = q.full_text()
    if q.kind == "more":  # add another: the partners so far, as GOV.UK's add-another pattern lists them
        for i, p in enumerate(session.partners()[:q.partner + 1]):
            name_q = session.question(f"partners[{i}].name")
            partners.append({"name": p.get("name") or f"Partner {i + 1}", "href": question_url(proposal, sid, name_q)})
        heading = f"You have added {labels.plural(len(partners), 'partner')}"
    status = status or (400 if summary else 200)
    return render_template(
        "views/interview/question.html", proposal=proposal, q=q, section=section_slug(sid),
        caption=session.progress(q, sid).words(), heading=heading, choices=_choices(q),
        current=_shown(current), lines=lines, partners=partners, why=why_details(session.kb, q),
        errors=summary, error=sentence(" ".join(errors)) if errors else
        (sentence(line_errors[None]) if None in line_errors else ""),
        back=back, change=change, focus_last=focus_last, none_of_these=NONE_OF_THESE, dont_know=DONT_KNOW,
        cleared=_cleared(), date_parts=DATE_PARTS,
        dont_know_words=labels.interview_words("dont_know")), status


def _choices(q):
    return [(_field_value(v), str(w)[:1].upper() + str(w)[1:]) for v, w in q.choices()]


def _shown(value):
    """An answer as the page's fields show it: strings (the radios' values), or a list of them."""
    if value is None or isinstance(value, dict):  # nothing, or a date's boxes as typed
        return value
    if isinstance(value, list):
        return [_field_value(v) if v is not None and not isinstance(v, str) else v for v in value]
    return _field_value(value)


# -- check your answers ----------------------------------------------------------------------------

@main.route("/proposals/<proposal_id>/sections/<section>/check", methods=["GET", "POST"])
@user_is_signed_in
@_problem_pages
def check_answers(proposal_id, section):
    proposal, session, _ = _open(proposal_id, "edit" if request.method == "POST" else "read")
    sid = _section_id(session, section, _checklist_only())
    if request.method == "POST":
        if sid == Q.KEY and not session.key_done:
            session.finish_key_facts()
        flash(f"{Q.section_title(sid, session.kb)}: answers confirmed")
        return redirect(_url("main.task_list", proposal))
    can_edit = may(proposal, "edit")
    rows = []
    for row in session.review(sid):
        q = row.question
        rows.append({"key": row.text, "lines": _answer_lines(session, q, row.answer),
                     "href": question_url(proposal, sid, q, change=True) if can_edit else None,
                     "hidden": _lower_first(row.text)})
    status = session.status(sid)
    return render_template("views/interview/check.html", proposal=proposal, rows=rows,
                           title=Q.section_title(sid, session.kb), status=status, key=sid == Q.KEY,
                           left=status.left if sid != Q.KEY else 0,
                           next_href=_url("main.next_question", proposal, sid) if can_edit else None,
                           can_edit=can_edit, cleared=_cleared())


def _answer_lines(session, q, answer):
    """A question asked a line at a time shows a line per fact or partner; others one line."""
    if not q.grid or q.id in session.skipped:
        return [answer]
    value = session.value(q)
    if not isinstance(value, list):
        return [answer]
    out = []
    for (caption, single), v in zip(Q.rows(q, session.proposal), value):
        out.append(f"{caption}: {single.words(v)}" if q.kind != "group" else
                   f"{labels.field_label(single.field)}: {single.words(v)}")
    return out


def _lower_first(text):
    return text[:1].lower() + text[1:] if text[1:2] != text[1:2].upper() else text


# -- what a change cleared -------------------------------------------------------------------------

def _flash_cleared(cleared):
    if not cleared:
        return
    lines = [f"{q.full_text()} (was: {words})" for q, words in cleared[:MAX_CLEARED_SHOWN]]
    if len(cleared) > MAX_CLEARED_SHOWN:
        lines.append(f"and {len(cleared) - MAX_CLEARED_SHOWN} more")
    flash({"count": len(cleared), "lines": lines}, CLEARED)


def _cleared():
    """The answers cleared by the last change, for the page after it (one banner each)."""
    return [m for m in get_flashed_messages(category_filter=[CLEARED]) if isinstance(m, dict)]

