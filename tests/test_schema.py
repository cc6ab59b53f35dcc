"""Proposal validation: did-you-mean for unknown keys, file:line:key for wrong types."""

import json

import pytest

from advisor import proposal, schema
from advisor.errors import InputError
from conftest import EXAMPLE


def errors_of(text, kb=None):
    with pytest.raises(InputError) as exc:
        proposal.load_text(text, kb, name="p.yaml")
    return str(exc.value)


def test_unknown_key_gets_did_you_mean():
    assert errors_of("service:\n  catgory: back_office\n") == \
        "p.yaml:2: service.catgory: unknown key (did you mean 'category'?)"


def test_wrong_type_names_file_line_and_key():
    msg = errors_of("partners:\n  - name: A\n  - name: B\n    population: about 120k\n")
    assert msg == "p.yaml:4: partners[1].population: expected a whole number, got 'about 120k'"


def test_every_problem_is_reported_at_once():
    msg = errors_of("service:\n  kind: payrol\nrisk:\n  register: perhaps\n")
    assert "did you mean 'payroll'" in msg and "p.yaml:4: risk.register" in msg


def test_unknown_answer_item(kb):
    assert "did you mean 'basics.scope'" in errors_of("answers:\n  basics.scop: yes\n", kb)


def test_values_are_normalised():
    p = proposal.load_text("arrangement:\n  model: Lead Authority\nanswers:\n  x: n/a\n  y: yes\n")
    assert p["arrangement"]["model"] == ["lead_authority"]  # a list field given one value
    assert p["answers"] == {"x": {"status": "na"}, "y": {"status": "yes"}}


def test_bad_yaml_names_the_line():
    assert errors_of("service:\n  kind: [planning\n").startswith("p.yaml:3: invalid YAML")


def test_duplicate_keys_are_an_error():
    assert "p.yaml:3: service.kind: duplicate key" == errors_of("service:\n  kind: ict\n  kind: hr\n")


def test_alias_bomb_is_cheap_and_rejected():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12))
    assert "unknown key" in errors_of(bomb)


def test_the_example_is_valid_under_the_published_json_schema(kb):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema.json_schema(set(kb.items)))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"service": {"kind": "nonsense"}}, schema.json_schema())
