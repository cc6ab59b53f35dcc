"""Make examples/templates/council.docx: a plain council template for `advisor advise --template`.

    .venv/bin/python examples/templates/make_council_template.py

The output is byte-for-byte reproducible (fixed dates, fixed zip timestamps), so the committed
council.docx can be checked against this script. A council makes its own the same way, or in Word
(docs/reports.md): the styles, header, footer and logo are what advisor keeps.
"""

import datetime
import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

HERE = Path(__file__).resolve().parent
COUNCIL = "Example District Council"
TEAL = RGBColor(0x00, 0x5A, 0x5F)
FIXED = datetime.datetime(2026, 1, 1, 0, 0, 0)


def logo_png(width=120, height=40):
    """A plain teal block with a white band: a stand-in logo, drawn without any imaging library."""
    rows = []
    for y in range(height):
        band = height // 3 <= y < 2 * height // 3
        pixel = b"\xff\xff\xff" if band else b"\x00\x5a\x5f"
        rows.append(b"\x00" + pixel * width)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def page_field(paragraph):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def build():
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    for level, size in ((1, 16), (2, 13), (3, 12)):
        h = doc.styles[f"Heading {level}"]
        h.font.name, h.font.size, h.font.color.rgb = "Arial", Pt(size), TEAL
    doc.styles["Title"].font.color.rgb = TEAL
    note = doc.styles.add_style("Council Note", WD_STYLE_TYPE.PARAGRAPH)  # a council's own style
    note.base_style = normal
    note.font.size, note.font.italic = Pt(9), True

    header = section.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(logo_png()), width=Cm(3))
    for pr in section.header._element.iter(qn("wp:docPr")):
        pr.set("descr", f"{COUNCIL} logo")
        pr.set("name", "Council logo")
    header.add_run(f"   {COUNCIL}").bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("OFFICIAL   |   Page ")
    page_field(footer)

    doc.add_paragraph("This body is replaced by advisor's report; the styles, header, footer and logo "
                      "are kept.", style="Council Note")
    props = doc.core_properties
    props.title, props.author, props.language = f"{COUNCIL} committee report", COUNCIL, "en-GB"
    props.created = props.modified = FIXED
    props.last_modified_by, props.revision = COUNCIL, 1
    raw = io.BytesIO()
    doc.save(raw)
    return _reproducible(raw.getvalue())


def _reproducible(data):
    """The same zip every time: fixed member timestamps, same order, same compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def main(argv):
    target = Path(argv[1]) if len(argv) > 1 else HERE / "council.docx"
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
