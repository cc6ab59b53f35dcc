"""Proposal format v1: one table of fields drives validation, the JSON Schema and the fact catalogue.

Every field is optional: a missing field means unknown. Values are normalised on the way in
(case, spaces, YAML 1.1 booleans) so that rules compare canonical values only. A list field also
takes a single value (`kind: finance` is `kind: [finance]`), so files written before a field became a
list keep working; LEGACY maps the one value that has moved to the fields that now hold it.
"""

import datetime
import difflib
import re

from .errors import InputError, InputErrors

FORMAT_ID = "advisor-proposal/1"
MAX_PARTNERS = 100
MAX_TEXT = 2000

STATUSES = ("yes", "partial", "no", "unknown", "na")
SYSTEM_FUNCTIONS = ("finance", "payroll", "hr", "planning", "revenues", "benefits", "building_control",
                    "licensing", "audit", "risk", "ict", "document_management", "customer_contact", "other")

# The functions whose IT systems a shared service depends on, for each kind of service in its scope.
# An IT difference matters only for these (nhdc-2011 §2.4 and §3.2.1 name the finance and planning
# systems of the services being shared); a kind with no system of its own (a shared management team,
# waste, legal) brings none. facts.build derives service.functions from it.
KIND_FUNCTIONS = {
    "internal_audit": ("audit", "risk"), "payroll": ("payroll",), "finance": ("finance",),
    "revenues_benefits": ("revenues", "benefits"), "hr": ("hr",), "ict": ("ict",), "legal": (),
    "procurement": ("finance",), "planning": ("planning",), "building_control": ("building_control",),
    "licensing": ("licensing",), "environmental_health": (), "waste": (), "customer_services": ("customer_contact",),
    "management": (), "emergency_planning": (), "other": ("other",),
}


class Field:
    """One leaf field. `kind` is text, bool, int, enum, enumlist, name, date or systems."""

    def __init__(self, kind, values=(), doc="", minimum=None):
        self.kind = kind
        self.values = tuple(values)
        self.doc = doc
        self.minimum = minimum


def _enum(*values, doc=""):
    return Field("enum", values, doc)


def _list(*values, doc=""):
    return Field("enumlist", values, doc)


TEXT, BOOL, DATE = Field("text"), Field("bool"), Field("date")
COUNT = Field("int", minimum=0)
LEVEL = ("strong", "moderate", "weak", "opposed")
SAME = ("same", "different")
KINDS = ("internal_audit", "payroll", "finance", "revenues_benefits", "hr", "ict", "legal", "procurement",
         "planning", "building_control", "licensing", "environmental_health", "waste", "customer_services",
         "management", "emergency_planning", "other")
MODELS = ("in_house", "lead_authority", "joint_service", "joint_committee", "company_limited_by_guarantee",
          "joint_venture", "outsourcing", "joint_procurement", "shared_management")

SECTIONS = {
    "service": {
        "name": TEXT,
        # A list: every service or function the shared service includes (its scope), e.g. a shared
        # management team over finance, HR and audit is [management, finance, hr, internal_audit].
        "kind": _list(*KINDS),
        "category": _list("back_office", "transactional", "front_office", "professional", "regulatory",
                          "strategic"),
        "professional_judgement": _enum("low", "medium", "high"),
        "failure_consequence": _enum("minor", "significant", "severe"),
        "emergency_response": BOOL,
        "efficient_before_sharing": BOOL,
        "standard_delivery": BOOL,
        "recruitment_difficulty": BOOL,
        "boundaries_clear": BOOL,
        "improvement_understood": BOOL,
        "track_record": _enum("strong", "adequate", "weak"),
        "customer_facing": BOOL,
        "large_workforce": BOOL,
    },
    "arrangement": {
        # A list: a district buying into a county-hosted service run by a contractor is
        # [lead_authority, outsourcing].
        "model": _list(*MODELS),
        "host": TEXT,
        "purposes": Field("enumlist", ("savings", "resilience", "capacity", "capability", "quality", "income")),
        "months_to_start": COUNT,
        "intends_to_trade": BOOL,
        "pace": _enum("slow", "moderate", "fast"),
        "dramatic_change": BOOL,
        "needs_capital_investment": BOOL,
        "dedicated_client_team": BOOL,
        "joining_existing": BOOL,
        "merging_authorities": BOOL,
    },
    # How alike the partners are, sayable without naming each partner's party or systems. Where the
    # partners' own entries decide a comparison (facts.build), they take precedence.
    "alignment": {
        "political_control": _enum(*SAME),
        "systems_same": _list(*SYSTEM_FUNCTIONS),
        "systems_different": _list(*SYSTEM_FUNCTIONS),
        "values_and_priorities": _enum(*SAME),
        "stage_of_development": _enum(*SAME),
    },
    "geography": {"adjacent": BOOL, "journeys_unduly_long": BOOL, "max_travel_minutes": COUNT},
    "workforce": {
        "transfer": _enum("tupe", "secondment", "none"),
        "pay_scales": _enum("aligned", "different", "unknown"),
        "single_management_structure": BOOL,
        "redundancies_expected": BOOL,
        "relies_on_consultants": BOOL,
    },
    "risk": {"appetite": _enum("averse", "cautious", "balanced", "open"), "register": BOOL},
    "business_case": {
        # How far the case is developed; whether members approved it is `approved`.
        "stage": _enum("none", "concept", "outline", "full"),
        "approved": BOOL,
        "detail": _enum("high_level", "proportionate", "exhaustive"),
        "written_by": _enum("officers", "officers_and_consultants", "consultants"),
        "written_before_partner_talks": BOOL,
        "costs_known": BOOL,
        "savings_known": BOOL,
        "savings_contested": BOOL,
        "savings_share_agreed": BOOL,
        "cost_benefit_analysis": BOOL,
    },
    "communications": {
        "plan": BOOL, "staff_engaged": BOOL, "unions_consulted": BOOL,
        "unions_view": _enum("supportive", "neutral", "opposed"),
        "customers_informed": BOOL, "members_briefed": BOOL,
    },
    "review": {"started": DATE, "last_review": DATE},
}

