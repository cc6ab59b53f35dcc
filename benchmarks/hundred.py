"""A proposal with 100 partners, the most the schema allows: the worst case for one `advise`.

Every partner field is filled, and partners differ in political control, tier, stance, size and
systems, so every pair of partners (4,950 of them) carries facts. bench.py times it against the
bundled example in the same run; sigint.py interrupts it.

    .venv/bin/python benchmarks/hundred.py OUT.yaml
"""

import random
import sys

import yaml

SRC = __import__("pathlib").Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def text(seed=5, count=100):
    from advisor.samples import _value
    from advisor.schema import PARTNER

    rng = random.Random(seed)
    partners = []
    for i in range(count):
        p = {k: _value(f, rng) for k, f in PARTNER.items()}
        p["name"] = f"Council {i + 1}"
        partners.append(p)
    data = {"format": "advisor-proposal/1", "title": f"Shared services across {count} councils",
            "service": {"name": "Shared revenues and benefits", "kind": "revenues_benefits"},
            "partners": partners}
    return yaml.safe_dump(data, sort_keys=False)


if __name__ == "__main__":
    with open(sys.argv[1], "w", encoding="utf-8") as fh:
        fh.write(text())
