"""The keys of an advice report's one-page summary that are worked out from the rest of the report.

They live in the JSON (so the browser service and other tools read the same choice) and are
documented in docs/report-format.md. document.py turns them into words.
"""

from ..knowledge import SEVERITY_RANK

TOP_POISONS = 5  # "the three to five most serious poisons"
FIRST_ACTIONS = 5


def top_poisons(findings, limit=TOP_POISONS):
    """The most serious unmitigated findings, most severe first; ties keep the report's order
    (prerequisite first), so the one that can be acted on first comes first."""
    open_ = [f for f in findings if not f.get("mitigated")]
    ranked = sorted(open_, key=lambda f: -SEVERITY_RANK.get(f["severity"], 0))
    return [{"rule": f["rule"], "title": f["title"], "severity": f["severity"]} for f in ranked[:limit]]


def first_actions(actions, limit=FIRST_ACTIONS):
    """The first actions of `next_actions` (already most severe first, then prerequisite order)."""
    return [{"id": a["id"], "action": a.get("action") or a["question"], "severity": a["severity"]}
            for a in actions[:limit]]


def complete(report):
    """Add summary.top_poisons and summary.first_actions to an advice report, in place."""
    s = report["summary"]
    s["top_poisons"] = top_poisons(report.get("findings") or [])
    s["first_actions"] = first_actions(report.get("next_actions") or [])
    return report