# Values that have moved to other fields. Each maps (section, key, old value) to the fields it now
# means; an old file keeps its meaning, and a file that also sets the new fields must agree with it.
LEGACY = {
    ("business_case", "stage", "approved"): {"stage": "full", "approved": True},
}

PARTNER = {
    "name": TEXT,
    "sector": _enum("public", "private", "third"),
    "tier": _enum("county", "district", "unitary", "other"),
    "political_control": Field("name"),
    "development_stance": _enum("growth", "restraint", "neutral"),
    "population": COUNT,
    "staff": COUNT,
    "systems": Field("systems", SYSTEM_FUNCTIONS),
    "commitment": _enum("full", "in_principle", "exploring", "withdrawn"),
    "member_support": _enum(*LEVEL),
    "officer_support": _enum(*LEVEL),
}

TOP_LEVEL = ("format", "title", *SECTIONS, "partners", "answers")


# ---------------------------------------------------------------- the fields rules can test

def catalogue():
    """Field name -> Field, per fact subject. Text fields become presence markers in the engine."""
    proposal = {}
    for section, fields in SECTIONS.items():
        for key, field in fields.items():
            proposal[f"{section}.{key}"] = field
    proposal.update({
        "partners.count": COUNT, "partners.private_count": COUNT, "partners.public_count": COUNT,
        "partners.authority_count": COUNT,
        "partners.population_ratio": Field("number"), "partners.staff_ratio": Field("number"),
        "partners.same_political_control": BOOL,
        "review.years_since_last_review": Field("int"), "review.years_running": Field("int"),
        "service.functions": Field("enumlist", SYSTEM_FUNCTIONS),
    })
    for fn in SYSTEM_FUNCTIONS:
        proposal[f"partners.same_system.{fn}"] = BOOL
    partner = {k: f for k, f in PARTNER.items() if f.kind != "systems"}
    for fn in SYSTEM_FUNCTIONS:
        partner[f"systems.{fn}"] = TEXT
    pair = {
        "same_political_control": BOOL, "same_tier": BOOL, "stance_conflict": BOOL,
        "population_ratio": Field("number"), "staff_ratio": Field("number"),
    }
    for fn in SYSTEM_FUNCTIONS:
        pair[f"same_system.{fn}"] = BOOL
    return {"proposal": proposal, "partner": partner, "pair": pair}


# ---------------------------------------------------------------- validation

def normalise_name(value):
    return re.sub(r"[\s\-]+", "_", str(value).strip().lower())


def did_you_mean(word, options):
    match = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


_TRUE = {"yes", "true", "y", "on"}
_FALSE = {"no", "false", "n", "off"}


