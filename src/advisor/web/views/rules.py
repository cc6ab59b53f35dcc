"""Rule and checklist item pages: what `advisor explain ID` shows, from the same core function."""

from flask import abort, render_template

from ...explain import item_details, rule_details
from .. import pipeline
from ..auth import user_is_signed_in
from . import main


@main.route("/rules/<rule_id>")
@user_is_signed_in
def show_rule(rule_id):
    return _details_page(pipeline.kb().rules, rule_id, rule_details, "views/rules/rule.html", "rule")


@main.route("/checklist/<item_id>")
@user_is_signed_in
def show_item(item_id):
    return _details_page(pipeline.kb().items, item_id, item_details, "views/rules/item.html", "item")


def _details_page(known, key, details, template, name):
    """One rule's or item's page, from the function `advisor explain` uses; 404 for an unknown id."""
    if key not in known:
        abort(404)
    return render_template(template, **{name: details(pipeline.kb(), known[key])})


@main.route("/checklist")
@user_is_signed_in
def checklist():
    kb = pipeline.kb()
    sections = [{"id": s.id, "title": s.title,
                 "items": [i for i in kb.items.values() if i.section == s.id]} for s in kb.sections.values()]
    return render_template("views/rules/checklist.html", sections=sections)
