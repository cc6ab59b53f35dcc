"""`advisor serve`: the browser service, for officers and auditors who have only a browser."""

import click

from ..cli_options import UserError, kb_option, user_errors

def data_option(fn):
    return click.option("--data", "data_dir", metavar="DIR", envvar="ADVISOR_DATA", default="advisor-data",
                        show_default=True, type=click.Path(file_okay=False),
                        help="Folder for the database and the session key; back it up. Also read from "
                             "$ADVISOR_DATA.")(fn)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs accounts (advisor users add) or "
                   "single sign-on through a trusted proxy (ADVISOR_TRUSTED_HEADER).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once.")
@data_option
@kb_option
@user_errors
def serve(host, port, threads, data_dir, kb_dir):
    """Serve advisor to browsers: start page, proposals, advice and audit pages, downloads.

    It listens on 127.0.0.1:8000 by default, so only this machine can reach it. To serve a
    council's officers, run it behind a reverse proxy that terminates TLS (see the README's
    section for IT) and set ADVISOR_BEHIND_PROXY=1.

    \b
    Examples:
      advisor users add alice --role officer < password.txt
      advisor serve
      advisor serve --data /var/lib/advisor --port 8080
      ADVISOR_BEHIND_PROXY=1 advisor serve --host 0.0.0.0 --data /var/lib/advisor
    """
    import os
    from pathlib import Path

    from ..web import create_app
    from ..web.config import DATABASE_NAME, Config, is_loopback
    from ..web.storage import Storage, StorageError

    Path(data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        store = Storage(Path(data_dir) / DATABASE_NAME)
        store.migrate()
        accounts = store.count_users()
        store.close()
    except StorageError as exc:
        raise UserError(str(exc)) from None
    trusted = bool(os.environ.get("ADVISOR_TRUSTED_HEADER"))
    if not is_loopback(host) and not accounts and not trusted:
        raise UserError(f"refusing to listen on {host}: nobody could sign in. Add an account first "
                        "(advisor users add NAME --role admin), or set ADVISOR_TRUSTED_HEADER for single "
                        "sign-on through a trusted reverse proxy; or listen on 127.0.0.1")
    if not accounts and not trusted:
        click.echo("No accounts yet: add one with `advisor users add NAME --role admin` "
                   f"(--data {data_dir}) to sign in.", err=True)
    app = create_app(Config.from_env(data_dir, KB_DIR=kb_dir))

    from waitress import create_server

    server = create_server(app, host=host, port=port, threads=threads, ident="advisor",
                           clear_untrusted_proxy_headers=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"advisor is serving on http://{shown}:{server.effective_port}/ "
               f"(data: {Path(data_dir).resolve()}). Press Ctrl-C to stop.", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


command = serve
