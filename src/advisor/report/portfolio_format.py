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


def _csv(r):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD + ["next_review_by", "review_note"])
    for row in r["proposals"]:
        w.writerow([_safe(c) for c in _cells(row)] + [row["next_review_by"] or "", _safe(row["review_note"])])
    return buf.getvalue()


def _safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _summary(r):
    s = r["summary"]
    fail = f"; fail on {r['fail_on']}" if r["fail_on"] else ""
    return (f"{s['proposals']} proposals, {s['failing']} with missing items at or above the fail-on "
            f"severity{fail}; {s['reviews_due']} reviews due (today {r['today']}; review at least every "
            f"{r['review_years']} years, {r['review_citation']['source']} {r['review_citation']['section']}).")


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
