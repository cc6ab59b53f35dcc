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
    import jsonschema
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema.json_schema(set(kb.items)))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"service": {"kind": "nonsense"}}, schema.json_schema())


# ---------------------------------------------------------------- issue 11: the format says more

def test_kind_category_and_model_take_a_list_and_still_take_one_value():
    p = proposal.load_text("service: {kind: [management, finance, hr], category: back_office}\n"
                           "arrangement: {model: [lead_authority, outsourcing]}\n")
    assert p["service"]["kind"] == ["management", "finance", "hr"]
    assert p["service"]["category"] == ["back_office"]
    assert p["arrangement"]["model"] == ["lead_authority", "outsourcing"]
    assert "did you mean 'finance'" in errors_of("service: {kind: [management, finanse]}\n")


def test_an_old_approved_stage_keeps_its_meaning():
    p = proposal.load_text("business_case: {stage: approved}\n")
    assert p["business_case"] == {"stage": "full", "approved": True}
    p = proposal.load_text("business_case: {stage: Approved, approved: yes}\n")
    assert p["business_case"] == {"stage": "full", "approved": True}
    msg = errors_of("business_case:\n  approved: no\n  stage: approved\n")
    assert msg.startswith("p.yaml:3: business_case.stage:") and "approved: yes" in msg


def test_same_or_different_can_be_said_without_naming_parties_or_systems():
    p = proposal.load_text("alignment: {political_control: different, systems_different: finance,"
                           " systems_same: [hr], values_and_priorities: same, stage_of_development: same}\n")
    assert p["alignment"]["systems_different"] == ["finance"]
    assert "'tory' is not one of: same, different" in errors_of("alignment: {political_control: tory}\n")


def test_the_json_schema_accepts_one_value_or_a_list_and_the_old_stage():
    s = schema.json_schema()
    kind = s["properties"]["service"]["properties"]["kind"]
    assert {"type": "array"} .items() <= kind["oneOf"][1].items() and "finance" in kind["oneOf"][0]["enum"]
    stage = s["properties"]["business_case"]["properties"]["stage"]
    assert "approved" in stage["enum"] and "approved: yes" in stage["description"]
    assert "alignment" in s["properties"]


def test_every_kind_of_service_says_which_system_functions_it_uses():
    assert set(schema.KIND_FUNCTIONS) == set(schema.SECTIONS["service"]["kind"].values)
    for functions in schema.KIND_FUNCTIONS.values():
        assert set(functions) <= set(schema.SYSTEM_FUNCTIONS)
