"""A portfolio (several proposals) as one table: text, markdown or csv."""

import csv
import io

SEV = ("critical", "high", "medium", "low", "info")
ST = ("present", "partial", "missing", "unknown", "waived")


def render(report, fmt):
    return {"csv": _csv, "markdown": _markdown}.get(fmt, _text)(report)


def _cells(row):
    return ([row["file"], row["title"], row["readiness"]] + [row["counts"][s] for s in SEV]
            + [row["totals"][s] for s in ST] + [len(row["failing"]), row["last_review"] or "unknown",
                                                "yes" if row["review_due"] else "no"])


HEAD = (["file", "title", "readiness"] + list(SEV) + list(ST) + ["failing", "last_review", "review_due"])


# The CSV is for spreadsheets (issue 12: a clerk opens it in Excel): headers that say what each
# count is, paths relative to the folder audited, every field quoted, UTF-8 with a byte-order mark
# (without it Excel reads UTF-8 as the local code page), and every cell through
# textsafe.csv_cell, so no cell is a formula and none starts a row of its own (issue 9).
CSV_HEAD = (["File", "Title", "Readiness (red, amber or green)"]
            + [f"Poisons found: {s}" for s in SEV]
            + ["Checklist items present", "Checklist items partly done", "Checklist items missing",
               "Checklist items unknown", "Checklist items waived",
               "Items missing at or above the fail-on severity",
               "Last review", "Review due (last review over 5 years ago, or unknown)", "Next review by",
               "Review note"])


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
        cells = ([os.path.relpath(os.path.abspath(row["file"]), base), row["title"], row["readiness"]]
                 + [row["counts"][s] for s in SEV] + [row["totals"][s] for s in ST]
                 + [len(row["failing"]), row["last_review"] or "unknown", "yes" if row["review_due"] else "no",
                    row["next_review_by"] or "", row["review_note"]])
        w.writerow([csv_cell(c) for c in cells])
    return "\ufeff" + buf.getvalue()


def _summary(r):
    s = r["summary"]
    fail = f"; fail on {r['fail_on']}" if r["fail_on"] else ""
    return (f"{s['proposals']} proposals, {s['failing']} with missing items at or above the fail-on "
            f"severity{fail}; {s['reviews_due']} reviews due (today {r['today']}; review at least every "
            f"{r['review_years']} years, {r['review_citation']['source']} {r['review_citation']['section']}).")


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
    out.append(f"{'proposal':<30} {'rdy':<5} {'crit':>4} {'high':>4} {'med':>4} {'miss':>4} {'unkn':>4} "
               f"{'fail':>4}  review")
    for row in r["proposals"]:
        title = row["title"] if len(row["title"]) <= 30 else row["title"][:29] + "…"
        review = ("DUE " if row["review_due"] else "ok  ") + (row["last_review"] or "unknown")
        out.append(f"{title:<30} {row['readiness']:<5} {row['counts']['critical']:>4} {row['counts']['high']:>4} "
                   f"{row['counts']['medium']:>4} {row['totals']['missing']:>4} {row['totals']['unknown']:>4} "
                   f"{len(row['failing']):>4}  {review}")
    due = [row for row in r["proposals"] if row["review_due"]]
    if due:
        out += ["", "Reviews due:"]
        out += [textwrap.fill(f"{row['file']}: {row['review_note']}", 80, initial_indent="- ",
                              subsequent_indent="  ") for row in due]
    return "\n".join(out) + "\n"
