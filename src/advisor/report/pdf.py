"""A tagged PDF (PDF/UA-1) of the HTML report, made by WeasyPrint: no browser, no office suite.

WeasyPrint needs Pango (Debian: libpango-1.0-0 and libpangoft2-1.0-0); `make` and `.ci/run` install
it with apt-get when it is missing. Its default output is untagged: pdf_variant="pdf/ua-1" gives the
structure tree (headings, lists, tables with TH) that screen readers and `pdfinfo` ("Tagged: yes")
see. The page size and margins are the HTML report's @page rules (A4, or --paper letter).
"""

import io

from . import html

PDF_VARIANT = "pdf/ua-1"


def render_document(doc, options=None):
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        from ..errors import InputError

        raise InputError(f"--format pdf needs WeasyPrint and the Pango library ({exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else 'not installed'}); install them with "
                         "`make` or: apt-get install libpango-1.0-0 libpangoft2-1.0-0") from None
    page = html.render_document(doc, options)
    out = io.BytesIO()
    weasyprint.HTML(string=page, url_fetcher=_no_fetch).write_pdf(out, pdf_variant=PDF_VARIANT)
    return out.getvalue()


def _no_fetch(url, *args, **kwargs):
    """The report is self-contained: nothing in it may make WeasyPrint read a file or the network."""
    raise ValueError(f"advisor's PDF fetches nothing ({url[:60]})")
