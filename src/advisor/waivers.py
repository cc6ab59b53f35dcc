"""Waivers: a signed-off decision not to do a checklist item, for a reason, until a date.

A waivers file is a YAML list:

    - item: governance.joint_member_panel
      justification: Members scrutinise the service through each council's audit committee.
      approved_by: Partnership Board, 12 March 2026
      expires: 2027-03-31

A valid, unexpired waiver turns an applicable item's status to `waived` (which counts as done). An
expired waiver is ignored, and the item carries a notice saying so. See docs/reports.md.
"""

import datetime
from dataclasses import dataclass

from . import yamlio
from .errors import InputErrors
from .schema import did_you_mean

KEYS = ("item", "justification", "approved_by", "expires")
REQUIRED = ("item", "justification")


@dataclass
class Waiver:
    item: str
    justification: str
    approved_by: str
    expires: object  # datetime.date; required when loading
    line: int

    def expired(self, today):
        return self.expires is not None and self.expires < today

    def as_dict(self, state):
        return {"item": self.item, "justification": self.justification, "approved_by": self.approved_by,
                "expires": self.expires.isoformat() if self.expires else None, "state": state}


def load(path, kb):
    """Read and check a waivers file; every problem is reported with file, line and key."""
    doc = yamlio.load_file(path)
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        raise doc.error((), "expected a list of waivers, each {item, justification, approved_by, expires}")
    errors, out, seen = [], [], {}
    for i, raw in enumerate(doc.data):
        here = (i,)
        if not isinstance(raw, dict):
            errors.append(doc.error(here, "a waiver is a mapping: {item, justification, approved_by, expires}"))
            continue
        problems = doc.check_keys(here, raw, REQUIRED, tuple(k for k in KEYS if k not in REQUIRED))
        errors.extend(problems)
        ok = not problems
        for key in REQUIRED:
            if raw.get(key) not in (None, "") and (not isinstance(raw[key], str) or not raw[key].strip()):
                errors.append(doc.error(here + (key,), "expected text"))
                ok = False
        item = raw.get("item")
        if isinstance(item, str) and item not in kb.items:
            errors.append(doc.error(here + ("item",), f"unknown checklist item '{item}'"
                                                      f"{did_you_mean(item, kb.items)}"))
            ok = False
        elif isinstance(item, str) and item in seen:
            errors.append(doc.error(here + ("item",), f"a second waiver for {item} (first on line {seen[item]})"))
            ok = False
        if raw.get("expires") is None:  # a waiver that never expires is never looked at again
            errors.append(doc.error(here, "missing required key 'expires' (a waiver must have an expiry date)"))
            ok = False
        expires = _date(doc, here + ("expires",), raw.get("expires"), errors)
        approved = raw.get("approved_by")
        if approved is not None and not isinstance(approved, str):
            errors.append(doc.error(here + ("approved_by",), "expected text"))
            ok = False
        if ok and expires is not False:
            seen[item] = doc.line(here)
            out.append(Waiver(item, " ".join(raw["justification"].split()), approved or "", expires, doc.line(here)))
    if errors:
        raise InputErrors(errors)
    return out


def _date(doc, path, value, errors):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(doc.error(path, f"expected a date YYYY-MM-DD, got '{value}'"))
        return False


def judge(waivers, applicable, today):
    """How each waiver bears on the audit, decided before blocked items and next actions are.

    Returns ({item: (status or None, notice)}, record): a valid waiver marks its item waived, an
    expired one leaves the status alone but adds a notice; record says what happened to each."""
    overrides, record = {}, []
    for w in waivers:
        if w.item not in applicable:
            record.append(w.as_dict("not_applicable"))
        elif w.expired(today):
            overrides[w.item] = (None, f"waiver expired on {w.expires.isoformat()}; evaluated normally "
                                       f"(was: {w.justification})")
            record.append(w.as_dict("expired"))
        else:
            until = f" until {w.expires.isoformat()}" if w.expires else ""
            by = f", approved by {w.approved_by}" if w.approved_by else ""
            overrides[w.item] = ("waived", f"waived{until}{by}: {w.justification}")
            record.append(w.as_dict("applied"))
    return overrides, record
