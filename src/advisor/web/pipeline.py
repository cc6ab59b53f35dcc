"""Stored proposal -> the core's pipeline -> the report model. The web's only way into the core.

The same calls as `advisor advise` and `advisor audit`: proposal.load_text (the CLI's loader, so an
error keeps its file, line and key), advice.advise, report.model; waivers stored in the database
become the core's Waiver objects, judged by the core exactly as a waivers file would be.

Results are kept in a small LRU (RESULTS_KEPT entries), keyed by what they are made from: a hash
of the proposal's text and its waivers, the knowledge base's digest and the date judged by. An
answer, a new version or a waiver changes the key, so nothing stale is ever served and nothing
needs invalidating. The proposal page, the advice page, the audit page and the downloads of one
version then share one run of the engine and one report model (measured in benchmarks/load.py).
Cached reports are shared between requests and threads: views and renderers read them, never
change them (tests/web/views/test_reports.py checks that every page and download leaves them as
they were).
"""

import collections
import datetime
import hashlib
import posixpath
import threading

from flask import current_app

from .. import dates, proposal as proposal_mod
from ..advice import advise
from ..report import document as document_mod, model
from ..waivers import Waiver


def kb():
    return current_app.extensions["advisor.kb"]


def file_name(proposal):
    """The name errors and downloads use: the title made safe for a file name."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in proposal["title"].lower()).strip("-")
    return f"{'-'.join(filter(None, stem.split('-')))[:60] or 'proposal'}.yaml"


def upload_name(filename):
    """An uploaded file's own name, without any folder a browser sent."""
    return posixpath.basename((filename or "").replace("\\", "/")) or "proposal.yaml"


def parse(text, name):
    """The proposal as the core reads it; InputError/InputErrors (file, line, key) when it is bad."""
    return proposal_mod.load_text(text, kb(), name)


def waivers(rows):
    return [Waiver(r["item"], r["justification"], r["approved_by"] or "",
                   datetime.date.fromisoformat(r["expires"]), 0) for r in rows]


RESULTS_KEPT = 32  # about 0.5 MB each for the bundled example (advice and both reports)


class _Results:
    """A bounded LRU of key -> Entry, safe for waitress's threads. A miss is computed outside the
    lock (two threads may both compute one; the second result is simply dropped)."""

    def __init__(self, size):
        self.size = size
        self.lock = threading.Lock()
        self.entries = collections.OrderedDict()
        self.by_advice = {}  # id(advice) -> entry, for the entries held (so ids are not reused)
        self.hits = self.misses = 0

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            if key in self.entries:
                return self.entries[key]
            self.entries[key] = entry
            self.by_advice[id(entry.advice)] = entry
            while len(self.entries) > self.size:
                _, old = self.entries.popitem(last=False)
                self.by_advice.pop(id(old.advice), None)
            return entry

    def of(self, advice):
        with self.lock:
            entry = self.by_advice.get(id(advice))
        return entry if entry is not None and entry.advice is advice else None

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.by_advice.clear()
            self.hits = self.misses = 0


class Entry:
    def __init__(self, advice):
        self.advice = advice
        self.reports = {}


def results():
    """This app's results (one per app: tests make many apps in one process)."""
    found = current_app.extensions.get("advisor.results")
    if found is None:
        found = current_app.extensions.setdefault(
            "advisor.results", _Results(current_app.config.get("RESULTS_KEPT", RESULTS_KEPT)))
    return found


def key(proposal, waiver_rows, today):
    """What a result is made from: every part length-prefixed, so no two inputs share a hash."""
    h = hashlib.sha256()
    parts = [proposal["title"], proposal["yaml"]]
    for r in waiver_rows:
        parts += [r["item"], r["justification"], r["approved_by"] or "", str(r["expires"])]
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return (h.hexdigest(), kb().digest, today.isoformat())


def run(proposal, waiver_rows, today=None):
    """The core's Advice for a stored proposal and its stored waivers (the same object for the
    same inputs, while it is kept)."""
    today = today or dates.today()
    waiver_rows = list(waiver_rows)
    k = key(proposal, waiver_rows, today)
    entry = results().get(k)
    if entry is None:
        name = file_name(proposal)
        parsed = parse(proposal["yaml"], name)
        with current_app.extensions["advisor.engine_lock"]:
            advice = advise(kb(), parsed, name, today, waivers(waiver_rows))
        entry = results().put(k, Entry(advice))
    return entry.advice


def _report(advice, kind, make):
    entry = results().of(advice)
    if entry is None:
        return make()
    report = entry.reports.get(kind)
    if report is None:
        report = entry.reports.setdefault(kind, make())
    return report


def advice_report(advice):
    return _report(advice, "advice", lambda: model.advice_report(advice, kb()))


def audit_report(advice, fail_on="high"):
    return _report(advice, f"audit:{fail_on}", lambda: model.audit_report(advice, kb(), fail_on))


def document(advice, report, detail="summary", only=None):
    """The report's document (report.document.build: what every human format shows)."""
    return _report(advice, f"document:{report['kind']}:{report.get('fail_on')}:{detail}:{only}",
                   lambda: document_mod.build(report, detail, only))
