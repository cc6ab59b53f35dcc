"""Error pages, and the one path from a user's mistake (InputError) to a GOV.UK error summary.

No traceback reaches a browser: anything unexpected is logged and answered with the 500 page.
"""

import logging

from flask import flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..errors import InputError, InputErrors

log = logging.getLogger("advisor.web")


def user_errors(exc, href="#"):
    """[{text, href}] for the error summary: one entry per problem, each with the CLI's own
    file, line and key words, so the web and the terminal say the same thing."""
    problems = exc.errors if isinstance(exc, InputErrors) else [exc]
    return [{"text": str(p), "href": href} for p in problems]


def sentence(text):
    """'there is already…' -> 'There is already…', leaving the rest (names) as they were."""
    text = str(text)
    return text[:1].upper() + text[1:]


def form_errors(form):
    """[{text, href}] for every field of a Flask-WTF form that failed, in the form's order."""
    out = []
    for field in form:
        for message in field.errors:
            out.append({"text": message, "href": f"#{field.id}"})
    return out


def form_page(template, form, errors=None, **context):
    """A page with a form: its error summary (the form's own errors unless `errors` is given), and
    status 400 when there is anything in it, so a failed POST is never mistaken for a success."""
    errors = form_errors(form) if errors is None else errors
    return render_template(template, form=form, errors=errors, **context), 400 if errors else 200


def _page(template, status):
    try:
        return render_template(template), status
    except Exception:  # the error page itself failed: still no traceback
        log.exception("error page %s failed", template)
        return ("<!DOCTYPE html><html lang=en><title>Sorry, there is a problem with the service</title>"
                "<h1>Sorry, there is a problem with the service</h1></html>"), status


def register_errorhandlers(app):
    @app.errorhandler(CSRFError)
    def csrf(exc):
        if g.get("user") is None:
            # Most often a form left open past the session's end: sign in again, as Notify does.
            flash("You were signed out. Sign in again; nothing you saved was lost.")
            return redirect(url_for("main.sign_in"))
        log.warning("CSRF check failed for %s %s: %s", request.method, request.path, exc.description)
        return _page("error/400.html", 400)

    @app.errorhandler(HTTPException)
    def http(exc):
        code = exc.code or 500
        if code in (401, 403, 404, 410):
            return _page("error/404.html", 404)  # never say that something exists
        if code == 405:
            return _page("error/404.html", 404)
        if code == 413:
            return _page("error/413.html", 413)
        if code >= 500:
            return _page("error/500.html", code)
        return _page("error/400.html", code)

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _page("error/500.html", 500)
