"""`advisor users` and `advisor serve`, through the real command line."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest


def run(advisor_bin, *args, input=None, env=None):
    return subprocess.run([advisor_bin, *args], input=input, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def test_users_add_reads_the_password_from_stdin(advisor_bin, tmp_path):
    data = str(tmp_path / "data")
    r = run(advisor_bin, "users", "add", "alice", "--role", "officer", "--team", "North Herts", "--data", data,
            input="a long enough password\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Added officer alice to North Herts"
    r = run(advisor_bin, "users", "list", "--data", data)
    assert r.stdout == "alice\tofficer\tNorth Herts\n"
    from advisor.web.storage import Storage
    from werkzeug.security import check_password_hash

    user = Storage(tmp_path / "data" / "advisor.sqlite3").user_by_name("alice")
    assert user["password_hash"].startswith("scrypt:")
    assert check_password_hash(user["password_hash"], "a long enough password")


def test_users_add_refuses_a_short_password_and_a_taken_name(advisor_bin, tmp_path):
    data = str(tmp_path / "data")
    r = run(advisor_bin, "users", "add", "bob", "--role", "admin", "--data", data, input="short\n")
    assert r.returncode == 2 and r.stderr.strip() == \
        "Error: Password must be at least 12 characters long (read from standard input)"
    run(advisor_bin, "users", "add", "bob", "--role", "admin", "--data", data, input="x" * 12 + "\n")
    r = run(advisor_bin, "users", "add", "BOB", "--role", "admin", "--data", data, input="x" * 12 + "\n")
    assert r.returncode == 2 and "already a user called BOB" in r.stderr and "Traceback" not in r.stderr


def test_users_disable_and_enable(advisor_bin, tmp_path):
    data = str(tmp_path / "data")
    run(advisor_bin, "users", "add", "carol", "--role", "auditor", "--data", data, input="x" * 12 + "\n")
    r = run(advisor_bin, "users", "disable", "carol", "--data", data)
    assert r.returncode == 0 and r.stdout == "carol can no longer sign in\n", r.stderr
    assert run(advisor_bin, "users", "list", "--data", data).stdout == "carol\tauditor (disabled)\t\n"
    r = run(advisor_bin, "users", "enable", "carol", "--data", data)
    assert r.returncode == 0 and r.stdout == "carol can sign in\n", r.stderr
    assert run(advisor_bin, "users", "list", "--data", data).stdout == "carol\tauditor\t\n"
    for command in ("disable", "enable", "password"):
        r = run(advisor_bin, "users", command, "dave", "--data", data, input="x" * 12 + "\n")
        assert r.returncode == 2 and r.stderr == "Error: no user called dave\n", (command, r.stderr)

def test_serve_refuses_to_listen_beyond_loopback_without_accounts(advisor_bin, tmp_path):
    r = run(advisor_bin, "serve", "--host", "0.0.0.0", "--port", "0", "--data", str(tmp_path / "d"))
    assert r.returncode == 2
    assert r.stderr.startswith("Error: refusing to listen on 0.0.0.0: nobody could sign in.")


def test_loopback_names():
    from advisor.web.config import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def _serve(advisor_bin, tmp_path, *args, env=None):
    proc = subprocess.Popen([advisor_bin, "serve", "--port", "0", "--data", str(tmp_path / "d"), *args],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    deadline = time.time() + 60
    line = ""
    while time.time() < deadline:
        line = proc.stderr.readline()
        if "serving on" in line or proc.poll() is not None:
            break
    return proc, line


def test_serve_on_loopback_answers_and_stops_on_sigint(advisor_bin, tmp_path):
    proc, line = _serve(advisor_bin, tmp_path)
    try:
        assert "advisor is serving on http://127.0.0.1:" in line, line
        url = line.split("serving on ", 1)[1].split(" ", 1)[0]
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert b"Plan or check a shared service" in response.read()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_serve_beyond_loopback_with_the_trusted_proxy_header(advisor_bin, tmp_path):
    proc, line = _serve(advisor_bin, tmp_path, "--host", "0.0.0.0", env={"ADVISOR_TRUSTED_HEADER": "X-Remote-User"})
    try:
        assert "serving on http://0.0.0.0:" in line, line
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
