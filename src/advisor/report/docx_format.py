"""Word (.docx) from the blocks of document.py, via python-docx (imported only here).

Accessible as UK public bodies must publish: A4 unless --paper letter, document language en-GB (in
the styles, the settings and the core properties), real heading levels, table header rows marked
(w:tblHeader, so they repeat on every page and become TH in a tagged PDF), and no picture without
alt text. --template council.docx builds the report on a council's own document: its styles,
header, footer and logo; only its body is replaced.
"""

import io
import os
import re

from ..errors import InputError
from . import document as d

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LANG = "en-GB"
# Page sizes in twentieths of a point (w:pgSz): A4 is 210 x 297 mm.
PAPER = {"a4": (11906, 16838), "letter": (12240, 15840)}
MARGIN = 1021  # 1.8 cm
TEMPLATE_LIMIT = 20 * 1024 * 1024
RATING_FILL = {"red": "F4CDC6", "amber": "FCD6C3", "green": "CCE2D8", "grey": "E9EAEB"}
REFERENCE_STYLE = "Reference"


def _t(value):
    """Text Word can hold: XML forbids most control characters."""
    return _CONTROL.sub("", "" if value is None else str(value))


def render_document(doc, options=None):
    options = options or {}
    word = _open(options.get("template"))
    _page(word, options.get("paper"), bool(options.get("template")))
    _language(word)
    _styles(word)
    word.core_properties.title = _t(doc.title)
    word.core_properties.subject = _t(doc.subject)
    word.core_properties.author = "advisor"
    word.core_properties.language = LANG
    if not options.get("template"):
        _plain_look(word)
        _page_numbers(word)
    word.add_paragraph(_t(doc.title), style="Title")
    for b in doc.blocks:
        _block(word, b)
    word.add_paragraph(_t(doc.footer), style=REFERENCE_STYLE)
    _check_alt_text(word)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------ the document

def check_template(path):
    """A template is someone else's file: a regular .docx file, read, never followed through a
    symlink, never written. Raises InputError with one line."""
    if os.path.islink(path):
        raise InputError("is a symbolic link; give the template file itself", path, key="--template")
    if not os.path.isfile(path):
        raise InputError("no such file" if not os.path.exists(path) else "is not a regular file",
                         path, key="--template")
    if os.path.getsize(path) > TEMPLATE_LIMIT:
        raise InputError(f"larger than {TEMPLATE_LIMIT // (1024 * 1024)} MB; is it a template?", path,
                         key="--template")
    if not path.lower().endswith(".docx"):
        raise InputError("expected a Word .docx file (save a .dotx template as a .docx document)", path,
                         key="--template")


def _open(template):
    import docx

    if not template:
        return docx.Document()
    check_template(template)
    try:
        with open(template, "rb") as fh:
            word = docx.Document(io.BytesIO(fh.read()))
    except Exception:  # python-docx raises many kinds on a damaged file; the user needs one line
        raise InputError("cannot be read as a Word .docx document", template, key="--template") from None
    body = word.element.body
    for child in list(body):  # keep the section properties (page, header and footer links)
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return word


def _page(word, paper, templated):
    from docx.shared import Twips

    if templated and not paper:
        return  # the council's template decides its own page
    width, height = PAPER[paper or "a4"]
    for section in word.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        if not templated:
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Twips(MARGIN))


def _set_lang(rpr):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), "ar-SA")


def _language(word):
    """en-GB as the default of every style, and in settings (what Word offers for new text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr)
    for style in styles.findall(qn("w:style")):  # a style that names another language would win
        rpr = style.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:lang")) is not None:
            _set_lang(rpr)
    settings = word.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), LANG)


def _styles(word):
    """Make sure every style the report uses exists: a council template may lack some. A missing
    heading style is made a real heading (outline level), so navigation and PDF tags still work."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    names = {s.name for s in word.styles}
    for level in (1, 2, 3, 4):
        name = f"Heading {level}"
        if name not in names:
            style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = word.styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 16, 2: 14, 3: 12, 4: 11}[level])
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            style.element.get_or_add_pPr().append(outline)
            style.paragraph_format.keep_with_next = True
    for name in ("Title", "List Bullet", "List Number", "Quote"):
        if name not in names:
            style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = word.styles["Normal"]
            if name == "Title":
                style.font.size, style.font.bold = Pt(22), True
            if name == "Quote":
                style.font.italic = True
    if "Table Grid" not in names:
        word.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    if REFERENCE_STYLE not in names:
        style = word.styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.font.size = Pt(8)
        style.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)


