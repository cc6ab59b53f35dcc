"""Plain-English words for fields, values, statuses and severities: what people read.

Ids and snake_case belong to JSON and `advisor explain`; reports, the questionnaire and the browser
service call these functions instead of printing a field name or a raw value. The words for
proposal fields are data, in fields.yaml beside this module; the rest are small tables here.

A field id is the schema's: `risk.register`, `partner.sector`, `partner.systems.finance`,
`pair.same_system.finance`, `partners.count`. Partner fields may also be given as
`partners[2].sector`; the index is ignored.
"""

import functools
import re
from importlib import resources

STATUS_WORDS = {
    # audit statuses
    "present": "In place",
    "partial": "Partly in place",
    "missing": "Missing",
    "unknown": "Not known",
    "unanswered": "Not answered",
    "not_applicable": "Not applicable",
    "waived": "Waived",
    # answers as given
    "yes": "Yes",
    "no": "No",
    "na": "Not applicable",
    # stage plan and task list
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "completed": "Completed",
    "cannot_start": "Cannot start yet",
}

SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "For information"}

READINESS_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Not enough information to rate"}

# A checklist answer as the questionnaire offers it. "I don't know" is the one way to say so: it
# records the real status `unknown`, counted as unknown by the audit (never as compliance).
ANSWER_WORDS = {"yes": "Yes", "partial": "Partly", "no": "No", "na": "Not needed", "unknown": "I don't know"}

# The questionnaire's own words: structural questions, section names and the controls every
# front end offers (advisor.interview; the terminal and the browser service show the same words).
INTERVIEW_WORDS = {
    "dont_know": "I don't know",
    "why": "Why we ask this",
    "back": "Back to the previous question",
    "more.question": "Is there another partner to add?",
    "more.hint": "Add every organisation taking part, one at a time.",
    "more.yes": "Yes, add another partner",
    "more.no": "No, that is all the partners",
    "partners.question": "Which organisations are taking part, including your own?",
    "partners.hint": "One name for each organisation.",
    "grid.prefix": "For each partner:",
    # a proposal section's yes/no facts asked as one key question (advisor.interview.questions)
    "group.service": "About the service: is each of these so?",
    "group.arrangement": "About the arrangement: is each of these so?",
    "group.geography": "About where the partners are: is each of these so?",
    "group.workforce": "About the staff: is each of these so?",
    "group.business_case": "About the business case: is each of these so?",
    "group.communications": "About communications so far: has each of these happened?",
    "group.hint": "Answer yes or no for each line, or I don't know for any you are not sure of.",
    "section.key": "Key facts",
    "section.service": "The service",
    "section.partners": "The partners",
    "section.arrangement": "The arrangement",
    "section.people": "People",
    "section.money": "Money",
    "section.risk": "Risk",
}

_PARTNER_INDEX = re.compile(r"^partners\[\d+\]\.")


@functools.lru_cache(maxsize=1)
def _table():
    import yaml

    text = resources.files("advisor").joinpath("fields.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}  # noqa: S506 - a safe loader; our own packaged file


def _canonical(field_id):
    field_id = _PARTNER_INDEX.sub("partner.", field_id)
    if field_id.startswith("partner.systems."):
        return "partner.systems", field_id.split(".", 2)[2]
    if field_id.startswith("pair.same_system."):
        return "pair.same_system", field_id.split(".", 2)[2]
    if field_id.startswith("partners.same_system."):
        return "partners.same_system", field_id.split(".", 2)[2]
    return field_id, None


def _humanise(name):
    return name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def entry(field_id):
    """The fields.yaml entry for `field_id` ({} when it has none)."""
    return _table().get(_canonical(field_id)[0]) or {}


def field_label(field_id):
    """'Risk register' for risk.register; 'Finance system' for partner.systems.finance."""
    base, function = _canonical(field_id)
    if function is not None:
        words = (_table().get("partner.systems", {}).get("values") or {}).get(function, function.replace("_", " "))
        return f"{words.capitalize()} system"
    found = entry(base).get("label")
    return found if found else _humanise(base)


def question(field_id):
    """The question the questionnaire asks for `field_id`."""
    base, function = _canonical(field_id)
    if function is not None:
        words = (_table().get("partner.systems", {}).get("values") or {}).get(function, function.replace("_", " "))
        return f"Which system does it use for {words}?"
    return entry(base).get("question") or f"{field_label(base)}?"


def hint(field_id):
    return entry(field_id).get("hint", "")


def value_words(field_id, value):
    """A value in words: 'none kept' for risk.register False, 'transfer of employment (TUPE)' for tupe."""
    if value is None:
        return "not known"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_words(field_id, v) for v in value) or "none"
    values = entry(field_id).get("values") or {}
    if _canonical(field_id)[1] is not None and _canonical(field_id)[0] == "partner.systems":
        values = {}  # a system's name is the user's own text
    if value in values:  # YAML reads true:/false: keys as booleans, which is what bool fields hold
        return str(values[value])
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("_", " ") if isinstance(value, str) and re.fullmatch(r"[a-z0-9_]+", value) else str(value)


def statement(field_id, value):
    """'Risk register: none kept'."""
    return f"{field_label(field_id)}: {value_words(field_id, value)}"


def answer_words(status):
    """A checklist answer as offered and reviewed: 'Partly' for partial, 'Not needed' for na."""
    return ANSWER_WORDS.get(status, status_words(status))


def interview_words(key):
    """The questionnaire's words for `key` ('' when there are none)."""
    return INTERVIEW_WORDS.get(key, "")


def status_words(status):
    return STATUS_WORDS.get(status, str(status).replace("_", " ").capitalize())


def severity_words(severity):
    return SEVERITY_WORDS.get(severity, str(severity).capitalize())


def readiness_words(rating):
    return READINESS_WORDS.get(rating, str(rating).capitalize())


def plural(n, one, many=None):
    """"1 question", "3 questions": a count in words, never "question(s)"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
