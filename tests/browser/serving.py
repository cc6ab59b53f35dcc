"""`advisor serve` on a free loopback port with a fresh data folder and some accounts: for the
browser tests (conftest's `server` fixture) and for the screenshots script."""

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path


@contextlib.contextmanager
def serve(data, people, password, timeout=90):
    """Yields (url, None) once the server listens, or (None, what it said) when it did not start.
    people: {name: (role, team or None)}. The server is stopped (SIGINT, then kill) on exit."""
    advisor = str(Path(sys.executable).parent / "advisor")
    for name, (role, team) in people.items():
        args = [advisor, "users", "add", name, "--role", role, "--data", str(data)]
        if team:
            args += ["--team", team]
        subprocess.run(args, input=password + "\n", text=True, check=True, capture_output=True)
    proc = subprocess.Popen([advisor, "serve", "--port", "0", "--data", str(data)], stderr=subprocess.PIPE,
                            text=True)
    url = None
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = proc.stderr.readline()
            if "serving on " in line:
                url = line.split("serving on ", 1)[1].split(" ", 1)[0].rstrip("/")
                break
            if proc.poll() is not None:
                break
        if url is None:
            proc.kill()
            yield None, proc.stderr.read()
            return
        yield url, None
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
