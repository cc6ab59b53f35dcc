"""Saved work for the browser service: the only module with SQL in it.

SQLite in the data folder is the embedded default (no server to install). Everything else calls
the methods of `Storage`, never SQL, so a PostgreSQL backend for a shared national deployment is a
second class with the same methods. The schema is versioned with `PRAGMA user_version` and moved
forward by MIGRATIONS, in order, each in one transaction; never edit a migration that has shipped,
add the next one.

Schema (version 2):

    users             id, name (unique, case-insensitive), role officer|auditor|admin,
                      password_hash (werkzeug scrypt; NULL for single-sign-on-only accounts),
                      disabled, created_at
    teams             id, name (unique): a council or a partnership whose proposals form a portfolio
    team_members      team_id, user_id
    proposals         id, public_id (random, used in URLs so ids cannot be guessed), owner_id,
                      team_id (optional), title, yaml (the proposal exactly as given: parsed with
                      the CLI's loader so errors keep their line and key), created_at, updated_at,
                      interview_state (JSON: the interview's state beside the proposal, what the
                      CLI keeps in `FILE.interview`; '' when there is none; migration 2)
    proposal_access   proposal_id, user_id, access editor|reader: colleagues the owner added
    waivers           id, proposal_id, item, justification, approved_by, expires (YYYY-MM-DD),
                      created_by, created_at; one per item and proposal, as in a waivers file
    interview_answers id, proposal_id, field, value (JSON), given_by, given_at: every answer as it
                      was given, in order, never updated in place (who answered what, and when);
                      the proposal's yaml holds the current answers
    login_failures    key ('user:NAME' or 'ip:ADDRESS'), at (unix time): sign-in throttling

Times are UTC ISO 8601 text.

The interview's store (`InterviewStore`, the protocol in docs/interview.md) keeps a proposal's yaml
and interview_state together: each save is one transaction, so the next request sees it whole.
"""

import datetime
import json
import secrets
import sqlite3
import threading

ROLES = ("officer", "auditor", "admin")
ACCESS = ("editor", "reader")

