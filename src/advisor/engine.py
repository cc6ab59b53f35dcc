"""The only module that touches durable-rules. It runs a compiled Program against one FactSet.

Workarounds for durable-rules 2.0.28 (../shared/docs/engine-notes.md), each tested in
tests/test_engine.py:
- QuietHost never starts the two background dispatch threads;
- every fact carries a unique id and only the keys some rule reads, so two facts never hash alike
  and no free text reaches the engine;
- a fresh session id per run, deleted afterwards, keeps proposals apart and under the session limit;
- an action that fails is recorded and re-raised here, since durable-rules swallows it.

Facts about durable-rules 2.0.28 that this module works around (measured here; the full notes
are ../shared/docs/engine-notes.md, sections 3, 4 and 8; docs/engine.md summarises them):
- at most 255 properties per fact, counting sid, t and id: a fact with more segfaults
  assert_facts, so compiler._pack caps keys per fact (MAX_KEYS) and refuses one rule too wide;
- `sid`, `t` and `id` are the engine's own keys and keys starting with `$` are operators, so no
  field, flag or item id may take those names (compiler.name_problem), and non-finite numbers
  (.inf, .nan) give errors 202/204 (compiler refuses them as constants);
- when one fact satisfies more than about 64 distinct patterns of a ruleset, it fails with error
  303 and the process aborts: compiler.MAX_PATTERNS bounds patterns per fact type (48);
- a KeyboardInterrupt raised between the C calls of one assert, followed by delete_state on that
  session, double-frees (`free(): invalid pointer`, exit 134; valgrind: Invalid free in
  deleteStateNode). So SIGINT is deferred while the engine runs (_sigint_deferred) and re-raised
  afterwards, and a session is deleted only after its assert completed: one that failed part way
  is left alone (a leak of one session id, never reused, under the 1,024 live sessions a ruleset
  allows);
- the C module never releases the GIL, and the web server runs advisor in worker threads, where
  SIGINT never arrives and signal handlers cannot be set: there the deferral does nothing, and a
  lock per Engine keeps one run's calls from interleaving with another's.

Speed: Engine.run makes the same calls into the C core, in the same order, as
Host.assert_facts does (assert_facts, start_action_for_state, then update_state and
complete_and_start_action per action), but records each match itself instead of going through
durable.engine's per-action Closure, Promise and timestamps, which cost more than the matching.
"""

import itertools
import json
import os
import signal
import threading

import durable_rules_engine as _core
from durable.engine import Host, MessageNotHandledException, MessageObservedException

from .compiler import SINK
from .conditions import CATALOGUE
from .errors import EngineError


_SINK_MESSAGE = json.dumps({SINK: None})[:-len(" null}")]  # '{"~sink":', how an action message opens


class _Held:
    """A SIGINT handler that only remembers that Ctrl-C was pressed."""

    def __init__(self):
        self.frame = None
        self.hit = False

    def __call__(self, signum, frame):
        self.hit, self.frame = True, frame


class _sigint_deferred:
    """Hold SIGINT for the duration of a `with` block, then deliver it as the previous handler
    would have. A class, not a generator: it runs once per Engine.run, so it is kept cheap.

    Only the main thread receives signals and may set handlers; in any other thread (the web
    server's workers) this does nothing. Nested uses leave the outer one in charge."""

    __slots__ = ("previous", "held")

    def __enter__(self):
        self.held = None
        if threading.current_thread() is not threading.main_thread():
            return self
        previous = signal.getsignal(signal.SIGINT)
        if previous is None or isinstance(previous, _Held):  # set outside Python, or already held
            return self
        self.previous = previous
        held = _Held()
        signal.signal(signal.SIGINT, held)
        self.held = held
        return self

    def __exit__(self, *exc):
        held = self.held
        if held is None:
            return False
        self.held = None
        previous = self.previous
        signal.signal(signal.SIGINT, previous)
        if held.hit:
            if callable(previous):
                previous(signal.SIGINT, held.frame)  # default_int_handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)
        return False


class QuietHost(Host):
    def _run(self):
        """No background dispatch: rules fire synchronously inside assert_facts."""


class Result:
    """What fired for one proposal: unit name -> list of (engine rule key, matched fact ids)."""

    def __init__(self):
        self.fired = {}
        self.flags = set()

    def matches(self, unit):
        return self.fired.get(unit, [])


