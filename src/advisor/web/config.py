"""Settings for the browser service. Secrets and places come from the environment or `advisor serve`.

Environment (all optional):
  ADVISOR_DATA            the data folder (SQLite database and secret key); `advisor serve --data`
  ADVISOR_SECRET_KEY      signs session cookies; by default a random key kept in the data folder
  ADVISOR_TRUSTED_HEADER  trust this request header (e.g. X-Remote-User) as the signed-in user's
                          name: single sign-on through a reverse proxy. Off by default. Only set it
                          when the proxy strips the header from what browsers send.
  ADVISOR_BEHIND_PROXY    1 when a reverse proxy terminates TLS in front of advisor: trust one hop
                          of X-Forwarded-For/-Proto/-Host and mark cookies Secure.
  ADVISOR_KB              a knowledge base folder instead of the bundled one (as for the CLI)
"""

import os
import secrets
from pathlib import Path

DATABASE_NAME = "advisor.sqlite3"
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
SECRET_NAME = "secret_key"


def is_loopback(host):
    """True for an address only this machine can reach: `advisor serve` listens anywhere else
    only when somebody could sign in."""
    import ipaddress

    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _flag(value):
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def secret_key(data_dir):
    """ADVISOR_SECRET_KEY, else a key made once and kept (mode 0600) in the data folder so that
    signed-in sessions survive a restart."""
    if os.environ.get("ADVISOR_SECRET_KEY"):
        return os.environ["ADVISOR_SECRET_KEY"]
    path = Path(data_dir) / SECRET_NAME
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key + "\n")
        return key


class Config:
    DATA_DIR = None  # set by from_env or the caller
    KB_DIR = None  # None: ADVISOR_KB or the bundled knowledge base
    TRUSTED_HEADER = None
    BEHIND_PROXY = False
    # Sign-in throttling: this many failures for one account (or one address, times IP_FACTOR)
    # within the window lock further attempts until the window has passed.
    LOGIN_MAX_FAILURES = 5
    LOGIN_IP_FACTOR = 4
    LOGIN_WINDOW_SECONDS = 15 * 60
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # an upload is a proposal, not a library
    SESSION_COOKIE_NAME = "advisor_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True behind TLS (BEHIND_PROXY)
    PERMANENT_SESSION_LIFETIME = 8 * 60 * 60  # a working day
    WTF_CSRF_TIME_LIMIT = 8 * 60 * 60
    WTF_CSRF_SSL_STRICT = True
    TEMPLATES_AUTO_RELOAD = False
    TESTING = False

    @classmethod
    def from_env(cls, data_dir=None, **overrides):
        cfg = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        data = Path(data_dir or os.environ.get("ADVISOR_DATA") or "advisor-data").resolve()
        cfg["DATA_DIR"] = str(data)
        cfg["KB_DIR"] = os.environ.get("ADVISOR_KB") or None
        cfg["TRUSTED_HEADER"] = os.environ.get("ADVISOR_TRUSTED_HEADER") or None
        cfg["BEHIND_PROXY"] = _flag(os.environ.get("ADVISOR_BEHIND_PROXY"))
        cfg.update(overrides)
        cfg["SESSION_COOKIE_SECURE"] = bool(cfg["BEHIND_PROXY"])
        return cfg


class TestConfig(Config):
    TESTING = True
    LOGIN_WINDOW_SECONDS = 60
