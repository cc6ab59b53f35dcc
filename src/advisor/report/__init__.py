"""Reports. model.py turns results into one documented, JSON-able dict; each format renders that dict.

render() returns str, except docx, which returns bytes.
"""

import importlib

# The formats each kind of report can be written in; the first is the default.
FORMATS = {
    "advice": ("text", "markdown", "html", "docx", "json"),
    "audit": ("text", "markdown", "html", "json", "junit"),
    "next": ("text", "markdown", "json"),
    "portfolio": ("text", "markdown", "csv", "json", "junit"),
    "diff": ("text", "markdown", "json"),
}
BINARY = ("docx",)
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "docx": "docx", "json": "json",
              "junit": "xml", "csv": "csv"}

_MODULES = {
    ("json", None): "json_format",
    ("html", None): "html",
    ("docx", None): "docx_format",
    ("junit", None): "junit",
    ("text", "portfolio"): "portfolio_format",
    ("markdown", "portfolio"): "portfolio_format",
    ("csv", "portfolio"): "portfolio_format",
    ("text", "diff"): "diff_format",
    ("markdown", "diff"): "diff_format",
    ("text", None): "text",
    ("markdown", None): "markdown",
}


def render(report, fmt):
    kind = report["kind"]
    if fmt not in FORMATS.get(kind, ()):
        raise ValueError(f"a {kind} report cannot be written as {fmt}")
    name = _MODULES.get((fmt, kind)) or _MODULES[(fmt, None)]
    module = importlib.import_module(f"{__name__}.{name}")
    if name in ("portfolio_format", "diff_format"):
        return module.render(report, fmt)
    if hasattr(module, "BY_KIND"):  # text and markdown: one renderer per kind of report
        return module.BY_KIND[kind](report)
    return module.render(report)
