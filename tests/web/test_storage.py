"""The storage module: migrations, and the guarantees the rest of the service relies on."""

import sqlite3

import pytest

from advisor.web.storage import MIGRATIONS, SCHEMA_VERSION, Storage, StorageError


@pytest.fixture
def db(tmp_path):
    store = Storage(tmp_path / "advisor.sqlite3")
    store.migrate()
    return store


def test_migrate_builds_the_documented_schema_once(db, tmp_path):
    assert db.version() == SCHEMA_VERSION == len(MIGRATIONS)
    db.migrate()  # a second run is a no-op
    tables = {r[0] for r in sqlite3.connect(tmp_path / "advisor.sqlite3").execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "teams", "team_members", "proposals", "proposal_access", "waivers",
            "interview_answers", "login_failures"} <= tables
    import advisor.web.storage as module

    for table in tables:
        assert table in module.__doc__, f"document the table {table} in storage.py's docstring"


def test_a_database_from_a_newer_advisor_is_refused(db):
    db._connect().execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer advisor"):
        db.migrate()


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    import advisor.web.storage as module

    store = Storage(tmp_path / "x.sqlite3")
    monkeypatch.setattr(module, "MIGRATIONS", MIGRATIONS + ["CREATE TABLE extra (a); THIS IS NOT SQL"])
    monkeypatch.setattr(module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    with pytest.raises(sqlite3.OperationalError):
        store.migrate()
    assert store.version() == len(MIGRATIONS)
    assert not store._connect().execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchall()


def test_user_names_are_unique_whatever_their_case(db):
    db.add_user("Alice", "officer", "hash")
    with pytest.raises(StorageError):
        db.add_user("alice", "auditor", "hash")
    assert db.user_by_name("ALICE")["name"] == "Alice"
    with pytest.raises(StorageError):
        db.add_user("zed", "superuser", "hash")


def test_proposal_ids_in_urls_are_random_not_counters(db):
    owner = db.add_user("a", "officer", "h")
    ids = {db.add_proposal(owner, "t", "title: t\n")["public_id"] for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 16 for i in ids)


def test_answers_are_committed_as_given_and_the_latest_wins(db):
    owner = db.add_user("a", "officer", "h")
    proposal = db.add_proposal(owner, "t", "")
    db.record_answer(proposal["id"], "risk.register", True, owner)
    db.record_answer(proposal["id"], "service.name", "Audit", owner)
    db.record_answer(proposal["id"], "risk.register", False, owner)
    assert db.answers(proposal["id"]) == {"risk.register": False, "service.name": "Audit"}
    assert [h["value"] for h in db.answer_history(proposal["id"])] == ["true", '"Audit"', "false"]


def test_deleting_a_proposal_deletes_its_shares_waivers_and_answers(db):
    owner = db.add_user("a", "officer", "h")
    other = db.add_user("b", "officer", "h")
    proposal = db.add_proposal(owner, "t", "")
    db.share(proposal["id"], other, "reader")
    db.add_waiver(proposal["id"], "x.y", "why", "", "2099-01-01", owner)
    db.record_answer(proposal["id"], "f", 1, owner)
    db.delete_proposal(proposal["id"])
    conn = db._connect()
    for table in ("proposal_access", "waivers", "interview_answers"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_one_waiver_per_item(db):
    owner = db.add_user("a", "officer", "h")
    proposal = db.add_proposal(owner, "t", "")
    db.add_waiver(proposal["id"], "x.y", "why", "", "2099-01-01", owner)
    with pytest.raises(StorageError):
        db.add_waiver(proposal["id"], "x.y", "again", "", "2099-01-01", owner)


def test_only_storage_py_holds_sql():
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "src" / "advisor" / "web"
    for path in web.rglob("*.py"):
        if path.name == "storage.py":
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "import sqlite3"):
            assert word not in text, f"{path.name} has SQL ({word.strip()}): put it in storage.py"


def test_migration_2_adds_the_interview_state_and_keeps_every_proposal(tmp_path, monkeypatch):
    """A database made before the interview pages (schema 1) moves forward with its proposals."""
    import advisor.web.storage as module

    path = tmp_path / "old.sqlite3"
    old = Storage(path)
    monkeypatch.setattr(module, "SCHEMA_VERSION", 1)
    old.migrate()
    owner = old.add_user("a", "officer", "h")
    proposal = old.add_proposal(owner, "t", "service:\n  name: Audit\n")
    assert old.version() == 1
    monkeypatch.undo()
    new = Storage(path)
    new.migrate()
    assert new.version() == SCHEMA_VERSION
    row = new.proposal(proposal["public_id"])
    assert row["yaml"] == "service:\n  name: Audit\n" and row["interview_state"] == ""


def test_the_interview_store_saves_both_columns_in_one_transaction_or_neither(db):
    from advisor.web.storage import InterviewStore

    owner = db.add_user("a", "officer", "h")
    proposal = db.add_proposal(owner, "t", "")
    store = InterviewStore(db, proposal, "row", owner)
    store.given("service.name", "Audit")
    store.save({"format": "advisor-proposal/1", "service": {"name": "Audit"}}, {"format": "advisor-interview/1"})
    row = db.proposal_by_id(proposal["id"])
    assert "name: Audit" in row["yaml"] and '"format": "advisor-interview/1"' in row["interview_state"]
    assert [(h["field"], h["value"]) for h in db.answer_history(proposal["id"])] == [("service.name", '"Audit"')]
    # a failure part-way (the log row refers to a user who does not exist) changes nothing
    broken = InterviewStore(db, proposal, "row", user_id=9999)
    broken.given("service.name", "Payroll")
    with pytest.raises(StorageError, match="could not be saved"):
        broken.save({"format": "advisor-proposal/1", "service": {"name": "Payroll"}}, {"format": "x"})
    assert db.proposal_by_id(proposal["id"]) == row
    assert len(db.answer_history(proposal["id"])) == 1
    # a deleted proposal is an error, never a silent no-op
    db.delete_proposal(proposal["id"])
    with pytest.raises(StorageError):
        store.save({"format": "advisor-proposal/1"}, {})
