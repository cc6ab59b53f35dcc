"""JUnit XML (the Jenkins/Ant dialect; tests/data/junit.xsd): one testcase per applicable item.

An item in the report's `failing` list is a <failure>: missing at or above --fail-on, or unknown at
or above it under the unknown policy `fail`. Every other unknown item is <skipped message="not
evidenced">, never a pass (silence is not compliance); a waived item is <skipped> with its notice;
every other status passes, with the status and evidence in <system-out>. A portfolio gives one
testsuite per proposal.
"""

import re
from xml.sax.saxutils import escape, quoteattr

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(value):
    return escape(_CONTROL.sub("", str(value)))


def _a(value):
    return quoteattr(_CONTROL.sub("", str(value)))


def render(report):
    suites = report["_audits"] if report["kind"] == "portfolio" else [report]
    tests = sum(len(s["items"]) for s in suites)
    failures = sum(len(s["failing"]) for s in suites)
    skipped = sum(_skipped(s) for s in suites)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="advisor audit" tests="{tests}" failures="{failures}" errors="0" '
           f'skipped="{skipped}">']
    for i, s in enumerate(suites):
        out += _suite(s, i)
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def _skipped(r):
    failing = set(r["failing"])
    return sum(1 for e in r["items"] if e["id"] not in failing and e["status"] in ("waived", "unknown"))


def _suite(r, index):
    failing = set(r["failing"])
    skipped = _skipped(r)
    out = [f'  <testsuite name={_a(r["proposal"]["title"])} id="{index}" tests="{len(r["items"])}" '
           f'failures="{len(failing)}" errors="0" skipped="{skipped}">',
           "    <properties>",
           f'      <property name="file" value={_a(r["proposal"]["file"])}/>',
           f'      <property name="fail_on" value={_a(r["fail_on"] or "never")}/>',
           f'      <property name="unknown_policy" value={_a(r.get("unknown_policy", "fail"))}/>',
           "    </properties>"]
    for e in r["items"]:
        out.append(f'    <testcase classname={_a("advisor.audit." + e["section"])} name={_a(e["id"])}>')
        if e["id"] in failing:
            kind = "missing" if e["status"] == "missing" else "not evidenced"
            message = f"{e['id']} is {kind} ({e['severity']})"
            out.append(f'      <failure message={_a(message)} type={_a(kind)}>{_x(e["question"])}</failure>')
        elif e["status"] == "waived":
            out.append(f'      <skipped message={_a(e.get("notice") or "waived")}/>')
        elif e["status"] == "unknown":
            out.append('      <skipped message="not evidenced"/>')
        detail = f"status: {e['status']}; severity: {e['severity']}"
        if e.get("basis", {}).get("text"):
            detail += f"; {e['basis']['text']}"
        if e["evidence"]:
            detail += f"; evidence: {e['evidence']}"
        if e["blocked_by"]:
            detail += f"; blocked by: {', '.join(e['blocked_by'])}"
        if e.get("notice"):
            detail += f"; note: {e['notice']}"
        out.append(f"      <system-out>{_x(detail)}</system-out>")
        out.append("    </testcase>")
    out.append("  </testsuite>")
    return out
