"""One self-contained HTML page (inline CSS, no script) from the blocks of document.py.

Built for WCAG 2.2 AA (checked with axe-core in tests/test_accessibility.py): landmarks, real heading
levels, table captions and column headers, a readiness rating in words as well as colour, text
contrast of at least 4.5:1. The print rules (@page, A4 by default) are what pdf.py hands to
WeasyPrint, so the PDF is this page. Every user string goes through e().
"""

from html import escape

from . import document as d

PAPER = {"a4": "A4", "letter": "letter"}

CSS = """
html{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;color:#0b0c0c;background:#fff}
body{font-size:1rem;line-height:1.45;max-width:52rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 .6rem;border-bottom:4px solid #1d3557;padding-bottom:.3rem}
h2{font-size:1.4rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #b1b4b6}
h3{font-size:1.15rem;margin:1.2rem 0 .4rem}h4{font-size:1.05rem;margin:1rem 0 .2rem}
p{margin:.3rem 0 .5rem}ul,ol{margin:.2rem 0 .6rem;padding-left:1.6rem}li{margin:.15rem 0}
.subject{color:#505a5f;margin:0 0 1rem}
.lead{font-weight:700}
.ref,.ref code{font-size:.8rem;color:#505a5f;white-space:nowrap;font-family:inherit}
code{font-family:"Liberation Mono",Consolas,monospace}
small,.small{font-size:.85rem;color:#383f43}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:700;padding:.2rem 0}
th,td{border:1px solid #b1b4b6;padding:.25rem .4rem;text-align:left;vertical-align:top;
overflow-wrap:normal;word-break:normal;hyphens:manual}
th{background:#f3f2f1}
td.ref{white-space:nowrap;font-size:.75rem}td.ref code{font-family:inherit}
table.fixed{table-layout:fixed}
blockquote{margin:.3rem 0 .6rem 1rem;padding-left:.7rem;border-left:4px solid #b1b4b6}
blockquote p{margin:0}blockquote footer{font-size:.85rem;color:#383f43}
.rating{border:3px solid #0b0c0c;padding:.5rem .8rem;margin:.6rem 0 1rem}
.tag{display:inline-block;padding:.05rem .5rem;font-weight:700;border:2px solid currentColor}
.rating-red .tag{color:#2a0b06;background:#f4cdc6}.rating-red{border-color:#d4351c}
.rating-amber .tag{color:#6e3619;background:#fcd6c3}.rating-amber{border-color:#f47738}
.rating-green .tag{color:#005a30;background:#cce2d8}.rating-green{border-color:#00703c}
.rating-grey .tag{color:#383f43;background:#e9eaeb}.rating-grey{border-color:#505a5f}
.callout{border-left:6px solid #0b0c0c;padding:.3rem .8rem}
hr.page-break{border:0;margin:1.5rem 0;border-top:1px dashed #b1b4b6}
footer.about{margin-top:2rem;font-size:.8rem;color:#505a5f}
a{color:#1d70b8}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10pt;line-height:1.3}
 h1{font-size:18pt}h2{font-size:14pt;margin:10pt 0 3pt}h3{font-size:12pt;margin:8pt 0 2pt}
 h4{font-size:11pt;margin:6pt 0 1pt}p{margin:2pt 0 4pt}ul,ol{margin:1pt 0 4pt}li{margin:1pt 0}
 .ref{font-size:7.5pt}
 h2,h3,h4{break-after:avoid}tr,blockquote,.rating{break-inside:avoid}
 thead{display:table-header-group}
 hr.page-break{break-after:page;border:0;margin:0}
}
"""


def page_css(paper="a4"):
    size = PAPER.get(paper, "A4")
    return ("@page{size:%s;margin:15mm 15mm 16mm 15mm;"
            "@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);font-size:8pt;color:#505a5f}}"
            % size)


def e(value):
    return escape("" if value is None else str(value), quote=True)


def _para_inner(p):
    out = []
    if p.lead:
        out.append(f'<span class="lead">{e(p.lead)}</span>')
    if p.text:
        out.append(e(p.text))
    if p.ref:
        out.append(f'<span class="ref">(reference <code>{e(p.ref)}</code>)</span>')
    return " ".join(out)


def _block(b):
    if isinstance(b, d.Heading):
        h = b.level + 1
        out = [f"<h{h}>{e(b.text)}</h{h}>"]
        if b.ref:
            out.append(f'<p class="ref">Reference: <code>{e(b.ref)}</code></p>')
        return out
    if isinstance(b, d.Para):
        cls = ' class="small"' if b.small else ""
        return [f"<p{cls}>{_para_inner(b)}</p>"]
    if isinstance(b, d.Bullets):
        tag = "ol" if b.ordered else "ul"
        return [f"<{tag}>" + "".join(f"<li>{_para_inner(p)}</li>" for p in b.items) + f"</{tag}>"]
    if isinstance(b, d.Table):
        out = ['<table class="fixed">' if b.widths else "<table>", f"<caption>{e(b.caption)}</caption>"]
        if b.widths:
            total = sum(b.widths)
            out.append("<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in b.widths)
                       + "</colgroup>")
        out.append("<thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in b.head) + "</tr></thead>")
        out.append("<tbody>")
        for row in b.rows:
            cells = []
            for i, c in enumerate(row):
                cells.append(f'<td class="ref"><code>{e(c)}</code></td>' if i == b.ref_column and c
                             else f"<td>{e(c)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        return out + ["</tbody>", "</table>"]
    if isinstance(b, d.Quote):
        return [f"<blockquote><p>“{e(b.text)}”</p><footer>— {e(b.source)}</footer></blockquote>"]
    if isinstance(b, d.Rating):
        return [f'<div class="rating rating-{e(b.rating)}"><p><strong>Readiness: '
                f'<span class="tag">{e(b.words)}</span></strong></p><p>{e(b.reason)}</p></div>']
    if isinstance(b, d.Callout):
        return [f'<div class="callout"><p>{_para_inner(d.Para(b.text, b.lead))}</p></div>']
    if isinstance(b, d.PageBreak):
        return ['<hr class="page-break">']
    raise TypeError(type(b).__name__)


def render_body(doc):
    """The report's blocks as an HTML fragment (no page around it): what the browser service puts
    inside its own layout, under its own h1, so the words and order stay the presentation layer's."""
    body = []
    for b in doc.blocks:
        body += _block(b)
    return "\n".join(body)


def render_document(doc, options=None):
    paper = (options or {}).get("paper") or "a4"
    return ("<!DOCTYPE html>\n"
            f'<html lang="{e(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(doc.title)}</title>\n"
            f'<meta name="description" content="{e(doc.subject)}">\n'
            f"<style>{CSS}{page_css(paper)}</style>\n</head>\n<body>\n"
            f'<header><h1>{e(doc.title)}</h1><p class="subject">{e(doc.subject)}</p></header>\n'
            "<main>\n" + render_body(doc) + "\n</main>\n"
            f'<footer class="about"><p>{e(doc.footer)}</p></footer>\n</body>\n</html>\n')
