"""Template filters: words come from advisor.labels (the one source of plain English) and, on the
report pages, from report/document.py; this module only picks GOV.UK tag colours, which always sit
next to the words, never instead of them, and turns references into links."""

import datetime
import re

from flask import current_app, url_for
from markupsafe import Markup

from .. import labels
from ..report import document

STATUS_TAG = {
    "present": "green", "waived": "blue", "not_applicable": "grey", "partial": "yellow",
    "missing": "red", "unknown": "grey", "unanswered": "grey",
    "not_started": "grey", "in_progress": "light-blue", "done": "green", "completed": "green",
    "cannot_start": "grey",
    "applied": "blue", "expired": "orange",
}
SEVERITY_TAG = {"critical": "red", "high": "orange", "medium": "yellow", "low": "grey", "info": "grey"}
READINESS_TAG = {"red": "red", "amber": "yellow", "green": "green", "grey": "grey"}
WAIVER_WORDS = {"applied": "Applied", "expired": "Expired", "not_applicable": "Item does not apply"}


def tag_class(colour):
    return f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"


def govuk_tag(t):
    """govuk-frontend-jinja's govukTag markup for {text, classes}, made in Python.

    The report pages show a tag per checklist item and antidote (about 260 on the example's advice
    page), and govukTag re-imports its attributes macro on every call: a third of the page's
    time. tests/web/views/test_reports.py checks that this gives the macro's own markup."""
    classes = f"govuk-tag {t['classes']}" if t.get("classes") else "govuk-tag"
    return Markup('<strong class="{}">{}</strong>').format(classes, t.get("text", ""))


def status_tag(status):
    return {"text": labels.status_words(status), "classes": f"govuk-tag--{STATUS_TAG.get(status, 'grey')}"}


def severity_tag(severity):
    return {"text": labels.severity_words(severity), "classes": f"govuk-tag--{SEVERITY_TAG.get(severity, 'grey')}"}


def readiness_tag(rating):
    return {"text": labels.readiness_words(rating), "classes": f"govuk-tag--{READINESS_TAG.get(rating, 'grey')}"}


def waiver_tag(state):
    return {"text": WAIVER_WORDS.get(state, labels.status_words(state)),
            "classes": f"govuk-tag--{STATUS_TAG.get(state, 'grey')}"}


def rating_tag(words, kind):
    """A tag for words a report document put in a rating column (document.Table.tag_columns):
    the same words, coloured by the value they are the words for."""
    values = _WORDS_TO_VALUE.get(kind, {})
    colours = SEVERITY_TAG if kind == "severity" else STATUS_TAG
    return {"text": words, "classes": f"govuk-tag--{colours.get(values.get(words), 'grey')}"}


_WORDS_TO_VALUE = {
    "severity": {labels.severity_words(v): v for v in SEVERITY_TAG},
    "status": {labels.status_words(v): v for v in STATUS_TAG},
}


def ref_links(ref, prefer="rule"):
    """A block's reference as [(text, url or None)]: a rule or checklist item id links to its page
    (what `advisor explain` shows); "id (missing); id2 (in place)" links each id, and so does
    "advisor explain id". A few ids name both a rule and an item: a table's references and an id
    said with its status or its lines are items; otherwise `prefer` decides."""
    kb = current_app.extensions["advisor.kb"]
    out = []
    for n, part in enumerate(str(ref).split("; ")):
        before = "advisor explain " if part.startswith("advisor explain ") else ""
        found = _REF.match(part.removeprefix(before))
        word, rest = (found.group(1), found.group(2) or "") if found else (part, "")
        kind = ("item" if rest or prefer == "item" else "rule") if word in kb.rules and word in kb.items else \
            "rule" if word in kb.rules else "item" if word in kb.items else None
        url = (url_for("main.show_rule", rule_id=word) if kind == "rule"
               else url_for("main.show_item", item_id=word) if kind == "item" else None)
        out.append({"text": word if url else part, "url": url, "rest": rest if url else "",
                    "before": before if url else "", "sep": "; " if n else ""})
    return out


_REF = re.compile(r"([A-Za-z0-9_.]+?)((?:,| \().*)?$")


def block_kind(block):
    return type(block).__name__


def long_date(value):
    """'31 March 2027' (GOV.UK style) from a date or an ISO date or timestamp string."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def item_question(item_id):
    """A checklist item's question, for pages that hold only its id (waivers)."""
    item = current_app.extensions["advisor.kb"].items.get(item_id)
    return item.question if item else item_id


def rule_title(rule_id):
    rule = current_app.extensions["advisor.kb"].rules.get(rule_id)
    return rule.title if rule else rule_id


def init_app(app):
    env = app.jinja_env
    env.filters.update({
        "status_words": labels.status_words,
        "severity_words": labels.severity_words,
        "readiness_words": labels.readiness_words,
        "field_label": labels.field_label,
        "long_date": long_date,
    })
    env.globals.update({
        "govuk_tag": govuk_tag,
        "rating_tag": rating_tag,
        "ref_links": ref_links,
        "block_kind": block_kind,
        "status_tag": status_tag,
        "severity_tag": severity_tag,
        "readiness_tag": readiness_tag,
        "waiver_tag": waiver_tag,
        "item_question": item_question,
        "rule_title": rule_title,
        # The report pages render report/document.py's blocks (views/reports/_document.html), so
        # the page and the Word and PDF files say the same things in the same words and order.
        "report_title": document.title,
    })