def _plain_look(word):
    """Without a council template: Arial (as the HTML and PDF), and paragraph spacing close to the
    PDF's, so the summary stays as short in Word as it is in the PDF."""
    from docx.shared import Pt

    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    fmt = normal.paragraph_format
    fmt.space_after, fmt.line_spacing = Pt(4), 1.05
    for name, size, before in (("Title", 20, 0), ("Heading 1", 15, 12), ("Heading 2", 13, 9),
                               ("Heading 3", 11.5, 7)):
        style = word.styles[name]
        style.font.name, style.font.size = "Arial", Pt(size)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(3)
        _drop_theme_font(style)
    for name in ("List Bullet", "List Number", "Quote"):
        word.styles[name].paragraph_format.space_after = Pt(2)


def _drop_theme_font(style):
    """Word's built-in headings name a theme font, which wins over the font name: remove it."""
    from docx.oxml.ns import qn

    rpr = style.element.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def _page_numbers(word):
    """'Page N' in the footer, as a field Word keeps up to date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = word.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run("Page ")
    _field(p, "PAGE")
    p.add_run(" of ")
    _field(p, "NUMPAGES")


def _field(paragraph, code):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _check_alt_text(word):
    """Every picture (a template's logo too) needs alt text: give an unnamed one the document's
    title rather than leave it silent, and say so in the picture's description."""
    from docx.oxml.ns import qn

    parts = [word.element] + [s.header._element for s in word.sections] + [s.footer._element for s in word.sections]
    for part in parts:
        for pr in part.iter(qn("wp:docPr")):
            if not (pr.get("descr") or "").strip():
                pr.set("descr", "Logo")


# ------------------------------------------------------------------------------ blocks

def _runs(paragraph, p):
    if p.lead:
        paragraph.add_run(_t(p.lead) + (" " if p.text else "")).bold = True
    if p.text:
        paragraph.add_run(_t(p.text))
    if p.ref:
        from docx.shared import Pt, RGBColor

        run = paragraph.add_run(_t(f"  (reference {p.ref})"))
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)


def _block(word, b):
    if isinstance(b, d.Heading):
        word.add_paragraph(_t(b.text), style=f"Heading {b.level}")
        if b.ref:
            ref = word.add_paragraph(_t(f"Reference: {b.ref}"), style=REFERENCE_STYLE)
            ref.paragraph_format.keep_with_next = True
    elif isinstance(b, d.Para):
        p = word.add_paragraph(style=REFERENCE_STYLE if b.small else None)
        _runs(p, b)
        if b.lead and not b.text:
            p.paragraph_format.keep_with_next = True
    elif isinstance(b, d.Bullets):
        for item in b.items:
            _runs(word.add_paragraph(style="List Number" if b.ordered else "List Bullet"), item)
    elif isinstance(b, d.Table):
        _table(word, b)
    elif isinstance(b, d.Quote):
        word.add_paragraph(_t(f"“{b.text}”"), style="Quote")
        word.add_paragraph(_t(f"— {b.source}"), style=REFERENCE_STYLE)
    elif isinstance(b, d.Rating):
        _rating(word, b)
    elif isinstance(b, d.Callout):
        _runs(word.add_paragraph(), d.Para(b.text, b.lead))
    elif isinstance(b, d.PageBreak):
        word.add_page_break()
    else:
        raise TypeError(type(b).__name__)


def _rating(word, b):
    """The rating in words, in a shaded box: the colour repeats what the words say."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = word.add_paragraph()
    p.add_run("Readiness: ").bold = True
    run = p.add_run(_t(b.words))
    run.bold = True
    run.font.size = Pt(13)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), RATING_FILL.get(b.rating, "FFFFFF"))
    run._r.get_or_add_rPr().append(shd)
    word.add_paragraph(_t(b.reason))


def _table(word, t):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    table = word.add_table(rows=1, cols=len(t.head))
    table.style = "Table Grid"
    table.autofit = False
    section = word.sections[-1]
    usable = (section.page_width or Twips(PAPER["a4"][0])) - (section.left_margin or 0) - (section.right_margin or 0)
    weights = t.widths or (1,) * len(t.head)
    widths = [int(usable * w / sum(weights)) for w in weights]
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")  # repeat on every page; a TH row for screen readers and PDF tags
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)
    for cell, text, width in zip(header.cells, t.head, widths):
        cell.text = ""
        cell.paragraphs[0].add_run(_t(text)).bold = True
        cell.width = width
    for row in t.rows:
        cells = table.add_row().cells
        for i, (cell, text, width) in enumerate(zip(cells, row, widths)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(_t(text))
            cell.width = width
            if i == t.ref_column:  # ids: small, and never broken across lines
                run.font.size = Pt(7.5)
                no_wrap = OxmlElement("w:noWrap")
                cell._tc.get_or_add_tcPr().append(no_wrap)
    caption = table._tbl.tblPr
    cap = OxmlElement("w:tblCaption")
    cap.set(qn("w:val"), _t(t.caption))
    caption.append(cap)
    word.add_paragraph()
    return table
