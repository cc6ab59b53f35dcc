"""Reports. model.py turns results into one documented, JSON-able dict; each format renders that dict."""

FORMATS = ("text", "markdown", "json")


def render(report, fmt):
    if fmt == "json":
        from .json_format import render as r
    elif fmt == "markdown":
        from .markdown import render as r
    else:
        from .text import render as r
    return r(report)
