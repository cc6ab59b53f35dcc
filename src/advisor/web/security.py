"""Every security header, set in one place, on every response including error pages.

The Content-Security-Policy allows scripts only from this site and only with this response's nonce;
no page has inline script or inline style, so neither is allowed. Pages for a signed-in person are
never cached (a shared council PC must not show the last person's proposal from its cache).
"""

import secrets

from flask import g, request

PERMISSIONS = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
               "payment=(), usb=(), interest-cohort=()")


def csp_nonce():
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce):
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def useful_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.scheme == "https":
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint == "static":
        headers["Cache-Control"] = "public, max-age=3600"
    else:
        # Every other page may carry someone's work or an error about it.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def _new_nonce():
    csp_nonce()  # a before_request function must return None, or Flask sends what it returns


def init_app(app):
    app.before_request(_new_nonce)
    app.after_request(useful_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
