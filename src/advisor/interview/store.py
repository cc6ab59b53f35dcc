"""Where an interview's answers are kept: the one thing a front end chooses about saving.

A store holds two things: the proposal (an ordinary proposal document, docs/proposal-format.md)
and the interview's own state (what the proposal format has no place for: skipped questions,
whether the partner list is complete, the order of answers). The core (session.py) calls `load`
once and `save` after every answer; it never opens a file itself. FileStore is the CLI's: the
proposal file plus `<file>.interview` beside it, each written atomically. MemoryStore keeps both
in memory, for tests and as the model of a database store (the browser service keeps the same two
documents in its database, one row per proposal).
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
    """The interface: `load()` -> (proposal dict, state dict); `save(document, state)`."""

    name = "<interview>"

    def load(self, kb):
        raise NotImplementedError

    def save(self, document, state):
        raise NotImplementedError


class MemoryStore(Store):
    def __init__(self, proposal=None, state=None, name="<memory>"):
        self.document = copy.deepcopy(proposal) if proposal else {}
        self.state = copy.deepcopy(state) if state else {}
        self.name = name
        self.saves = 0

    def load(self, kb):
        return copy.deepcopy(self.document), copy.deepcopy(self.state)

    def save(self, document, state):
        self.document = copy.deepcopy(document)
        self.state = copy.deepcopy(state)
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
        return proposal, read_sidecar(sidecar_path(self.resume))

    def save(self, document, state):
        write_text(self.path, proposal_text(document))
        state = dict(state, proposal=os.path.basename(self.path))
        write_text(sidecar_path(self.path), yaml.safe_dump(state, sort_keys=False, allow_unicode=True))


def read_sidecar(path):
    """The interview state in `path`, or {} when it is missing, unreadable or not ours: losing it
    loses nothing of the proposal (a resumed interview asks the skipped questions again)."""
    if not os.path.exists(path):
        return {}
    try:
        data = yamlio.load_file(path).data
    except InputError:
        return {}
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        return {}
    return data
