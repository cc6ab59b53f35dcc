"""The report pages' speed measures (benchmarks/load.py times them): results kept by what they are
made from, never stale and never changed by the pages that read them; tags made in Python with
govukTag's own markup."""

import copy
import datetime
import re

import pytest
from flask import render_template_string

from advisor import report as report_pkg
from advisor.web import pipeline


@pytest.fixture
def mine(client_request, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    return proposal


def _results(app):
    with app.app_context():
        return pipeline.results()


def test_one_version_is_run_once_and_every_change_makes_a_new_result(app, mine, store):
    today = datetime.date(2027, 1, 15)
    with app.app_context():
        first = pipeline.run(mine, [], today)
        assert pipeline.run(dict(mine), [], today) is first, "same text, same result"
        assert pipeline.advice_report(first) is pipeline.advice_report(first)
        assert pipeline.audit_report(first) is pipeline.audit_report(first)
        assert pipeline.audit_report(first, "critical") is not pipeline.audit_report(first)
        changed = dict(mine, yaml=mine["yaml"].replace("Hertfordshire", "Herefordshire"))
        assert pipeline.run(changed, [], today) is not first
        waiver = {"item": "governance.terms_of_reference", "justification": "agreed later",
                  "approved_by": "Chief Executive", "expires": "2027-06-30"}
        waived = pipeline.run(mine, [waiver], today)
        assert waived is not first
        assert [w["state"] for w in waived.waivers] == ["applied"]
        expired = pipeline.run(mine, [waiver], datetime.date(2027, 7, 1))
        assert [w["state"] for w in expired.waivers] == ["expired"], "the date judged by is part of the key"
        assert pipeline.run(mine, [dict(waiver, justification="agreed later.")], today) is not waived
        retitled = pipeline.run(dict(mine, title="Another name"), [], today)
        assert retitled.source != first.source


def test_the_results_kept_are_bounded(app, mine):
    app.config["RESULTS_KEPT"] = 3
    app.extensions.pop("advisor.results", None)
    today = datetime.date(2027, 1, 15)
    with app.app_context():
        runs = [pipeline.run(dict(mine, title=f"Version {n}"), [], today) for n in range(5)]
        kept = pipeline.results()
        assert len(kept.entries) == 3 and len(kept.by_advice) == 3
        assert pipeline.run(dict(mine, title="Version 4"), [], today) is runs[4]
        assert pipeline.run(dict(mine, title="Version 0"), [], today) is not runs[0], "the oldest went first"
        # a report of an advice no longer kept is still right, just not kept
        assert pipeline.advice_report(runs[1])["proposal"] == pipeline.advice_report(runs[1])["proposal"]


def test_pages_and_downloads_leave_the_kept_reports_as_they_were(client_request, mine, app):
    pid = mine["public_id"]
    client_request.get("main.advice_page", proposal_id=pid)
    client_request.get("main.audit_page", proposal_id=pid)
    kept = _results(app)
    (entry,) = kept.entries.values()
    before = copy.deepcopy(entry.reports)
    assert {"advice", "audit:high"} <= set(before)
    client_request.get("main.audit_page", proposal_id=pid, _query={"only-failing": "yes"})
    before = copy.deepcopy(entry.reports)
    client_request.get("main.advice_page", proposal_id=pid)
    client_request.get("main.audit_page", proposal_id=pid, _query={"only-failing": "yes"})
    client_request.get("main.audit_page", proposal_id=pid)
    client_request.get("main.show_proposal", proposal_id=pid)
    for kind in ("advice", "audit"):
        for fmt in report_pkg.FORMATS[kind]:
            if fmt in ("pdf",):
                continue  # WeasyPrint is slow; it renders the same html the html format makes
            ext = report_pkg.EXTENSIONS.get(fmt, fmt)
            client_request.get("main.download", proposal_id=pid, name=f"{kind}.{ext}", _check=False)
    assert entry.reports == before
    assert kept.hits >= 4 and len(kept.entries) == 1


def test_a_new_version_is_shown_at_once(client_request, mine, store):
    pid = mine["public_id"]
    before = client_request.get("main.advice_page", proposal_id=pid).plain
    assert "Exit arrangements and termination costs not agreed" in before
    settled = "".join(f"  {item}: yes\n" for item in ("exit.notice", "exit.assets", "exit.redundancy_pensions",
                                                          "business_case.exit_strategy"))
    store.update_proposal(mine["id"], yaml=mine["yaml"].replace("\nanswers:\n", "\nanswers:\n" + settled, 1))
    after = client_request.get("main.advice_page", proposal_id=pid).plain
    assert "Exit arrangements and termination costs not agreed" not in after


@pytest.mark.parametrize("params", [
    {"text": "Not known", "classes": "govuk-tag--grey"},
    {"text": "<b>Missing</b> & more", "classes": "govuk-tag--red"},
    {"text": "High"},
])
def test_tags_are_govuk_tags_markup(app, params):
    with app.test_request_context("/"):
        macro = render_template_string(
            '{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}{{ govukTag(p) }}', p=params)
        ours = render_template_string('{% from "components/macros.html" import tag %}{{ tag(p) }}', p=params)
    def same(markup):  # whitespace between tags and text is not shown
        return re.sub(r"\s*([<>])\s*", r"\1", " ".join(markup.split()))

    assert same(ours) == same(macro)
    assert "<b>" not in ours

