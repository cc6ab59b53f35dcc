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


def _csv(r):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD + ["next review by", "review note", "find out first"])
    for row in r["proposals"]:
        w.writerow([_safe(c) for c in _cells(row)] + [row["next_review_by"] or "", _safe(row["review_note"]),
                                                      _safe("; ".join(row.get("find_out_first", [])))])
    return buf.getvalue()


def _safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


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
    def esc(t):
        return str(t).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    out = ["# Portfolio audit", "", esc(_summary(r)), "",
           "| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(esc(c) for c in _cells(row)) + " |" for row in r["proposals"]]
    due = [row for row in r["proposals"] if row["review_due"]]
    if due:
        out += ["", "## Reviews due", ""]
        out += [f"- **{esc(row['title'])}** (`{esc(row['file'])}`): {esc(row['review_note'])}" for row in due]
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