class Engine:
    _sessions = itertools.count(1)

    def __init__(self, program):
        self.program = program
        self._handles = {}  # shard name -> the C ruleset handle
        self._aliases = {}  # shard name -> {rule key: pattern aliases}; the sink has none
        definitions = {}
        for stratum in program.strata:
            for shard in stratum:
                # durable-rules needs an action per rule, but _assert records matches itself, so no
                # action is ever called. definition() builds fresh dicts, which durable may edit.
                definitions[shard.name] = {key: {**rule, "run": _ignore}
                                           for key, rule in shard.definition().items()}
                self._aliases[shard.name] = {k: [p.alias for p in r.patterns] for k, r in shard.rules.items()}
        self._lock = threading.Lock()
        with _sigint_deferred():
            self.host = QuietHost(definitions) if definitions else None
            for name in definitions:
                self._handles[name] = self.host.get_ruleset(name)._handle

    def close(self):
        """Free the engine's rulesets in the C core, which durable-rules never does (about 4 MB
        per Engine of the bundled knowledge base). The engine cannot run afterwards."""
        with _sigint_deferred(), self._lock:
            handles, self._handles, self.host = self._handles, {}, None
            for handle in handles.values():
                _core.delete_ruleset(handle)

    def run(self, facts):
        # Deferral first: Ctrl-C between taking the lock and entering the block would leave it held.
        with _sigint_deferred(), self._lock:
            return self._run(facts)

    def _run(self, facts):
        result = Result()
        sid = str(next(self._sessions))
        for level, stratum in enumerate(self.program.strata):
            for shard in stratum:
                batch = _facts_for(shard, facts, result.flags, sid)
                if not batch:
                    continue
                try:
                    matches, errors = self._assert(shard.name, batch)
                except (MessageNotHandledException, MessageObservedException) as exc:
                    # No delete_state here: after a refused assert it reads uninitialised memory.
                    raise EngineError(f"durable-rules refused a fact in {shard.name}: "
                                      f"{type(exc).__name__}") from None
                # Reached only when the assert and all its actions completed. A session whose
                # assert was cut short (an exception part way) is never deleted: that double-frees.
                self.host.delete_state(shard.name, sid)
                if errors:
                    raise EngineError(f"a rule action failed: {errors[0]!r}")
                for key, ids in matches:
                    result.fired.setdefault(shard.rules[key].unit, []).append((key, ids))
            for name in self.program.stratum_units[level]:
                if name in result.fired:
                    result.flags.update(self.program.units[name].derives)
        return result

    def _assert(self, name, batch):
        """Host.assert_facts(name, batch), recording each rule's match instead of calling an action.

        Returns (matches, errors): (rule key, matched fact ids) per firing, and any failure to read
        a match, which durable-rules would have swallowed."""
        handle = self._handles[name]
        aliases = self._aliases[name]
        outcome = _core.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
        if outcome[0] == 1:
            raise MessageNotHandledException(batch)
        if outcome[0] == 2:
            raise MessageObservedException(batch)
        state_handle = 0 if outcome[0] == 3 else outcome[1]
        started = _core.start_action_for_state(handle, state_handle)
        matches, errors = [], []
        if not started:
            return matches, errors
        state = json.dumps(json.loads(started[0]), ensure_ascii=False)  # actions never change it
        message = started[1]
        while True:
            # Most actions are the sink accepting a fact: no need to decode what it matched.
            if message.startswith(_SINK_MESSAGE):
                names = None
            else:
                for key, matched in json.loads(message).items():
                    break
                names = aliases.get(key)
            if names is not None:  # None: the sink, which only accepts the fact
                try:
                    matches.append((key, tuple(matched[a]["id"] for a in names)))
                except BaseException as exc:  # as durable-rules would, carry on; run() raises it
                    errors.append(exc)
            try:
                _core.update_state(handle, state)
                following = _core.complete_and_start_action(handle, state_handle)
            except BaseException:
                _core.abandon_action(handle, state_handle)
                raise
            if not following:
                return matches, errors
            message = following


def _ignore(c):
    pass


def _facts_for(shard, facts, flags, sid):
    batch = []
    keys = shard.keys
    if "proposal" in keys:
        batch.append(_project(facts.proposal, "proposal", keys["proposal"], sid))
    for subject, records in (("partner", facts.partners), ("pair", facts.pairs)):
        if subject in keys:
            batch.extend(_project(r, subject, keys[subject], sid) for r in records)
    if "answers" in keys:
        batch.append({"sid": sid, "t": "answers", "id": "answers",
                      **{item: facts.status(item) for item in sorted(keys["answers"])}})
    if "flags" in keys:
        batch.append({"sid": sid, "t": "flags", "id": "flags", **{n: n in flags for n in sorted(keys["flags"])}})
    return batch


def _project(record, subject, wanted, sid):
    """The engine's copy of a fact: only the keys rules read, text reduced to a presence marker."""
    out = {"sid": sid, "t": subject, "id": record["id"]}
    fields = CATALOGUE[subject]
    for key in wanted:
        if key in record:
            value = record[key]
            kind = fields[key].kind
            if kind in ("text", "date"):
                value = True
            elif kind == "enumlist":
                value = True
            out[key] = value
        else:
            base, _, member = key.rpartition(".")
            if base in record and fields.get(base) is not None and fields[base].kind == "enumlist":
                if member in record[base]:
                    out[key] = True
    return out