def _coerce(field, value, where):
    """Return the canonical value, or raise InputError via `where(msg)`."""
    kind = field.kind
    if kind == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            if len(text) > MAX_TEXT:
                raise where(f"text is {len(text)} characters; the limit is {MAX_TEXT}")
            return text
        raise where(f"expected text, got {_describe(value)}")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise where(f"expected yes or no, got {_describe(value)}")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            if field.minimum is not None and value < field.minimum:
                raise where(f"must be at least {field.minimum}, got {value}")
            if value > 10**12:
                raise where(f"{value} is implausibly large")
            return value
        raise where(f"expected a whole number, got {_describe(value)}")
    if kind == "enum":
        if isinstance(value, str):
            canon = normalise_name(value)
            if canon in field.values:
                return canon
            raise where(f"'{value}' is not one of: {', '.join(field.values)}"
                        f"{did_you_mean(canon, field.values)}")
        raise where(f"expected one of: {', '.join(field.values)}; got {_describe(value)}")
    if kind == "name":
        if isinstance(value, str) and value.strip() and len(value) <= 200:
            return normalise_name(value)
        raise where(f"expected a name, got {_describe(value)}")
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise where(f"expected a date as YYYY-MM-DD, got {_describe(value)}")
    raise AssertionError(kind)


def _describe(value):
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def validate(doc, item_ids=None):
    """Check a loaded proposal Document; return the normalised proposal dict.

    `item_ids` (when given) are the checklist item ids answers may use. Raises InputErrors listing
    every problem found.
    """
    errors = []
    data = doc.data

    def err(path, message):
        errors.append(doc.error(path, message))
        return errors[-1]

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputErrors([doc.error((), f"a proposal is a mapping of sections, got {_describe(data)}")])
    out = {}
    for key, value in data.items():
        if key not in TOP_LEVEL:
            err((key,), f"unknown key{did_you_mean(key, TOP_LEVEL)}")
            continue
        if value is None:
            continue
        if key == "format":
            if value != FORMAT_ID:
                err((key,), f"unsupported format {_describe(value)}; this advisor reads {FORMAT_ID}")
        elif key == "title":
            try:
                out["title"] = _coerce(TEXT, value, lambda m: doc.error((key,), m))
            except InputError as e:
                errors.append(e)
        elif key == "partners":
            out["partners"] = _partners(doc, value, err, errors)
        elif key == "answers":
            out["answers"] = _answers(doc, value, err, errors, item_ids)
        else:
            out[key] = _section(doc, (key,), value, SECTIONS[key], err, errors)
    if errors:
        raise InputErrors(errors[:50])
    return out


def _section(doc, path, value, fields, err, errors):
    if not isinstance(value, dict):
        err(path, f"expected a mapping of {', '.join(fields)}; got {_describe(value)}")
        return {}
    out = {}
    for key, item in value.items():
        here = path + (key,)
        if key not in fields:
            err(here, f"unknown key{did_you_mean(key, fields)}")
            continue
        if item is None:
            continue
        field = fields[key]
        legacy = LEGACY.get((path[-1], key, normalise_name(item) if isinstance(item, str) else None))
        if legacy is not None:
            _legacy(doc, path, key, item, legacy, value, out, err)
            continue
        try:
            if field.kind == "enumlist":
                out[key] = _enumlist(doc, here, field, item)
            elif field.kind == "systems":
                out[key] = _systems(doc, here, field, item, err)
            else:
                out[key] = _coerce(field, item, lambda m, here=here: doc.error(here, m))
        except InputError as e:
            errors.append(e)
    return out


def _legacy(doc, path, key, item, moved, section, out, err):
    """An old value (LEGACY): set the fields it now means, unless the file says otherwise there."""
    for new_key, new_value in moved.items():
        if new_key != key and new_key in section and section[new_key] is not None:
            given = section[new_key]
            given = given.strip().lower() in _TRUE if isinstance(given, str) and isinstance(new_value, bool) else given
            if given != new_value:
                err(path + (key,), f"'{item}' now means {_moved_words(moved)}, but {new_key} says "
                                   f"{_describe(section[new_key])}; write {key} and {new_key} separately")
                return
        if new_key == key:
            out[key] = new_value
        else:
            out.setdefault(new_key, new_value)


def _moved_words(moved):
    return " and ".join(f"{k}: {'yes' if v is True else 'no' if v is False else v}" for k, v in moved.items())


