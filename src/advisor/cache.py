"""An on-disk cache of parsed knowledge bases and compiled programs, keyed by their content.

Parsing and checking the bundled knowledge base's ~150 YAML files takes ~0.1 s, more than
everything else in one `advisor advise`; unpickling the result takes ~5 ms. Entries live in
$XDG_CACHE_HOME/advisor (default ~/.cache/advisor); ADVISOR_CACHE=0 turns the cache off and
ADVISOR_CACHE=DIR puts it elsewhere.

An entry is used only when it was written by this Python and by this very advisor code (the
version key hashes the modules whose objects are pickled), and only for the content it was made
from (the key hashes every file read, as KnowledgeBase.digest does). We write every entry
ourselves, atomically; an unreadable, stale or foreign entry is ignored and rewritten, and any
failure to write is ignored: the cache can make advisor faster, never different.
"""

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

FORMAT = 1
_MAGIC = "advisor-cache"
# Modules whose classes or behaviour the cached objects depend on.
_MODULES = ("cache.py", "graph.py", "knowledge.py", "conditions.py", "compiler.py", "program.py", "schema.py", "yamlio.py")
_version = None


def directory():
    setting = os.environ.get("ADVISOR_CACHE", "")
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor"


def version():
    global _version
    if _version is None:
        h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
        here = Path(__file__).resolve().parent
        for name in _MODULES:
            h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
        _version = h.hexdigest()
    return _version


def _path(kind, key):
    folder = directory()
    if folder is None:
        return None
    return folder / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def get(kind, key):
    """The object stored for (kind, key) by this advisor, or None."""
    try:
        path = _path(kind, key)
        if path is None:
            return None
        with open(path, "rb") as fh:
            entry = pickle.load(fh)
    except Exception:  # missing, unreadable, truncated, or pickled by other code: a miss
        return None
    if (not isinstance(entry, tuple) or len(entry) != 4 or entry[0] != _MAGIC
            or entry[1] != version() or entry[2] != key):
        return None
    return entry[3]


def put(kind, key, value):
    try:
        path = _path(kind, key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((_MAGIC, version(), key, value), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # a read-only home, a full disk, an unpicklable object: run uncached
        pass
