"""How much of the advice the key facts recover: the measure behind `advisor interview --quick`.

`quick(kb, full)` runs the key facts in memory, answering from a full proposal as `--answers`
would, and compares the advice with the full proposal's: how many questions were put, how many
were answered (the sidecar's history), and the share of the full advice's high and critical
findings that the quick advice also gives. benchmarks/interview_quick.py reports it over the
bundled example and generated proposals (advisor.samples); tests check the example.
"""

from dataclasses import dataclass

from ..advice import advise
from .flow import Interview
from .scripted import MappingUI, flatten
from .session import Session
from .store import MemoryStore

SERIOUS = ("high", "critical")


@dataclass
class Quick:
    asked: int  # questions answered, as the sidecar's history counts them
    put: int  # questions put, including those the answers did not cover (left for later)
    facts: int  # facts given: a question about every partner or a group of yes/no lines gives several
    serious: int  # high and critical findings the full proposal gives
    recovered: int  # of those, the findings the quick advice gives too
    history: list
    proposal: dict

    @property
    def share(self):
        return self.recovered / self.serious if self.serious else 1.0


class _Quiet(MappingUI):
    def notice(self, text):
        pass


def quick(kb, full):
    session = Session.load(kb, MemoryStore())
    ui = _Quiet(kb, flatten(full), "answers")
    Interview(session, ui, quick=True).run()
    serious = {f.rule.id for f in advise(kb, full).findings if f.severity in SERIOUS}
    got = {f.rule.id for f in advise(kb, session.proposal).findings}
    return Quick(len(session.history), len(session.history) + len(session.key_passed), facts(session),
                 len(serious), len(serious & got), list(session.history), session.proposal)


def facts(session):
    """The facts the answers gave: a line of a grouped question or a partner of a question about
    every partner counts one each; "I don't know" counts none."""
    n = 0
    for qid in session.history:
        q = session.question(qid)
        value = None if q is None or qid in session.skipped else session.value(q)
        if isinstance(value, list):
            n += sum(v is not None for v in value)
        elif value is not None:
            n += 1
    return n
