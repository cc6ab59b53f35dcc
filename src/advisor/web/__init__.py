"""advisor's browser service: a thin front end over the same core the CLI uses.

Views translate HTTP to the core (proposal.load_text, advice.advise, report.model, report.render,
explain) and render what comes back; no rule, question or report logic lives here. Nothing under
web/ imports advisor.cli or click. Served by waitress (`advisor serve`, commands/serve.py).
"""

import threading
from pathlib import Path

import jinja2
from flask import Flask
from flask_wtf.csrf import CSRFProtect

from .config import DATABASE_NAME, Config, secret_key

csrf = CSRFProtect()


class AdvisorUndefined(jinja2.ChainableUndefined):
    """Printing or looping over a name that does not exist fails (a typo in a template fails a
    test), as Notify's NotifyJinjaUndefined does. Testing it (`if x`) is allowed, and so is a
    missing key of a dict that does exist: govuk-frontend-jinja's macros rely on both
    (`if describedBy`, `params.hint`), and report dicts gain keys as other parts of advisor grow."""

    def _strict(self):
        return self._undefined_obj is jinja2.utils.missing and self._undefined_name != "caller"

    def __str__(self):
        if self._strict():
            self._fail_with_undefined_error()
        return ""

    def __iter__(self):
        if self._strict():
            self._fail_with_undefined_error()
        return iter(())

    def __bool__(self):
        return False

    def __len__(self):
        if self._strict():
            self._fail_with_undefined_error()
        return 0


def create_app(config=None, **overrides):
    """`config`: a dict of settings or a Config class (tests pass TestConfig with DATA_DIR)."""
    app = Flask(__name__)
    setup_config(app, config, overrides)
    setup_jinja(app)
    setup_knowledge(app)
    setup_storage(app)
    setup_security(app)
    setup_blueprints(app)
    register_errorhandlers(app)
    return app


def setup_config(app, config, overrides):
    if config is None:
        settings = Config.from_env(**overrides)
    elif isinstance(config, dict):
        settings = {**config, **overrides}
    else:
        settings = {k: getattr(config, k) for k in dir(config) if k.isupper()}
        settings.update(overrides)
    app.config.update(settings)
    if not app.config.get("DATA_DIR"):
        raise ValueError("DATA_DIR is required: the folder that holds the database")
    data = Path(app.config["DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    app.config.setdefault("DATABASE", str(data / DATABASE_NAME))
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secret_key(data)
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config.get("BEHIND_PROXY"))
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # One trusted hop: the council's reverse proxy, which terminates TLS.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)


def setup_jinja(app):
    app.jinja_env.undefined = AdvisorUndefined
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_loader = jinja2.ChoiceLoader([
        jinja2.PackageLoader("advisor.web", "templates"),
        # Its own templates import "govuk_frontend_jinja/components/...".
        jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
    ])
    from . import filters

    filters.init_app(app)


def setup_knowledge(app):
    """Load the knowledge base once (it honours ADVISOR_KB, as the CLI does) and compile it now,
    so the first officer does not wait for it."""
    from .. import knowledge
    from ..program import compiled

    kb = knowledge.load(app.config.get("KB_DIR"))
    compiled(kb)
    app.extensions["advisor.kb"] = kb
    # durable-rules was checked thread-safe here (../shared/docs/web-and-documents.md); the lock
    # is cheap insurance for the engine's C core under waitress's threads.
    app.extensions["advisor.engine_lock"] = threading.Lock()


def setup_storage(app):
    from .storage import Storage

    store = Storage(app.config["DATABASE"])
    store.migrate()
    app.extensions["advisor.storage"] = store


def setup_security(app):
    from . import auth, security

    # Who is signed in is known before the CSRF check runs, so its error page can tell an expired
    # session (sign in again) from a forged post.
    app.before_request(auth.load_user)
    csrf.init_app(app)
    security.init_app(app)


def setup_blueprints(app):
    from .views import main, status

    app.register_blueprint(main)
    app.register_blueprint(status)


def register_errorhandlers(app):
    from .errors import register_errorhandlers as register

    register(app)
