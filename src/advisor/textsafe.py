"""Text from other people, made safe for where it is shown. The one place these rules live.

Proposal files, waivers and portfolios come from other people, and what they say reaches terminals,
Markdown readers, spreadsheets and Word (issue 9):
- an ESC/CSI/OSC sequence in an evidence string made a RED report display as "Readiness: GREEN";
  a bare CR moved the cursor back over a line; C1 characters act as escapes on some terminals;
- in Markdown, `[x](javascript:…)`, remote images, raw HTML and a bare CR (which starts a new
  line, so a heading) came through from user text, and an id with a backtick left its code span;
- in a CSV, a cell starting = + - @ TAB or CR is a live formula in Excel, and a bare CR inside a
  title started a new row with one.

How it is applied (report.render does the first for every report, whoever renders it;
report/output.py the second; renderers the rest):
- `clean(report)`: every string in the report model loses control characters (C0 but newline and
  tab, DEL, C1, ESC sequences whole, bidirectional overrides); CRLF becomes a newline and a lone
  CR a space.
  Done once, before any renderer runs, so no format (text, Markdown, HTML, Word, JUnit, JSON) can
  receive one. Word and XML would otherwise fail outright on C0 characters.
- `terminal(text)`: the same on a whole text as it goes to a terminal or file (defence in depth,
  and for text that is not a report: error messages, the interview).
- `md_text(value)` for any text inside Markdown prose or a table cell, `md_code(value)` for an id
  shown as code; `csv_cell(value)` for every CSV cell. Renderers must call these: escaping depends
  on the syntax around the text, so it cannot be done after rendering.
"""

import re

# ESC followed by a CSI (ESC [ … final byte), an OSC/DCS/PM/APC string (ended by BEL or ESC \),
# or any single character: removed whole, so no half-sequence is left to be interpreted.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)", re.S)
# C1 CSI/OSC/DCS (U+009B, U+009D, U+0090) with what follows, as terminals read them.
_C1_SEQUENCES = re.compile(r"\x9b[0-?]*[ -/]*[@-~]?|[\x90\x9d\x98\x9e\x9f][^\x07\x9c]*[\x07\x9c]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text, newlines=True, tabs=True):
    """`text` without escape sequences or control characters. CRLF becomes a newline and a lone CR
    a space; newlines and tabs become spaces unless allowed."""
    text = str(text)
    if not text.isprintable():  # fast path: most text has nothing to remove
        text = _ESCAPES.sub("", text)
        text = _C1_SEQUENCES.sub("", text)
        text = text.replace("\r\n", "\n").replace("\r", " ")  # a lone CR only ever moves the cursor back
        text = _CONTROLS.sub("", text)
        if not newlines:
            text = text.replace("\n", " ")
        if not tabs:
            text = text.replace("\t", " ")
    return text


def terminal(text):
    """A whole text (a rendered report, an error message) safe to print: newlines and tabs kept."""
    return plain(text)


def clean(value):
    """A copy of a JSON-like report model with `plain` applied to every string, keys included."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean(v) for v in value)
    return value


# ---------------------------------------------------------------- Markdown

# What lets text in a line become something else: links and images need [ ] (so `[x](javascript:…)`
# and `![x](https://…)` cannot form), code spans need `, table cells split on |, \ escapes, and
# * _ would turn a name such as north_herts_dc into emphasis.
_MD_SPECIAL = re.compile(r"([\\`\[\]|*_])")


def md_text(value):
    """Text for Markdown prose or a table cell: one line that stays one piece of text.

    No link or image can form, no raw HTML or autolink (< > & become entities), no code span or
    table cell; newlines and CRs become spaces and a leading # or > is escaped, so user text never
    starts a heading or a quote of its own."""
    text = plain(value, newlines=False, tabs=False)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if text.lstrip().startswith(("#", "&gt;")):
        text = "\\" + text.lstrip()
    return text


def md_code(value):
    """An id or value as a Markdown code span that nothing inside can close early."""
    text = plain(value, newlines=False, tabs=False).replace("|", "\\|")  # | still splits GFM table cells
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# ---------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text: one line, no controls, and never a formula.

    Numbers we computed stay numbers. Any other cell that would start with = + - @ TAB or CR gets a
    leading apostrophe (what Excel itself shows as "text"), after CR, LF and TAB inside it have
    become spaces, so no cell can start a row of its own."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = plain("" if value is None else value, newlines=False, tabs=False)
    if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START[:4]):
        text = "'" + text
    return text