def _enumlist(doc, path, field, value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise doc.error(path, f"expected a list of: {', '.join(field.values)}")
    out = []
    for i, item in enumerate(value):
        canon = _coerce(Field("enum", field.values), item, lambda m, i=i: doc.error(path + (i,), m))
        if canon not in out:
            out.append(canon)
    return out


def _systems(doc, path, field, value, err):
    if not isinstance(value, dict):
        raise doc.error(path, f"expected a mapping from function to system, e.g. finance: Integra; "
                              f"got {_describe(value)}")
    out = {}
    for fn, system in value.items():
        if fn not in field.values:
            err(path + (fn,), f"unknown function{did_you_mean(fn, field.values)}; "
                              f"functions are: {', '.join(field.values)}")
            continue
        if system is None:
            continue
        out[fn] = _coerce(TEXT, system, lambda m, fn=fn: doc.error(path + (fn,), m))
    return out


def _partners(doc, value, err, errors):
    if not isinstance(value, list):
        err(("partners",), f"expected a list of partners, got {_describe(value)}")
        return []
    if len(value) > MAX_PARTNERS:
        err(("partners",), f"{len(value)} partners; advisor handles at most {MAX_PARTNERS}")
        return []
    return [_section(doc, ("partners", i), p, PARTNER, err, errors) for i, p in enumerate(value)]


def _status(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        canon = normalise_name(value).replace("/", "")
        return {"n_a": "na", "na": "na", "not_applicable": "na"}.get(canon, canon)
    return None


def _answers(doc, value, err, errors, item_ids):
    if not isinstance(value, dict):
        err(("answers",), f"expected a mapping from checklist item id to answer, got {_describe(value)}")
        return {}
    out = {}
    for item, answer in value.items():
        here = ("answers", item)
        if item_ids is not None and item not in item_ids:
            err(here, f"unknown checklist item{did_you_mean(item, item_ids)}")
            continue
        entry = {}
        if isinstance(answer, dict):
            for key in answer:
                if key not in ("status", "evidence", "date"):
                    err(here + (key,), f"unknown key{did_you_mean(key, ('status', 'evidence', 'date'))}")
            raw = answer.get("status")
            if "evidence" in answer and answer["evidence"] is not None:
                try:
                    entry["evidence"] = _coerce(TEXT, answer["evidence"],
                                                lambda m: doc.error(here + ("evidence",), m))
                except InputError as e:
                    errors.append(e)
            if "date" in answer and answer["date"] is not None:
                try:
                    entry["date"] = _coerce(DATE, answer["date"], lambda m: doc.error(here + ("date",), m))
                except InputError as e:
                    errors.append(e)
            status_path = here + ("status",)
        else:
            raw, status_path = answer, here
        status = _status(raw)
        if status not in STATUSES:
            err(status_path, f"expected one of: {', '.join(STATUSES)}; got {_describe(raw)}"
                             f"{did_you_mean(status, STATUSES) if status else ''}")
            continue
        entry["status"] = status
        out[item] = entry
    return out


# ---------------------------------------------------------------- JSON Schema

def json_schema(item_ids=()):
    def field_schema(field):
        if field.kind == "text":
            return {"type": ["string", "number"]}
        if field.kind == "bool":
            return {"type": ["boolean", "string"], "enum": [True, False, "yes", "no", "true", "false"]}
        if field.kind == "int":
            return {"type": "integer", "minimum": field.minimum or 0}
        if field.kind == "enum":
            return {"type": "string", "enum": list(field.values)}
        if field.kind == "enumlist":  # one value is accepted as a list of one
            one = {"type": "string", "enum": list(field.values)}
            return {"oneOf": [one, {"type": "array", "items": one}]}
        if field.kind == "name":
            return {"type": "string"}
        if field.kind == "date":
            return {"type": "string", "format": "date"}
        if field.kind == "systems":
            return {"type": "object", "additionalProperties": False,
                    "properties": {fn: {"type": ["string", "number"]} for fn in field.values}}
        raise AssertionError(field.kind)

    def obj(fields, section=None):
        props = {k: field_schema(f) for k, f in fields.items()}
        for (sec, key, old), moved in LEGACY.items():  # old values still read, with their new meaning
            if sec == section and "enum" in props.get(key, {}):
                props[key] = {**props[key], "enum": [*props[key]["enum"], old],
                              "description": f"'{old}' is read as {_moved_words(moved)}"}
        return {"type": "object", "additionalProperties": False, "properties": props}

    status = {"type": ["string", "boolean"], "enum": [*STATUSES, True, False]}
    answer = {"oneOf": [status, {"type": "object", "additionalProperties": False,
                                 "required": ["status"],
                                 "properties": {"status": status, "evidence": {"type": "string"},
                                                "date": {"type": "string", "format": "date"}}}]}
    props = {
        "format": {"const": FORMAT_ID},
        "title": {"type": "string"},
        **{name: obj(fields, name) for name, fields in SECTIONS.items()},
        "partners": {"type": "array", "maxItems": MAX_PARTNERS, "items": obj(PARTNER)},
        "answers": {"type": "object", "additionalProperties": answer},
    }
    if item_ids:
        props["answers"] = {"type": "object", "additionalProperties": False,
                            "properties": {i: answer for i in sorted(item_ids)}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://advisor.invalid/schemas/proposal-v1.json",
        "title": "advisor proposal v1",
        "description": "A plan to share a council service. Every field is optional; missing means unknown.",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
    }
