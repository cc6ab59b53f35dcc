"""A diff report (diffing.py) as text or markdown."""

import textwrap

GROUPS = (
    ("Better", [("findings", "resolved", "Findings resolved"), ("findings", "less_severe", "Findings less severe"),
                ("findings", "newly_mitigated", "Findings newly mitigated"), ("items", "better", "Items improved")]),
    ("Worse", [("findings", "new", "New findings"), ("findings", "more_severe", "Findings more severe"),
               ("findings", "no_longer_mitigated", "Findings no longer mitigated"),
               ("items", "worse", "Items slipped")]),
    ("Other changes", [("items", "changed", "Items changed"), ("items", "newly_applicable", "Items now applicable"),
                       ("items", "no_longer_applicable", "Items no longer applicable")]),
)


def _line(kind, x, md):
    code = (lambda s: f"`{s}`") if md else (lambda s: s)
    if kind == "findings":
        sev = f"{x['old_severity']} -> {x['severity']}" if "old_severity" in x else x["severity"]
        mit = " (mitigated)" if x["mitigated"] else ""
        return f"{code(x['rule'])} [{sev}{mit}]: {x['title']}"
    status = f"{x['old_status']} -> {x['status']}" if "old_status" in x else x["status"]
    return f"{code(x['id'])} [{x['severity']}; {status}]: {x['question']}"


def render(r, fmt):
    md = fmt == "markdown"
    esc = (lambda t: str(t).replace("<", "&lt;").replace(">", "&gt;")) if md else str
    rd, s = r["readiness"], r["summary"]
    head = f"Changes: {r['old']['file']} -> {r['new']['file']}"
    out = [f"# {esc(head)}" if md else f"{head}\n{'=' * min(len(head), 80)}", ""]
    out.append(textwrap.fill(f"Readiness {rd['old']} -> {rd['new']} ({rd['change']}). {s['better']} better, "
                             f"{s['worse']} worse.", 10000 if md else 80))
    for title, parts in GROUPS:
        lines = []
        for kind, key, label in parts:
            rows = r[kind][key]
            if not rows:
                continue
            lines += ["", f"### {label} ({len(rows)})" if md else f"{label} ({len(rows)}):"]
            for x in rows:
                text = esc(_line(kind, x, md))
                lines.append(f"- {text}" if md else textwrap.fill(text, 80, initial_indent="  - ",
                                                                   subsequent_indent="    "))
        if lines:
            out += ["", f"## {title}" if md else f"{title}\n{'-' * len(title)}"] + lines
    if not s["better"] and not s["worse"] and not any(r["items"][k] for k in r["items"]):
        out += ["", "No changes."]
    return "\n".join(out) + "\n"
