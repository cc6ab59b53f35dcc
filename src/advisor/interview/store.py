"""Where an interview's answers are kept: the one thing a front end chooses about saving.

A store holds two documents: the proposal (an ordinary proposal, docs/proposal-format.md) and the
interview's state (what the proposal format has no place for: questions answered "I don't know",
whether the partner list is complete, the order of answers, the key facts asked). The core
(session.py) calls `load` once per Session and `save` after every answer; it never opens a file.

The protocol (docs/interview.md, "The store protocol"), two methods:

  load(kb) -> (proposal, state)
      proposal: a dict in the form advisor.proposal reads a file into (validated against the
      schema and kb's item ids; answers as {status: ...}); {} for a new interview. `read_proposal`
      turns stored text into it. state: a dict, {} when there is none or it is not ours
      (`read_state`). Fresh objects every call: the Session changes them.
  save(document, state)
      document: the proposal in file form (`proposal_text(document)` is the text to keep; it is
      valid: the Session validates it first); state: plain data (str, bool, list, dict) that JSON
      or YAML holds. Keep both or neither (one transaction, or write-then-rename), so the next
      load sees this save whole; raise on failure and the front end says so: the answer stays on
      screen and nothing typed is lost.

FileStore is the CLI's: the proposal file plus `<file>.interview` beside it, each written
atomically. MemoryStore keeps the two as text in memory, exactly as a database row would (the
browser service keeps the same two in its database, one row per proposal).
"""

import copy
import os

import yaml

from .. import yamlio
from ..atomic import write_text
from ..errors import InputError

SIDECAR_FORMAT = "advisor-interview/1"
HEADER = "# Written by `advisor interview`; edit freely. Resume with: advisor interview --resume FILE\n"


def sidecar_path(path):
    return f"{path}.interview"


def proposal_text(document):
    """The proposal document as the YAML text every store keeps (and `advisor advise` reads)."""
    return HEADER + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


class Store:
    """The protocol: `load(kb)` -> (proposal, state); `save(document, state)`. See the module doc."""

    name = "<interview>"

    def load(self, kb):
        raise NotImplementedError

    def save(self, document, state):
        raise NotImplementedError


def read_proposal(kb, text, name="<proposal>"):
    """The proposal a store kept as text (what `proposal_text` wrote), in the form the Session
    works on; InputError (one line: name, line, key) when it is not a valid proposal."""
    from ..proposal import load_text

    if not text or not text.strip():
        return {}
    return load_text(text, kb, name)


def read_state(data):
    """The interview state from stored data (a mapping, or YAML/JSON text), or {} when it is
    missing or not ours: losing it loses nothing of the proposal (a resumed interview asks the
    questions answered "I don't know" and the key facts again)."""
    if isinstance(data, str):
        try:
            data = yamlio.load_text(data, "<interview state>").data
        except InputError:
            return {}
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        return {}
    return copy.deepcopy(data)


class MemoryStore(Store):
    """Both documents as text in memory, as a database row keeps them: every load reads them back
    through `read_proposal` and `read_state`, so a test over it is a test of the protocol."""

    def __init__(self, proposal=None, state=None, name="<memory>"):
        self.name = name
        self.text = proposal_text(proposal) if proposal else ""
        self.state_text = yaml.safe_dump(dict(state, format=SIDECAR_FORMAT)) if state else ""
        self.saves = 0

    @property
    def document(self):
        """The proposal as last saved, in file form (a fresh dict)."""
        return yamlio.load_text(self.text, self.name).data if self.text else {}

    @property
    def state(self):
        return read_state(self.state_text)

    def load(self, kb):
        return read_proposal(kb, self.text, self.name), read_state(self.state_text)

    def save(self, document, state):
        self.text = proposal_text(document)
        self.state_text = yaml.safe_dump(state, sort_keys=False, allow_unicode=True)
        self.saves += 1


class FileStore(Store):
    """The proposal at `path` and its sidecar; `resume` (another file) is read first when given."""

    def __init__(self, path, resume=None):
        self.path = path
        self.resume = resume
        self.name = path

    def load(self, kb):
        if not self.resume:
            return {}, {}
        from ..proposal import load

        proposal = load(self.resume, kb)
        side = sidecar_path(self.resume)
        return proposal, (read_sidecar(side) if os.path.lexists(side) else {})

    def check_writable(self):
        from ..atomic import probe

        probe(self.path)
        probe(sidecar_path(self.path))

    def save(self, document, state):
        state = dict(state, proposal=os.path.basename(self.path))
        for path, text in ((self.path, proposal_text(document)),
                           (sidecar_path(self.path), yaml.safe_dump(state, sort_keys=False, allow_unicode=True))):
            try:
                write_text(path, text)
            except OSError as exc:
                raise InputError(f"cannot save the answers: {exc.strerror}", path) from None


# The sidecar's keys and what each holds. A file someone edited by hand is checked: a wrong type is
# an error naming the file, line and key (`partners_done: maybe` must not be read as true, nor
# `skipped: 5` crash), where a database's state, written only by advisor, is simply dropped.
_SIDECAR_KEYS = {"format": str, "proposal": str, "partners_done": bool, "finished": bool,
                 "skipped": list, "history": list, "key": dict}


def read_sidecar(path):
    """The saved interview state in the file `path`, checked (see _SIDECAR_KEYS)."""
    doc = yamlio.load_file(path)
    data = doc.data
    hint = f"; fix it, or delete {path} (the proposal keeps every answer)"
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise InputError(f"not an interview state file (format: {SIDECAR_FORMAT}){hint}", path,
                         doc.line(()))
    for key, value in data.items():
        kind = _SIDECAR_KEYS.get(key)
        if kind is None:
            raise doc.error((key,), f"unknown key{hint}")
        if kind is list:
            ok = isinstance(value, list) and all(isinstance(x, str) for x in value)
            want = "a list of question ids"
        elif kind is dict:  # key: {asked: [question ids], done: true or false}
            ok = isinstance(value, dict) and set(value) <= {"asked", "done"} \
                and isinstance(value.get("asked", []), list) and all(isinstance(x, str) for x in value.get("asked", [])) \
                and isinstance(value.get("done", False), bool)
            want = "asked: a list of question ids, and done: true or false"
        else:
            ok = isinstance(value, kind)
            want = "true or false" if kind is bool else "text"
        if not ok:
            raise doc.error((key,), f"expected {want}, got {repr(value)[:40]}{hint}")
    return data
