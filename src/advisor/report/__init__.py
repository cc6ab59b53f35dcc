"""Reports. model.py turns results into one documented, JSON-able dict; document.py turns an advice,
audit or next report into blocks of plain English; each human format renders those blocks.

render() returns str, except docx and pdf, which return bytes. Presentation options (--detail,
--paper, --template, --only) travel with the report as `_options` (keys starting with "_" never
reach the JSON), so every target of one run is rendered from the same choice.
"""

import importlib

# The formats each kind of report can be written in; the first is the default.
FORMATS = {
    "advice": ("text", "markdown", "html", "docx", "pdf", "json"),
    "audit": ("text", "markdown", "html", "docx", "pdf", "json", "junit"),
    "next": ("text", "markdown", "json"),
    "portfolio": ("text", "markdown", "csv", "json", "junit"),
    "diff": ("text", "markdown", "json"),
}
BINARY = ("docx", "pdf")
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "docx": "docx", "pdf": "pdf", "json": "json",
              "junit": "xml", "csv": "csv"}

# Formats drawn from document.py's blocks, and the module that draws each.
DOCUMENT_FORMATS = {"text": "text", "markdown": "markdown", "html": "html", "docx": "docx_format", "pdf": "pdf"}
DOCUMENT_KINDS = ("advice", "audit", "next")

_MODULES = {
    ("json", None): "json_format",
    ("junit", None): "junit",
    ("text", "portfolio"): "portfolio_format",
    ("markdown", "portfolio"): "portfolio_format",
    ("csv", "portfolio"): "portfolio_format",
    ("text", "diff"): "diff_format",
    ("markdown", "diff"): "diff_format",
}


def detail_for(fmt, options):
    """--detail, or its default: the full report for json, the summary for people."""
    return (options or {}).get("detail") or ("full" if fmt == "json" else "summary")


def render_options(detail=None, paper=None, template=None, only=None):
    """The `_options` a report carries to its renderers; the template is checked before any work."""
    if template:
        from .docx_format import check_template

        check_template(template)
    return {"detail": detail, "paper": paper, "template": template, "only": only}


def render(report, fmt, options=None):
    from ..textsafe import clean

    # The one boundary for control characters and escape sequences from other people's text:
    # every renderer, whoever calls it (CLI, browser, interview), gets a model without them.
    report = clean(report)
    kind = report["kind"]
    if fmt not in FORMATS.get(kind, ()):
        raise ValueError(f"a {kind} report cannot be written as {fmt}")
    options = dict(report.get("_options") or {}, **(options or {}))
    if kind in DOCUMENT_KINDS and fmt in DOCUMENT_FORMATS:
        from .document import build

        doc = build(report, detail_for(fmt, options), options.get("only"))
        module = importlib.import_module(f"{__name__}.{DOCUMENT_FORMATS[fmt]}")
        return module.render_document(doc, options)
    name = _MODULES.get((fmt, kind)) or _MODULES[(fmt, None)]
    module = importlib.import_module(f"{__name__}.{name}")
    if name in ("portfolio_format", "diff_format"):
        return module.render(report, fmt)
    if name == "json_format":
        return module.render(report, detail_for(fmt, options))
    return module.render(report)
