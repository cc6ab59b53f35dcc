"""A portfolio (several proposals) as one table: text, markdown or csv."""

import csv
import io

SEV = ("critical", "high", "medium", "low", "info")


def render(report, fmt):
    return {"csv": _csv, "markdown": _markdown}.get(fmt, _text)(report)


def _cells(row):
    cover = row.get("coverage") or {}
    started = {True: "yes", False: "no"}.get(row.get("started"), "unknown")
    return ([row["file"], row["title"], row["readiness"],
             "yes" if row.get("enough_information", True) else "no",
             f"{round(100 * cover.get('ratio', 0))}%"]
            + [row["counts"][s] for s in SEV]
            + [row["totals"][s] for s in ("present", "partial", "missing", "unknown", "waived")]
            + [len(row["failing"]), row.get("contradictions", 0), started, row["last_review"] or "unknown",
               "yes" if row["review_due"] else "no"])


# Every header says what it counts: poisons are findings of the lessons, items are checklist items.
HEAD = (["file", "title", "readiness", "enough information to rate", "coverage of what decides readiness"]
        + [f"{s} poisons" for s in SEV]
        + ["items in place", "items partly in place", "items missing", "items not known", "items waived",
           "items failing the audit", "contradictions", "started", "last review", "review due"])


# The CSV is for spreadsheets (issue 12: a clerk opens it in Excel): the table's columns, whose
# headers say what each count is, plus the review details; paths relative to the folder audited;
# every field quoted; UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code
# page); and every cell through textsafe.csv_cell, so no cell is a formula and none starts a row of
# its own (issue 9).
CSV_HEAD = HEAD + ["next review by", "review note", "find out first"]


def _base(rows):
    """The folder the files are shown relative to: the deepest folder holding all of them."""
    import os

    folders = [os.path.dirname(os.path.abspath(row["file"])) for row in rows]
    return os.path.commonpath(folders) if folders else ""


def _csv(r):
    import os

    from ..textsafe import csv_cell

    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(CSV_HEAD)
    base = _base(r["proposals"])
    for row in r["proposals"]:
        cells = _cells(row) + [row["next_review_by"] or "", row["review_note"],
                               "; ".join(row.get("find_out_first", []))]
        cells[0] = os.path.relpath(os.path.abspath(row["file"]), base)
        w.writerow([csv_cell(c) for c in cells])
    return "\ufeff" + buf.getvalue()


def _summary(r):
    s = r["summary"]
    fail = f"; fail on {r['fail_on']}" if r["fail_on"] else ""
    policy = {"fail": "items not known fail like missing ones", "warn": "items not known are warnings",
              "pass": "items not known do not fail"}.get(r.get("unknown_policy", "fail"))
    grey = s.get("not_enough_information", 0)
    return (f"{s['proposals']} proposals, {s['failing']} failing the audit at or above the fail-on "
            f"severity{fail} ({policy}); {grey} with not enough information to rate; "
            f"{s['reviews_due']} reviews due (today {r['today']}; an arrangement that has started is "
            f"reviewed at least every {r['review_years']} years, {r['review_citation']['source']} "
            f"{r['review_citation']['section']}).")


def _markdown(r):
    from ..textsafe import md_code
    from ..textsafe import md_text as esc
    out = ["# Portfolio audit", "", esc(_summary(r)), "",
           "| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(esc(c) for c in _cells(row)) + " |" for row in r["proposals"]]
    due = [row for row in r["proposals"] if row["review_due"]]
    if due:
        out += ["", "## Reviews due", ""]
        out += [f"- **{esc(row['title'])}** ({md_code(row['file'])}): {esc(row['review_note'])}" for row in due]
    return "\n".join(out) + "\n"


def _text(r):
    import textwrap

    out = ["Portfolio audit", "===============", textwrap.fill(_summary(r), 80), ""]
    out.append(f"{'proposal':<28} {'rating':<6} {'cover':>5} {'crit':>4} {'high':>4} {'miss':>4} {'unkn':>4} "
               f"{'fail':>4}  review")
    for row in r["proposals"]:
        title = row["title"] if len(row["title"]) <= 28 else row["title"][:27] + "…"
        review = ("DUE " if row["review_due"] else "ok  ") + (row["last_review"] or "unknown")
        if row.get("started") is False:
            review = "not started"
        cover = f"{round(100 * (row.get('coverage') or {}).get('ratio', 0))}%"
        out.append(f"{title:<28} {row['readiness']:<6} {cover:>5} {row['counts']['critical']:>4} "
                   f"{row['counts']['high']:>4} {row['totals']['missing']:>4} {row['totals']['unknown']:>4} "
                   f"{len(row['failing']):>4}  {review}")
    out += ["", textwrap.fill("crit, high: poisons found at that severity. miss, unkn: checklist items "
                              "missing, and not known. fail: items failing the audit. cover: how much of "
                              "what can change the rating is known, weighted; below 50% the rating is "
                              "grey, not enough information to rate.", 80)]
    due = [row for row in r["proposals"] if row["review_due"]]
    if due:
        out += ["", "Reviews due:"]
        out += [textwrap.fill(f"{row['file']}: {row['review_note']}", 80, initial_indent="- ",
                              subsequent_indent="  ") for row in due]
    return "\n".join(out) + "\n"
