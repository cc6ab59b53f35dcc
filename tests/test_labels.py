"""Every proposal field and value has plain-English words (fields.yaml), so no report, question or
page ever has to fall back to an id or a snake_case value."""

import re

import pytest

from advisor import labels
from advisor.schema import PARTNER, SECTIONS, SYSTEM_FUNCTIONS, catalogue

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _asked_fields():
    for section, fields in SECTIONS.items():
        for key, field in fields.items():
            yield f"{section}.{key}", field
    for key, field in PARTNER.items():
        yield f"partner.{key}", field


@pytest.mark.parametrize("field_id,field", list(_asked_fields()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_asked_field_has_a_label_a_question_and_words_for_each_value(field_id, field):
    entry = labels.entry(field_id)
    assert entry.get("label"), f"{field_id} has no label in fields.yaml"
    assert entry.get("question"), f"{field_id} has no question in fields.yaml"
    assert not SNAKE.search(entry["label"] + " " + entry["question"])
    if field.kind in ("enum", "enumlist", "systems"):
        missing = [v for v in field.values if v not in (entry.get("values") or {})]
        assert not missing, f"{field_id}: no words for {missing}"
        assert not any(SNAKE.search(str(w)) for w in entry["values"].values())


@pytest.mark.parametrize("subject", ["proposal", "partner", "pair"])
def test_every_fact_a_rule_can_test_has_a_label(subject):
    for name in catalogue()[subject]:
        field_id = {"proposal": name, "partner": f"partner.{name}", "pair": f"pair.{name}"}[subject]
        assert labels.entry(field_id).get("label") or name.startswith(("systems.", "same_system.")), field_id
        assert not SNAKE.search(labels.field_label(field_id)), field_id


def test_fields_yaml_names_only_fields_that_exist():
    known = {f for f, _ in _asked_fields()}
    for subject, names in catalogue().items():
        prefix = {"proposal": "", "partner": "partner.", "pair": "pair."}[subject]
        known |= {prefix + n for n in names}
    known |= {"partner.systems", "pair.same_system", "partners.same_system"}
    stray = set(labels._table()) - known
    assert not stray, f"fields.yaml names fields the schema does not have: {sorted(stray)}"


def test_words_for_values():
    assert labels.statement("risk.register", False) == "Risk register: none kept"
    assert labels.value_words("workforce.transfer", "tupe") == "transfer of employment (TUPE)"
    assert labels.value_words("partners[1].commitment", "in_principle") == "committed in principle"
    assert labels.field_label("partners[0].systems.finance") == "Finance system"
    assert labels.value_words("partner.systems.finance", "SAP") == "SAP"
    assert labels.statement("pair.same_system.payroll", False) == "Payroll system: different"
    assert labels.value_words("arrangement.purposes", ["savings", "capability"]) == "savings, new skills or capability"
    assert labels.value_words("service.track_record", None) == "not known"
    assert labels.status_words("not_applicable") == "Not applicable"
    assert labels.status_words("not_started") == "Not started"
    for fn in SYSTEM_FUNCTIONS:
        assert not SNAKE.search(labels.field_label(f"partner.systems.{fn}"))
