"""One self-contained HTML file with inline, print-friendly CSS. Every user string goes through e()."""

from html import escape

from . import readiness as readiness_mod

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1b1b1b;max-width:60rem;
margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:3px solid #1d3557;padding-bottom:.3rem}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #bbb}h3{font-size:1.05rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef1f5}code{font-size:.9em}
blockquote{margin:.4rem 0 .4rem 1rem;padding-left:.7rem;border-left:3px solid #999;color:#333}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:.25rem;font-weight:700;color:#fff}
.red{background:#b00020}.amber{background:#b86e00}.green{background:#2e7d32}.grey{background:#505a5f}
.sev-critical,.sev-high{color:#b00020;font-weight:700}.sev-medium{color:#8a5a00}
.st-missing{color:#b00020;font-weight:700}.st-present,.st-waived,.st-done{color:#2e7d32}
.st-partial,.st-in_progress{color:#8a5a00}.muted{color:#666;font-size:.9em}
.finding{border:1px solid #ddd;border-radius:.3rem;padding:.3rem .9rem;margin:.8rem 0;break-inside:avoid}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit}h2{break-after:avoid}
.finding,tr{break-inside:avoid}th{background:#eee!important;-webkit-print-color-adjust:exact}}
"""


def e(value):
    return escape("" if value is None else str(value), quote=True)


def render(report):
    kind = report["kind"]
    title, body = (_advice if kind == "advice" else _audit)(report)
    kb = report.get("knowledge_base", {})
    foot = (f'<p class="muted">advisor {e(report["schema"])}; knowledge base {e(kb.get("digest", ""))} '
            f'({e(kb.get("rules", ""))} rules, {e(kb.get("items", ""))} checklist items); '
            f'proposal file {e(report["proposal"]["file"])}.</p>')
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n" + foot + "\n</body>\n</html>\n")


def _table(head, rows):
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    return out + ["</tbody>", "</table>"]


def _st(status):
    return f'<span class="st-{e(status)}">{e(status)}</span>'


def _sev(sev):
    return f'<span class="sev-{e(sev)}">{e(sev)}</span>'


def _quote(c):
    return (f"<blockquote>{e(c.get('quote'))}<br><span class=\"muted\">— {e(c.get('council') or '')} "
            f"{e(c.get('source'))} {e(c.get('section'))}</span></blockquote>")


def _advice(r):
    s = r["summary"]
    title = f"Advice: {r['proposal']['title']}"
    out = [f"<h1>{e(title)}</h1>", "<h2>Summary</h2>"]
    rd = s.get("readiness")
    if rd:
        out.append(f'<p>Readiness: <span class="badge {e(rd["rating"])}">{e(rd["rating"].upper())}</span> '
                   f"{e(readiness_mod.sentence(rd))}</p>")
        out.append(f'<p class="muted">Rule: {e(rd["rule"])}.</p>')
    if s.get("coverage"):  # H10: a plain line until the presentation layer renders coverage
        out.append(f"<p>{e(s['coverage']['text'])}</p>")
    out.append(f"<p><strong>{e(s['findings'])} poisons found</strong>, {e(s['mitigated'])} mitigated.</p>")
    out += _table(["severity", "count"], [[e(k), e(v)] for k, v in s["counts"].items()])
    out += _delivery_model(r.get("delivery_model"))
    out.append("<h2>Poisons and antidotes</h2>")
    for i, f in enumerate(r["findings"], 1):
        mit = " (mitigated)" if f["mitigated"] else ""
        out.append(f'<section class="finding"><h3>{i}. {e(f["title"])}: {_sev(f["severity"])}{e(mit)}</h3>')
        out.append(f"<p><code>{e(f['rule'])}</code>. {e(f['poison'])}</p>")
        if f["why"]:
            out.append("<p><strong>Why it fired</strong></p><ul>"
                       + "".join(f"<li>{e(w['text'])}</li>" for w in f["why"]) + "</ul>")
        out += [f"<p><strong>Mitigated:</strong> {e(m['text'])}</p>" for m in f["mitigations"]]
        if f["antidotes"]:
            out.append("<p><strong>Antidotes</strong></p><ul>")
            for a in f["antidotes"]:
                items = ", ".join(f"<code>{e(it['id'])}</code> ({_st(it['status'])})" for it in a["items"])
                out.append(f"<li>{e(a['action'])}" + (f"<br><span class=\"muted\">Checklist: {items}</span>"
                                                       if items else "") + "</li>")
            out.append("</ul>")
        out += [_quote(c) for c in f["citations"]]
        out.append("</section>")
    out.append("<h2>Next actions</h2>")
    out += _table(["severity", "item", "question"],
                  [[_sev(n["severity"]), f"<code>{e(n['id'])}</code>", e(n["question"])] for n in r["next_actions"]])
    out += _stage_plan(r.get("stage_plan"))
    answers = r.get("answers") or []
    if answers:
        out.append("<h2>Appendix: answers given</h2>")
        out += _table(["item", "question", "status", "evidence", "date"],
                      [[f"<code>{e(a['id'])}</code>", e(a["question"]), _st(a["status"]),
                        e(a["evidence"]) + (f"<br><em>{e(a['notice'])}</em>" if a.get("notice") else ""),
                        e(a["date"])] for a in answers])
    return title, out


def _delivery_model(dm):
    if not dm:
        return []
    out = [f"<h2>Delivery model: {e(dm.get('title') or dm.get('model'))}</h2>",
           f"<p><strong>Verdict: {e((dm.get('verdict') or 'undetermined').replace('_', ' '))}.</strong> "
           f"{e(dm.get('verdict_text'))}</p>"]
    reasons = dm.get("reasons") or []
    if reasons:
        out.append("<ul>")
        for reason in reasons:
            c = reason.get("citation") or {}
            fact = f" <em>Because: {e(reason['fact'])}.</em>" if reason.get("fact") else ""
            out.append(f"<li>{e(reason.get('text'))}{fact}" + (_quote(c) if c.get("quote") else "") + "</li>")
        out.append("</ul>")
    vehicle = {k: v for k, v in (dm.get("vehicle") or {}).items() if v is not None}
    if vehicle:
        out += _table(["vehicle", ""], [[e(k.replace("_", " ")), e("yes" if v is True else "no" if v is False else v)]
                                        for k, v in vehicle.items()])
    if dm.get("advantages"):
        out.append("<h3>Advantages</h3><ul>" + "".join(f"<li>{e(a['text'])}</li>" for a in dm["advantages"])
                   + "</ul>")
    if dm.get("disadvantages"):
        out.append("<h3>Disadvantages and antidotes</h3>")
        out += _table(["disadvantage", "antidote"], [[e(d["text"]), e(d.get("antidote"))] for d in dm["disadvantages"]])
    saving = dm.get("average_saving")
    if saving:
        out.append(f"<p><strong>Average saving:</strong> {e(saving.get('figure'))}. {e(saving.get('basis'))}</p>")
    return out


def _stage_plan(plan):
    if not plan or not plan.get("stages"):
        return []
    out = [f"<h2>Stage plan ({e(plan['source'])})</h2>"]
    for stage in plan["stages"]:
        out.append(f"<h3>{e(stage['title'])}: {e(stage['done'])} of {e(stage['total'])} elements done</h3>")
        out += _table(["element", "status", "checklist items"],
                      [[f"{e(el['title'])} <span class=\"muted\">({e(el['citation']['section'])}: "
                        f"“{e(el['citation']['quote'])}”)</span>", _st(el["status"]),
                        "<br>".join(f"<code>{e(i['id'])}</code> {_st(i['status'])}" for i in el["items"])]
                       for el in stage["elements"]])
    return out


def _audit(r):
    t = r["totals"]
    title = f"Audit: {r['proposal']['title']}"
    out = [f"<h1>{e(title)}</h1>",
           f"<p>{e(t['applicable'])} applicable items: {e(t['present'])} present, {e(t['partial'])} partial, "
           f"{e(t['missing'])} missing, {e(t['unknown'])} unknown, {e(t['waived'])} waived.</p>"]
    if r.get("readiness"):  # H10: plain lines until the presentation layer renders them
        out.append(f"<p>Readiness: {e(r['readiness']['rating'].upper())}. {e(readiness_mod.sentence(r['readiness']))}</p>")
    out += [f"<p>{e(line)}</p>" for line in ((r.get("coverage") or {}).get("text"), r.get("unknown_policy_text")) if line]
    if r["failing"]:
        out.append(f"<p><strong>{len(r['failing'])} failing (missing or not known) at or above {e(r['fail_on'])}:</strong> "
                   + ", ".join(f"<code>{e(i)}</code>" for i in r["failing"]) + "</p>")
    items = {x["id"]: x for x in r["items"]}
    for section in r["sections"]:
        ids = section.get("items", [x["id"] for x in r["items"] if x["section"] == section["id"]])
        out.append(f"<h2>{e(section['title'])}</h2>")
        out += _table(["item", "severity", "status", "evidence", "blocked by"],
                      [[f"<code>{e(i)}</code><br><span class=\"muted\">{e(items[i]['question'])}</span>",
                        _sev(items[i]["severity"]), _st(items[i]["status"]),
                        e(items[i]["evidence"]) + (f"<br><em>{e(items[i]['notice'])}</em>" if items[i].get("notice")
                                                   else ""),
                        e(", ".join(items[i]["blocked_by"]))] for i in ids])
    return title, out
