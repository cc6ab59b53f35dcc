"""The `advisor` command's entry point, also `python -m advisor`.

It imports nothing but the standard library before its `try`, so that Ctrl-C at any moment, even
while click and the rest load, ends with one line and exit status 130, never a traceback.
(cli.main catches Ctrl-C inside the commands; this catches it around them.)"""

import signal
import sys

INTERRUPTED = "Interrupted (Ctrl-C): stopped; no file was left half-written."
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


def interrupted():
    try:
        sys.stderr.write("\n" + INTERRUPTED + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or gone
        pass
    raise SystemExit(EXIT_INTERRUPTED)


def _replace_unencodable():
    """A terminal or pipe that is not UTF-8 (PYTHONIOENCODING=latin-1, a cp1252 console) cannot
    show "Ω"; print "?" for it rather than end in a UnicodeEncodeError traceback (issue 9)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.errors == "strict":
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):  # not a TextIOWrapper, or closed
            pass


def _ignore_late_interrupts():
    """The work is done: ignore Ctrl-C from here on. While Python shuts down it puts back the
    default handler, so a Ctrl-C in the last milliseconds killed the process by signal (status
    -2, no message) after a complete run; SIG_IGN is the one handler it leaves in place."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:  # it came just before: that is an interruption like any other
        interrupted()
    except ValueError:  # not the main thread (advisor run inside another program)
        pass


def main():
    _replace_unencodable()
    try:
        from .cli import main as cli

        cli(prog_name="advisor")
    except KeyboardInterrupt:
        interrupted()
    finally:
        _ignore_late_interrupts()


if __name__ == "__main__":
    main()