MIGRATIONS = [
    # 1: the first schema
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'auditor', 'admin')),
        password_hash TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE teams (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE team_members (
        team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
    );
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        owner_id INTEGER NOT NULL REFERENCES users(id),
        team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        yaml TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX proposals_owner ON proposals(owner_id);
    CREATE INDEX proposals_team ON proposals(team_id);
    CREATE TABLE proposal_access (
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        access TEXT NOT NULL CHECK (access IN ('editor', 'reader')),
        PRIMARY KEY (proposal_id, user_id)
    );
    CREATE TABLE waivers (
        id INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        justification TEXT NOT NULL,
        approved_by TEXT NOT NULL DEFAULT '',
        expires TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (proposal_id, item)
    );
    CREATE TABLE interview_answers (
        id INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        given_by INTEGER REFERENCES users(id),
        given_at TEXT NOT NULL
    );
    CREATE INDEX interview_answers_proposal ON interview_answers(proposal_id, field, id);
    CREATE TABLE login_failures (
        key TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX login_failures_key ON login_failures(key, at);
    """,
    # 2: the interview's state beside each proposal (the interview pages)
    """
    ALTER TABLE proposals ADD COLUMN interview_state TEXT NOT NULL DEFAULT ''
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# One answer into the log, by record_answer alone or inside save_interview's transaction.
LOG_ANSWER = ("INSERT INTO interview_answers (proposal_id, field, value, given_by, given_at) "
              "VALUES (?, ?, ?, ?, ?)")


class StorageError(Exception):
    """A conflict the user can fix (a name already taken, say); the message is for people."""


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def _row(row):
    return dict(row) if row is not None else None


class Storage:
    """One SQLite file. A connection per thread (waitress serves each request on one thread)."""

    def __init__(self, path):
        self.path = str(path)
        self._local = threading.local()
        self._migrate_lock = threading.Lock()

    # -- connections and migrations -------------------------------------------------------
    def _connect(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=True)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for the one writer
            self._local.conn = conn
        return conn

    def close(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def version(self):
        return self._connect().execute("PRAGMA user_version").fetchone()[0]

    def migrate(self):
        """Bring the database up to SCHEMA_VERSION; refuse one made by a newer advisor."""
        with self._migrate_lock:
            conn = self._connect()
            current = self.version()
            if current > SCHEMA_VERSION:
                raise StorageError(f"{self.path} was made by a newer advisor (schema {current}; "
                                   f"this one knows {SCHEMA_VERSION}); upgrade advisor")
            for number in range(current, SCHEMA_VERSION):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # executescript would COMMIT first; run the statements one by one instead.
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                    conn.execute("COMMIT")
                except Exception:
                    conn.execute("ROLLBACK")
                    raise

    def _one(self, sql, args=()):
        return _row(self._connect().execute(sql, args).fetchone())

    def _all(self, sql, args=()):
        return [dict(r) for r in self._connect().execute(sql, args).fetchall()]

    def _write(self, sql, args=()):
        conn = self._connect()
        try:
            return conn.execute(sql, args)
        except sqlite3.IntegrityError as exc:
            raise StorageError(str(exc)) from None

    # -- users and teams ----------------------------------------------------------------------
    def add_user(self, name, role, password_hash):
        if role not in ROLES:
            raise StorageError(f"role must be one of {', '.join(ROLES)}")
        if self.user_by_name(name):
            raise StorageError(f"there is already a user called {name}")
        cur = self._write("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                          (name, role, password_hash, _now()))
        return cur.lastrowid

    def user(self, user_id):
        return self._one("SELECT * FROM users WHERE id = ?", (user_id,))

    def user_by_name(self, name):
        return self._one("SELECT * FROM users WHERE name = ?", (name,))

    def users(self):
        return self._all("SELECT * FROM users ORDER BY name COLLATE NOCASE")

    def count_users(self):
        return self._connect().execute("SELECT count(*) FROM users WHERE disabled = 0").fetchone()[0]

    def set_password(self, user_id, password_hash):
        self._write("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def set_role(self, user_id, role):
        if role not in ROLES:
            raise StorageError(f"role must be one of {', '.join(ROLES)}")
        self._write("UPDATE users SET role = ? WHERE id = ?", (role, user_id))

    def set_disabled(self, user_id, disabled):
        self._write("UPDATE users SET disabled = ? WHERE id = ?", (1 if disabled else 0, user_id))

    def add_team(self, name):
        if self._one("SELECT id FROM teams WHERE name = ?", (name,)):
            raise StorageError(f"there is already a team called {name}")
        return self._write("INSERT INTO teams (name) VALUES (?)", (name,)).lastrowid

    def team(self, team_id):
        return self._one("SELECT * FROM teams WHERE id = ?", (team_id,))

    def team_by_name(self, name):
        return self._one("SELECT * FROM teams WHERE name = ?", (name,))

    def teams(self):
        return self._all("SELECT * FROM teams ORDER BY name COLLATE NOCASE")

    def add_member(self, team_id, user_id):
        self._write("INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?, ?)", (team_id, user_id))

    def remove_member(self, team_id, user_id):
        self._write("DELETE FROM team_members WHERE team_id = ? AND user_id = ?", (team_id, user_id))

    def teams_of(self, user_id):
        return self._all("SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id "
                         "WHERE m.user_id = ? ORDER BY t.name COLLATE NOCASE", (user_id,))

    def members(self, team_id):
        return self._all("SELECT u.* FROM users u JOIN team_members m ON m.user_id = u.id "
                         "WHERE m.team_id = ? ORDER BY u.name COLLATE NOCASE", (team_id,))

    def is_member(self, team_id, user_id):
        return self._one("SELECT 1 AS yes FROM team_members WHERE team_id = ? AND user_id = ?",
                         (team_id, user_id)) is not None

    # -- proposals and who may see them ---------------------------------------------------------
    def add_proposal(self, owner_id, title, yaml_text, team_id=None):
        public_id = secrets.token_urlsafe(12)
        now = _now()
        cur = self._write("INSERT INTO proposals (public_id, owner_id, team_id, title, yaml, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (public_id, owner_id, team_id, title, yaml_text, now, now))
        return self.proposal_by_id(cur.lastrowid)

    def proposal_by_id(self, proposal_id):
        return self._one("SELECT * FROM proposals WHERE id = ?", (proposal_id,))

    def proposal(self, public_id):
        return self._one("SELECT * FROM proposals WHERE public_id = ?", (public_id,))

    def update_proposal(self, proposal_id, **changes):
        allowed = {"title", "yaml", "team_id"}
        if not changes or set(changes) - allowed:
            raise ValueError(f"can change only {sorted(allowed)}")
        cols = ", ".join(f"{k} = ?" for k in changes)
        self._write(f"UPDATE proposals SET {cols}, updated_at = ? WHERE id = ?",  # noqa: S608 - fixed names
                    (*changes.values(), _now(), proposal_id))

    def delete_proposal(self, proposal_id):
        self._write("DELETE FROM proposals WHERE id = ?", (proposal_id,))

    def proposals_for(self, user_id):
        """Every proposal the user owns, was given, or can read through a team; newest first."""
        return self._all(
            "SELECT p.*, u.name AS owner_name, t.name AS team_name FROM proposals p "
            "JOIN users u ON u.id = p.owner_id LEFT JOIN teams t ON t.id = p.team_id "
            "WHERE p.owner_id = :u "
            "OR p.id IN (SELECT proposal_id FROM proposal_access WHERE user_id = :u) "
            "OR p.team_id IN (SELECT team_id FROM team_members WHERE user_id = :u) "
            "ORDER BY p.updated_at DESC, p.id DESC", {"u": user_id})

    def team_proposals(self, team_id):
        return self._all("SELECT p.*, u.name AS owner_name FROM proposals p JOIN users u ON u.id = p.owner_id "
                         "WHERE p.team_id = ? ORDER BY p.title COLLATE NOCASE", (team_id,))

    def access(self, proposal_id, user_id):
        """'editor' or 'reader' when the owner added this user, else None."""
        row = self._one("SELECT access FROM proposal_access WHERE proposal_id = ? AND user_id = ?",
                        (proposal_id, user_id))
        return row["access"] if row else None

    def share(self, proposal_id, user_id, access):
        if access not in ACCESS:
            raise StorageError(f"access must be one of {', '.join(ACCESS)}")
        self._write("INSERT INTO proposal_access (proposal_id, user_id, access) VALUES (?, ?, ?) "
                    "ON CONFLICT (proposal_id, user_id) DO UPDATE SET access = excluded.access",
                    (proposal_id, user_id, access))

    def unshare(self, proposal_id, user_id):
        self._write("DELETE FROM proposal_access WHERE proposal_id = ? AND user_id = ?", (proposal_id, user_id))

    def shares(self, proposal_id):
        return self._all("SELECT u.id, u.name, u.role, a.access FROM proposal_access a "
                         "JOIN users u ON u.id = a.user_id WHERE a.proposal_id = ? "
                         "ORDER BY u.name COLLATE NOCASE", (proposal_id,))

    # -- waivers ---------------------------------------------------------------------------------
    def add_waiver(self, proposal_id, item, justification, approved_by, expires, created_by):
        if self._one("SELECT id FROM waivers WHERE proposal_id = ? AND item = ?", (proposal_id, item)):
            raise StorageError("this item already has a waiver; remove it first")
        return self._write("INSERT INTO waivers (proposal_id, item, justification, approved_by, expires, "
                           "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (proposal_id, item, justification, approved_by, expires, created_by, _now())).lastrowid

    def waivers(self, proposal_id):
        return self._all("SELECT w.*, u.name AS created_by_name FROM waivers w "
                         "LEFT JOIN users u ON u.id = w.created_by WHERE w.proposal_id = ? ORDER BY w.id",
                         (proposal_id,))

    def waiver(self, proposal_id, waiver_id):
        return self._one("SELECT * FROM waivers WHERE proposal_id = ? AND id = ?", (proposal_id, waiver_id))

    def delete_waiver(self, proposal_id, waiver_id):
        self._write("DELETE FROM waivers WHERE proposal_id = ? AND id = ?", (proposal_id, waiver_id))

    # -- interview answers (the interview core's store) -----------------------------------------
    def record_answer(self, proposal_id, field, value, user_id):
        """Commit one answer as it is given; earlier answers stay, in order."""
        self._write(LOG_ANSWER, (proposal_id, field, json.dumps(value), user_id, _now()))

    def answers(self, proposal_id):
        """{field: latest value}, in the order the fields were first answered."""
        out = {}
        for r in self._connect().execute("SELECT field, value FROM interview_answers WHERE proposal_id = ? "
                                         "ORDER BY id", (proposal_id,)):
            out[r["field"]] = json.loads(r["value"])
        return out

    def save_interview(self, proposal_id, yaml_text, state_text, answer=None, user_id=None):
        """The interview store's save: the proposal's text and the interview's state in one
        transaction (and the answer just given, when there is one, in the log); both or neither."""
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            cur = conn.execute("UPDATE proposals SET yaml = ?, interview_state = ?, updated_at = ? WHERE id = ?",
                               (yaml_text, state_text, _now(), proposal_id))
            if cur.rowcount != 1:
                raise StorageError("the proposal was deleted")
            if answer is not None:
                conn.execute(LOG_ANSWER, (proposal_id, answer[0], json.dumps(answer[1]), user_id, _now()))
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):  # a full disk, a locked file: the page says so
                raise StorageError(f"the answer could not be saved ({exc})") from exc
            raise

    def answer_history(self, proposal_id):
        return self._all("SELECT field, value, given_by, given_at FROM interview_answers WHERE proposal_id = ? "
                         "ORDER BY id", (proposal_id,))

    # -- sign-in throttling ------------------------------------------------------------------------
    def record_failure(self, key, at):
        self._write("INSERT INTO login_failures (key, at) VALUES (?, ?)", (key, at))

    def failures_since(self, key, since):
        return self._connect().execute("SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?",
                                       (key, since)).fetchone()[0]

    def oldest_failure_since(self, key, since):
        row = self._connect().execute("SELECT min(at) FROM login_failures WHERE key = ? AND at >= ?",
                                      (key, since)).fetchone()
        return row[0]

    def clear_failures(self, key, before=None):
        if before is None:
            self._write("DELETE FROM login_failures WHERE key = ?", (key,))
        else:
            self._write("DELETE FROM login_failures WHERE at < ?", (before,))


class InterviewStore:
    """The interview core's store (advisor.interview.store, docs/interview.md) over one proposal
    row: `load(kb)` reads the yaml and interview_state columns back through the core's own
    readers, `save(document, state)` writes both in one transaction. A request builds one, loads
    a Session from it, and the Session saves through it after every answer."""

    def __init__(self, storage, proposal, name, user_id=None):
        self.storage = storage
        self.proposal_id = proposal["id"]
        self.name = name  # what an error about the stored text names
        self.user_id = user_id
        self._answer = None

    def given(self, question_id, value):
        """The answer about to be recorded, as the person gave it: logged by the next save."""
        self._answer = (question_id, value)

    def load(self, kb):
        from ..interview.store import read_proposal, read_state

        row = self.storage.proposal_by_id(self.proposal_id)
        if row is None:
            raise StorageError("the proposal was deleted")
        return read_proposal(kb, row["yaml"], self.name), read_state(row["interview_state"] or "")

    def save(self, document, state):
        from ..interview.store import proposal_text

        answer, self._answer = self._answer, None
        self.storage.save_interview(self.proposal_id, proposal_text(document), json.dumps(state), answer, self.user_id)
