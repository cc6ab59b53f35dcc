"""Write files so a crash or Ctrl-C never leaves a half-written one: temp file, fsync, rename.

Also what any output must never do (issue 9):
- replace something that is not a regular file: renaming over /dev/null as root would swap the
  system's null device for a file, and a FIFO or a folder is not a report. A symlink is written
  through to the regular file it names, as a shell redirect would, and refused when it names
  anything else;
- overwrite one of the command's inputs (checked_output compares by resolved path and by device
  and inode, so a hard link or a symlink to the input is caught too);
- change who can read the file: a file that exists keeps its mode, a new one gets 0666 less the
  umask, as `>` gives (mkstemp's 0600 left colleagues on a shared server unable to open reports).
"""

import os
import stat

from .errors import InputError


def _identity(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def checked_output(path, inputs=(), how=None):
    """Raise InputError unless `path` may be written: not one of `inputs`, and either absent or a
    regular file (a symlink counts as what it points to). Returns nothing."""
    label = how or path
    real = os.path.realpath(path)
    ident = _identity(path)
    for source in inputs:
        if source is None or source == "-":
            continue
        if os.path.realpath(source) == real or (ident is not None and _identity(source) == ident):
            raise InputError(f"{label}: this is an input of the same command ({source}); "
                             "write the report to another file")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(f"{label}: is a symlink to nothing ({os.readlink(path)}); "
                             "give a plain file name") from None
        return
    except OSError as exc:
        raise InputError(f"{label}: cannot write: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{label}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{label}: is not a regular file (a device, FIFO or socket); "
                         "advisor writes reports only to regular files")


def _temp_beside(target, mode):
    """An exclusive new file beside `target`, created with `mode` (the umask applies)."""
    directory = os.path.dirname(target) or "."
    base = os.path.basename(target)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.advisor-{os.urandom(6).hex()}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def probe(path):
    """Raise InputError now if `path` could not be written later (a read-only folder, a full or
    read-only disk), so that a command that saves as it goes fails before it asks for anything."""
    checked_output(path)
    target = os.path.realpath(path) if os.path.islink(path) else os.path.abspath(path)
    try:
        fd, tmp = _temp_beside(target, 0o600)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        folder = os.path.dirname(path) or "."
        raise InputError(f"cannot write in {folder}: {exc.strerror}", path) from None


def write_bytes(path, data, inputs=()):
    checked_output(path, inputs)
    target = os.path.realpath(path) if os.path.islink(path) else os.path.abspath(path)
    try:
        keep = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep = None
    fd, tmp = _temp_beside(target, 0o666 if keep is None else 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            if keep is not None:
                os.fchmod(fh.fileno(), keep)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:  # again, just before the rename: the check above was a while ago
            if not stat.S_ISREG(os.lstat(target).st_mode):
                raise InputError("is no longer a regular file; not written", path)
        except FileNotFoundError:
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path, text, inputs=()):
    write_bytes(path, text.encode("utf-8"), inputs)
