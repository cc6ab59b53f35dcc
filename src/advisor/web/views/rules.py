"""Rule and checklist item pages: what `advisor explain ID` shows, from the same core function."""

from flask import abort, render_template

from ...explain import item_details, rule_details
from .. import pipeline
from ..auth import user_is_signed_in
from . import main


@main.route("/rules/<rule_id>")
@user_is_signed_in
def show_rule(rule_id):
    kb = pipeline.kb()
    if rule_id not in kb.rules:
        abort(404)
    return render_template("views/rules/rule.html", rule=rule_details(kb, kb.rules[rule_id]))


@main.route("/checklist/<item_id>")
@user_is_signed_in
def show_item(item_id):
    kb = pipeline.kb()
    if item_id not in kb.items:
        abort(404)
    return render_template("views/rules/item.html", item=item_details(kb, kb.items[item_id]))


@main.route("/checklist")
@user_is_signed_in
def checklist():
    kb = pipeline.kb()
    sections = [{"id": s.id, "title": s.title,
                 "items": [i for i in kb.items.values() if i.section == s.id]} for s in kb.sections.values()]
    return render_template("views/rules/checklist.html", sections=sections)
