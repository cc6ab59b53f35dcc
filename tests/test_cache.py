"""The on-disk cache never runs code someone else put in it (issue 9, critical 1).

Each test plants a pickle whose loading writes a marker file, where advisor would look for an
entry, and checks that advisor still works and the marker never appears."""

import os
import pickle
import stat
import subprocess

import pytest

from advisor import cache, knowledge
from conftest import EXAMPLE, ROOT


class _Payload:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


def _plant(folder, kind, key, marker, signed_with=None):
    """Write a hostile entry for (kind, key): an old-format bare pickle, or a new-format one with a
    MAC made from `signed_with` (a key the attacker guessed or made)."""
    payload = pickle.dumps(_Payload(marker))
    if signed_with is None:
        data = payload
    else:
        data = cache._MAGIC + cache._mac(signed_with, kind, key, payload) + payload
    path = folder / cache._name(kind, key)
    path.write_bytes(data)
    return path


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE", str(folder))
    return folder


def test_the_cache_folder_is_private_and_the_key_0600(cache_dir):
    cache.put("demo", "k", {"a": 1})
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache_dir / "key").st_mode) == 0o600
    assert cache.get("demo", "k") == {"a": 1}


def test_a_planted_pickle_is_never_unpickled(cache_dir, tmp_path, advisor_bin):
    marker = tmp_path / "marker"
    cache.put("demo", "warm", 1)  # the folder and its key exist, as after any earlier run
    fingerprint = knowledge._fingerprint(ROOT)
    digest = fingerprint.rsplit("\0", 1)[1]
    for kind, key in (("kb", fingerprint), ("program", digest), ("plan", digest)):
        _plant(cache_dir, kind, key, marker)
    assert cache.get("kb", fingerprint) is None
    env = dict(os.environ, ADVISOR_CACHE=str(cache_dir))
    out = subprocess.run([advisor_bin, "advise", str(EXAMPLE)], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Advice on ")
    assert not marker.exists()


def test_an_entry_signed_with_another_key_is_refused(cache_dir, tmp_path):
    marker = tmp_path / "marker"
    cache.put("demo", "warm", 1)
    _plant(cache_dir, "demo", "k", marker, signed_with=os.urandom(32))
    assert cache.get("demo", "k") is None
    assert not marker.exists()


def test_a_folder_others_can_write_to_is_bypassed(cache_dir, tmp_path):
    marker = tmp_path / "marker"
    cache.put("demo", "k", 1)
    secret = (cache_dir / "key").read_bytes()
    os.chmod(cache_dir, 0o777)  # e.g. XDG_CACHE_HOME in a shared folder another user prepared
    # Even an entry carrying a good MAC is not read: whoever could write there could swap the key.
    _plant(cache_dir, "demo", "k", marker, signed_with=secret)
    assert cache.get("demo", "k") is None
    cache.put("demo", "other", 2)
    assert not (cache_dir / cache._name("demo", "other")).exists()
    assert not marker.exists()


def test_a_folder_owned_by_someone_else_is_bypassed(cache_dir, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    cache.put("demo", "k", 1)
    secret = (cache_dir / "key").read_bytes()
    _plant(cache_dir, "demo", "k", marker, signed_with=secret)
    monkeypatch.setattr(cache, "_uid", lambda: os.geteuid() + 1)  # as seen by another user
    assert cache.get("demo", "k") is None
    assert not marker.exists()


def test_a_key_others_can_read_or_a_symlinked_folder_is_bypassed(cache_dir, tmp_path):
    marker = tmp_path / "marker"
    cache.put("demo", "k", 1)
    assert cache.get("demo", "k") == 1
    os.chmod(cache_dir / "key", 0o644)
    assert cache.get("demo", "k") is None
    os.chmod(cache_dir / "key", 0o600)
    link = tmp_path / "link"
    link.symlink_to(cache_dir)
    os.environ["ADVISOR_CACHE"] = str(link)  # monkeypatch restores it
    assert cache.get("demo", "k") is None
    assert not marker.exists()


def test_an_entry_that_is_a_symlink_is_not_followed(cache_dir, tmp_path):
    cache.put("demo", "k", 1)
    entry = cache_dir / cache._name("demo", "k")
    target = tmp_path / "elsewhere"
    target.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(target)
    assert cache.get("demo", "k") is None
