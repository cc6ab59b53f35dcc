"""Word (.docx) with real Heading styles and real tables, via python-docx (imported only here).

Convert it to PDF with: libreoffice --headless --convert-to pdf report.docx
"""

import io
import re

from . import readiness as readiness_mod

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _t(value):
    """Text Word can hold: XML forbids most control characters."""
    return _CONTROL.sub("", "" if value is None else str(value))


def render(report):
    import docx

    doc = docx.Document()
    doc.core_properties.title = _t(f"Advice: {report['proposal']['title']}")
    doc.core_properties.author = "advisor"
    _advice(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, head, rows):
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = ""
        cell.paragraphs[0].add_run(_t(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = _t(text)
    return table


def _quote(doc, c):
    p = doc.add_paragraph(style="Quote")
    p.add_run(_t(f"“{c.get('quote', '')}” — {c.get('council') or ''} {c.get('source', '')} {c.get('section', '')}"))


def _advice(doc, r):
    s = r["summary"]
    doc.add_heading(_t(f"Advice: {r['proposal']['title']}"), level=0)
    doc.add_heading("Summary", level=1)
    rd = s.get("readiness")
    if rd:
        p = doc.add_paragraph()
        p.add_run(f"Readiness: {rd['rating'].upper()}. ").bold = True
        p.add_run(_t(readiness_mod.sentence(rd)))
        doc.add_paragraph(_t(f"Rule: {rd['rule']}."))
    if s.get("coverage"):  # H10: a plain line until the presentation layer renders coverage
        doc.add_paragraph(_t(s["coverage"]["text"]))
    doc.add_paragraph(f"{s['findings']} poisons found, {s['mitigated']} mitigated.")
    _table(doc, ["severity", "count"], [[k, str(v)] for k, v in s["counts"].items()])
    _delivery_model(doc, r.get("delivery_model"))
    doc.add_heading("Poisons and antidotes", level=1)
    for i, f in enumerate(r["findings"], 1):
        mit = " (mitigated)" if f["mitigated"] else ""
        doc.add_heading(_t(f"{i}. {f['title']}: {f['severity']}{mit}"), level=2)
        doc.add_paragraph(_t(f"{f['rule']}. {f['poison']}"))
        if f["why"]:
            doc.add_paragraph("Why it fired:")
            for w in f["why"]:
                doc.add_paragraph(_t(w["text"]), style="List Bullet")
        for m in f["mitigations"]:
            doc.add_paragraph(_t(f"Mitigated: {m['text']}"))
        if f["antidotes"]:
            _table(doc, ["antidote", "checklist items"],
                   [[a["action"], ", ".join(f"{it['id']} ({it['status']})" for it in a["items"])]
                    for a in f["antidotes"]])
        for c in f["citations"]:
            _quote(doc, c)
    doc.add_heading("Next actions", level=1)
    _table(doc, ["severity", "item", "question"], [[n["severity"], n["id"], n["question"]] for n in r["next_actions"]])
    plan = r.get("stage_plan")
    if plan and plan.get("stages"):
        doc.add_heading(_t(f"Stage plan ({plan['source']})"), level=1)
        for stage in plan["stages"]:
            doc.add_heading(_t(f"{stage['title']}: {stage['done']} of {stage['total']} elements done"), level=2)
            _table(doc, ["element", "status", "checklist items"],
                   [[f"{el['title']} ({el['citation']['section']})", el["status"],
                     "\n".join(f"{i['id']} ({i['status']})" for i in el["items"])] for el in stage["elements"]])
    answers = r.get("answers") or []
    if answers:
        doc.add_heading("Appendix: answers given", level=1)
        _table(doc, ["item", "question", "status", "evidence", "date"],
               [[a["id"], a["question"], a["status"], a["evidence"] + (f" ({a['notice']})" if a.get("notice") else ""),
                 a["date"]] for a in answers])


def _delivery_model(doc, dm):
    if not dm:
        return
    doc.add_heading(_t(f"Delivery model: {dm.get('title') or dm.get('model')}"), level=1)
    p = doc.add_paragraph()
    p.add_run(_t(f"Verdict: {(dm.get('verdict') or 'undetermined').replace('_', ' ')}. ")).bold = True
    p.add_run(_t(dm.get("verdict_text")))
    for reason in dm.get("reasons") or []:
        fact = f" Because: {reason['fact']}." if reason.get("fact") else ""
        doc.add_paragraph(_t(f"{reason.get('text')}{fact}"), style="List Bullet")
        if (reason.get("citation") or {}).get("quote"):
            _quote(doc, reason["citation"])
    vehicle = {k: v for k, v in (dm.get("vehicle") or {}).items() if v is not None}
    if vehicle:
        _table(doc, ["vehicle", ""], [[k.replace("_", " "), "yes" if v is True else "no" if v is False else str(v)]
                                      for k, v in vehicle.items()])
    if dm.get("advantages"):
        doc.add_heading("Advantages", level=2)
        for a in dm["advantages"]:
            doc.add_paragraph(_t(a["text"]), style="List Bullet")
    if dm.get("disadvantages"):
        doc.add_heading("Disadvantages and antidotes", level=2)
        _table(doc, ["disadvantage", "antidote"], [[d["text"], d.get("antidote") or ""] for d in dm["disadvantages"]])
    saving = dm.get("average_saving")
    if saving:
        doc.add_paragraph(_t(f"Average saving: {saving.get('figure', '')}. {saving.get('basis', '')}"))
