"""Portfolio audit: one table over many proposals, e.g. a council's existing shared services.

A review is due for an arrangement that has started when review.last_review is more than
REVIEW_YEARS old, or unknown: enc-2017 §6.1 asks for "a periodic review, at least every 5 years, of
the effectiveness and value for money of each shared service". A proposal that has not started has
nothing to review yet.
"""

import datetime
import os

from .dates import add_years
from .errors import InputError, InputErrors
from .knowledge import SEVERITIES

REVIEW_YEARS = 5
REVIEW_CITATION = {"source": "enc-2017", "section": "§6.1",
                   "quote": "there should be a periodic review, at least every 5 years, of the effectiveness "
                            "and value for money of each shared service"}


def expand(paths):
    """Files named, plus every *.yaml / *.yml in each folder named, in order; errors for the rest.

    A file found in a folder must be a regular file, not a symlink: a link planted in a shared
    folder (`ln -s /etc/shadow port/zz.yaml`) would otherwise be read, and its lines quoted back in
    error messages (issue 9). A file named on the command line is the user's choice and may be one."""
    files, errors = [], []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p)
                           if f.endswith((".yaml", ".yml")) and not f.startswith("."))
            if not found:
                errors.append(InputError("folder holds no .yaml proposals", p))
            for f in found:
                problem = _not_plain(f)
                if problem:
                    errors.append(InputError(problem, f))
                else:
                    files.append(f)
        elif os.path.exists(p):
            files.append(p)
        else:
            errors.append(InputError("no such file or folder", p))
    if errors:
        raise InputErrors(errors)
    return files


def _not_plain(path):
    """Why `path`, found by listing a folder, will not be read; None when it is a regular file."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISLNK(mode):
        return "is a symlink; advisor does not follow links in a folder it audits (name the file to include it)"
    if stat.S_ISDIR(mode):
        return "is a folder, not a proposal"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a device, FIFO or socket); advisor reads only files"
    return None


def started(prop, today):
    """True when the arrangement runs (review.started on or before today, a review on record, or
    no months left to the start), False when it starts later, None when the proposal does not say."""
    review = prop.get("review") or {}
    begun = review.get("started")
    if begun:
        return datetime.date.fromisoformat(str(begun)) <= today
    if review.get("last_review"):
        return True
    months = (prop.get("arrangement") or {}).get("months_to_start")
    if months is not None:
        return months == 0
    return None


def review_status(prop, today):
    """(due, last_review or None, next review by or None, note)."""
    runs = started(prop, today)
    if runs is False:
        return False, None, None, "not started yet: no review due"
    raw = (prop.get("review") or {}).get("last_review")
    if runs is None:
        return False, None, None, "not known whether the arrangement has started: give the date it began"
    if not raw:
        return True, None, None, f"no last review recorded; review at least every {REVIEW_YEARS} years"
    last = datetime.date.fromisoformat(str(raw))
    by = add_years(last, REVIEW_YEARS, "review.last_review")
    if by < today:
        return True, last.isoformat(), by.isoformat(), f"last review {last.isoformat()} is more than " \
                                                        f"{REVIEW_YEARS} years old (due by {by.isoformat()})"
    return False, last.isoformat(), by.isoformat(), f"next review due by {by.isoformat()}"


def build(kb, paths, fail_on, waivers=(), today=None, unknown="fail"):
    from . import proposal
    from .advice import advise

    today = today or datetime.date.today()
    advised, errors = [], []
    named = {str(p) for p in paths}
    for file in expand(paths):
        try:
            # Files found in a folder are opened without following links (expand checked too,
            # but a link could be swapped in since): O_NOFOLLOW in yamlio.read_bytes.
            data, lines = proposal.load_with_lines(file, kb, follow=file in named)
            advice = advise(kb, data, file, today, waivers, lines)
            review_status(advice.proposal, today)  # a date past the calendar is this file's error
            advised.append((file, advice))
        except InputError as exc:
            errors.extend(exc.errors if isinstance(exc, InputErrors) else [exc if exc.file else
                                                                            InputError(exc.message, file, None, exc.key)])
    if errors:
        raise InputErrors(errors)
    return report(kb, advised, fail_on, today, unknown)


def report(kb, advised, fail_on, today, unknown="fail"):
    """The portfolio report for [(file, Advice)]: the CLI builds it from files, the browser
    service from a team's stored proposals."""
    from .report.model import SCHEMA, advice_report, audit_report

    rows, audits = [], []
    for file, advice in advised:
        audit = audit_report(advice, kb, fail_on, unknown)
        summary = advice_report(advice, kb)["summary"]
        due, last, by, note = review_status(advice.proposal, today)
        cover = summary["coverage"]
        rows.append({"file": file, "title": advice.title,
                     "service": (advice.proposal.get("service") or {}).get("name", ""),
                     # the delivery models, a list since issue 11, joined to keep this a string
                     "model": ", ".join((advice.proposal.get("arrangement") or {}).get("model") or []),
                     "host": (advice.proposal.get("arrangement") or {}).get("host", ""),
                     "partners": len(advice.proposal.get("partners") or []),
                     "readiness": summary["readiness"]["rating"],
                     "findings": summary["findings"],
                     "counts": {s: summary["counts"].get(s, 0) for s in reversed(SEVERITIES)},
                     "totals": audit["totals"], "failing": audit["failing"],
                     "missing": audit["totals"]["missing"], "unknown": audit["totals"]["unknown"],
                     "not_evidenced": audit["not_evidenced"],
                     "contradictions": len(audit["contradictions"]),
                     "coverage": {k: cover[k] for k in ("known", "total", "ratio", "high_critical")},
                     "enough_information": cover["enough"],
                     "find_out_first": [u["label"] for u in cover["unknown_that_matter"][:3]],
                     "started": started(advice.proposal, today),
                     "last_review": last, "review_due": due, "next_review_by": by, "review_note": note})
        audits.append(audit)
    return {"schema": SCHEMA, "kind": "portfolio",
            "knowledge_base": kb.identity(),
            "today": today.isoformat(), "fail_on": fail_on, "unknown_policy": unknown,
            "review_years": REVIEW_YEARS, "review_citation": REVIEW_CITATION, "proposals": rows,
            "summary": {"proposals": len(rows), "failing": sum(1 for r in rows if r["failing"]),
                        "reviews_due": sum(1 for r in rows if r["review_due"]),
                        "not_enough_information": sum(1 for r in rows if not r["enough_information"])},
            "_audits": audits}
