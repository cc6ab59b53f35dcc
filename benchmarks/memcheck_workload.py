"""Engine workload for valgrind: every rule's test cases, the example, and generated proposals.

Run by benchmarks/memcheck.py under valgrind; prints how many rules fired so the check can tell a
workload that exercised nothing from a clean one.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from advisor import facts, knowledge, proposal, schema  # noqa: E402
from advisor.kbcheck import CASE_DATE, _CaseDoc  # noqa: E402
from advisor.program import compiled, rule_unit  # noqa: E402
from advisor.samples import proposals  # noqa: E402


def main(generated):
    kb = knowledge.load(str(ROOT))
    _, engine = compiled(kb)
    cases = [proposal.load(str(ROOT / "examples" / "herts-internal-audit.yaml"), kb)]
    for rule in kb.rules.values():
        for name, (case, line) in rule.tests.items():
            cases.append(schema.validate(_CaseDoc(case, rule.file, line), set(kb.items)))
    cases += proposals(1, generated, kb.items)
    fired = set()
    for p in cases:
        fired |= set(engine.run(facts.build(p, CASE_DATE)).fired)
    lessons = {rule_unit(r) for r, rule in kb.rules.items() if rule.is_lesson}
    print(f"workload: {len(cases)} proposals, {len(fired & lessons)} of {len(lessons)} rules fired")
    return 0 if lessons <= fired else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
