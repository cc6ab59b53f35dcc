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

Unpickling runs code named in the data, so a pickle is only ever loaded after it has been proved
to be ours (issue 9: a payload planted in a shared cache folder ran as the user):
- the folder must be a real directory (not a symlink) owned by this user and writable by nobody
  else; advisor creates it 0700. Any other folder is bypassed: no read, no write;
- every entry carries an HMAC-SHA256, over the version, kind, key and pickle bytes, made with a
  random 32-byte key kept in the folder as `key`, mode 0600, owned by this user. The MAC is checked
  (in constant time) before pickle sees a byte. Someone who cannot read the key cannot make an
  entry that passes, and a key file that others could read or that they own bypasses the cache;
- files are opened without following symlinks, and must be regular files owned by this user.
"""

import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

FORMAT = 2
_MAGIC = b"advisor-cache/2\n"
_MAC_BYTES = 32
_KEY_BYTES = 32
_MAX_ENTRY = 512 * 1024 * 1024  # far above any real entry (the bundled kb's is ~2 MB)
# Modules whose classes or behaviour the cached objects depend on.
_MODULES = ("cache.py", "graph.py", "knowledge.py", "conditions.py", "compiler.py", "program.py", "schema.py", "yamlio.py")
_version = None
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _uid():
    return os.geteuid()


def directory():
    """The cache folder as configured (it may not exist yet), or None when the cache is off."""
    setting = os.environ.get("ADVISOR_CACHE", "")
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor"


def _private(st):
    """True for a file or folder this user owns and nobody else can write to."""
    return st.st_uid == _uid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_directory(create=False):
    """The cache folder when it is safe to use, else None. With `create`, make it (0700) first."""
    folder = directory()
    if folder is None:
        return None
    try:
        if create and not os.path.lexists(folder):
            os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _private(st):
        return None
    return folder


def _key(folder, create):
    """This user's MAC key (bytes), made on first use; None when it is missing or not private."""
    path = os.path.join(folder, "key")
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW)
    except FileNotFoundError:
        if not create:
            return None
        secret = os.urandom(_KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW, 0o600)
        except FileExistsError:  # another advisor made it first: read theirs
            return _key(folder, False)
        try:
            os.write(fd, secret)
        finally:
            os.close(fd)
        return secret
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != _uid() or st.st_mode & 0o077
                or st.st_size != _KEY_BYTES):
            return None
        secret = os.read(fd, _KEY_BYTES + 1)
    finally:
        os.close(fd)
    return secret if len(secret) == _KEY_BYTES else None


def version():
    global _version
    if _version is None:
        h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
        here = Path(__file__).resolve().parent
        for name in _MODULES:
            h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
        _version = h.hexdigest()
    return _version


def _name(kind, key):
    return f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def _mac(secret, kind, key, payload):
    label = f"{version()}\0{kind}\0{key}\0".encode()
    return hmac.new(secret, label + payload, hashlib.sha256).digest()


def get(kind, key):
    """The object stored for (kind, key) by this advisor and this user, or None."""
    try:
        folder = trusted_directory()
        if folder is None:
            return None
        secret = _key(folder, create=False)
        if secret is None:
            return None
        fd = os.open(os.path.join(folder, _name(kind, key)), os.O_RDONLY | _O_NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > _MAX_ENTRY:
                return None
            data = fh.read(_MAX_ENTRY + 1)
        head = len(_MAGIC) + _MAC_BYTES
        if len(data) < head or not data.startswith(_MAGIC):
            return None
        mac, payload = data[len(_MAGIC):head], data[head:]
        if not hmac.compare_digest(mac, _mac(secret, kind, key, payload)):
            return None  # not written by us with this key: never unpickled
        entry = pickle.loads(payload)
    except Exception:  # missing, unreadable, truncated, or pickled by other code: a miss
        return None
    if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != key:
        return None
    return entry[1]


def put(kind, key, value):
    try:
        folder = trusted_directory(create=True)
        if folder is None:
            return
        secret = _key(folder, create=True)
        if secret is None:
            return
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        data = _MAGIC + _mac(secret, kind, key, payload) + payload
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")  # 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, os.path.join(folder, _name(kind, key)))
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # a read-only home, a full disk, an unpicklable object: run uncached
        pass
