"""Safe YAML loading that remembers where every key and list item came from.

Errors in a proposal or a knowledge-base file must name the file, the line and the key, so the
loader keeps a map from each path (a tuple of keys and list indexes) to its line number.
"""

import os
import stat
import sys

import yaml

try:  # the C loader is several times faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

from .errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 200  # nesting levels; proposals and knowledge files need fewer than 20
MAX_ITEMS = 10_000  # items in one list; a proposal has at most 100 partners, a checklist file ~20 items


class Document:
    """Parsed YAML plus the line of every path in it."""

    def __init__(self, data, lines, name):
        self.data = data
        self.lines = lines
        self.name = name

    def line(self, path):
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, path, message):
        return InputError(message, self.name, self.line(path), format_path(path))

    def check_keys(self, path, mapping, required, optional=()):
        """Errors for unknown keys (with a did-you-mean) and for missing or empty required keys."""
        from .schema import did_you_mean

        errors = [self.error(path + (key,), f"unknown key{did_you_mean(key, (*required, *optional))}")
                  for key in mapping if key not in required and key not in optional]
        errors += [self.error(path + (key,) if key in mapping else path, f"missing required key '{key}'")
                   for key in required if mapping.get(key) in (None, "", [])]
        return errors


def format_path(path):
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


STDIN = "-"  # as a file name: read standard input, as Unix tools do


def read_bytes(path, name=None, limit=MAX_BYTES, follow=True, within=None):
    """The bytes of the regular file `path` (or of standard input for "-"), at most `limit`.

    Files from other people are hostile (issue 9): /dev/zero never ends, a FIFO blocks forever on
    open, and a symlink in a folder can point at /etc/shadow. So: the file is opened with
    O_NONBLOCK (a FIFO opens at once, and is then refused), must be a regular file, and is read
    to at most `limit` + 1 bytes. `follow=False` refuses a symlink (O_NOFOLLOW), for files found
    by listing a folder rather than named by the user; `within`, a folder, refuses a file whose
    real path lies outside it. Every refusal is an InputError naming the file."""
    name = name or str(path)
    if str(path) == STDIN:
        return _read_stream(sys.stdin.buffer if sys.stdin is not None else None, "<stdin>", limit)
    if within is not None:
        real, root = os.path.realpath(path), os.path.realpath(within)
        if os.path.commonpath([real, root]) != root:
            raise InputError(f"is outside the folder {within}; advisor reads only files inside it", name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise InputError("is a symlink; advisor does not follow links in a folder it reads", name) from None
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder, not a file", name)
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a device, FIFO or socket); advisor reads only files", name)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as fh:
        return _read_stream(fh, name, limit)


def _read_stream(fh, name, limit):
    if fh is None:
        raise InputError("standard input is closed", name)
    chunks, size = [], 0
    try:
        while size <= limit:
            chunk = fh.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    if size > limit:
        raise InputError(f"is larger than {limit} bytes, the limit", name)
    return b"".join(chunks)


def load_file(path, name=None, follow=True, within=None):
    name = name or ("<stdin>" if str(path) == STDIN else str(path))
    return load_text(read_bytes(path, name, follow=follow, within=within), name)


def load_text(raw, name="<string>"):
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", name) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"text is longer than {MAX_BYTES} characters", name)
    problem = _prescan(raw)
    if problem is not None:
        message, mark = problem
        raise InputError(message, name, mark.line + 1)
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", name, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", name) from None
    except ValueError as exc:  # PyYAML builds dates eagerly: 2030-02-30 raises here
        line, key, value = _bad_date(raw)
        if value:
            raise InputError(f"expected a date YYYY-MM-DD, got '{value}' ({exc})", name, line, key) from None
        raise InputError(f"invalid value: {exc}", name) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", name) from None
    finally:
        loader.dispose()
    lines = {}
    if node is not None:
        _index(node, (), lines, name)
    return Document(data, lines, name)


def _prescan(raw):
    """(message, mark) for the first place `raw` nests deeper than MAX_DEPTH or has a list longer
    than MAX_ITEMS, else None.

    libyaml's composer recurses once per level in C, without Python's recursion check: about
    50,000 nested brackets overflow the C stack and kill the process (SIGSEGV). Its event parser
    keeps its own stack, so counting over events first is safe. And building nodes is what costs:
    100,000 partners took 12 s and 460 MB before the schema said "at most 100"; the event scan
    stops at item 10,001 in a fraction of a second (issue 9). Each level and each item takes at
    least one character, so short texts (most proposals' first screenful) need no scan.
    """
    if len(raw) <= MAX_DEPTH:
        return None
    loader = _Loader(raw)
    # One entry per open collection: [is a sequence, children so far, its key, where it starts
    # (its key's mark when it has one), last key seen (mappings), that key's mark]
    stack = []
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                continue
            key, mark = None, event.start_mark
            if stack:
                top = stack[-1]
                if top[0]:
                    top[1] += 1
                    if top[1] > MAX_ITEMS:
                        what = f"{top[2]}: " if top[2] else ""
                        return (f"{what}a list of more than {MAX_ITEMS:,} items; advisor reads no list that long",
                                top[3])
                else:
                    if top[1] % 2 == 0:  # a key
                        top[4] = event.value if isinstance(event, yaml.ScalarEvent) else None
                        top[5] = event.start_mark
                    elif top[4] is not None:
                        key, mark = top[4], top[5]
                    top[1] += 1
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([isinstance(event, yaml.SequenceStartEvent), 0, key, mark, None, None])
                if len(stack) > MAX_DEPTH:
                    return f"invalid YAML: nested more than {MAX_DEPTH} levels deep", event.start_mark
    except yaml.YAMLError:  # reported, with its line, by the real parse
        return None
    finally:
        loader.dispose()


def _bad_date(text):
    """(line, key, value) of the first date-like scalar that is not a real date."""
    import datetime
    import re

    for n, line in enumerate(text.splitlines(), 1):
        for m in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                datetime.date(*map(int, m.groups()))
            except ValueError:
                return n, _line_key(line), m.group(0)
    return None, None, None


def _line_key(line):
    r"""The mapping key a line starts with (`  - name: x` -> name), or None. String operations,
    not a regex: `\s*-?\s*(.*?)\s*:` backtracked quadratically on long runs of spaces (a bad
    date followed by 160,000 spaces took 61 s; issue 9)."""
    head, colon, _ = line.partition(":")
    if not colon or "#" in head:
        return None
    head = head.strip()
    if head.startswith("-"):
        head = head[1:].strip()
    return head or None


def _index(root, path, lines, name):
    # Iterative, and each node is visited once: an alias-heavy document ("billion laughs")
    # shares nodes, so this stays linear in the size of the text.
    seen = set()
    stack = [(root, path)]
    lines[path] = root.start_mark.line + 1
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key == "<<":
                    continue
                if key is not None and key in keys:
                    raise InputError("duplicate key", name, key_node.start_mark.line + 1,
                                     format_path(path + (key,)))
                keys.add(key)
                child = path + (_scalar_key(key_node),)
                lines[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = path + (i,)
                lines[child] = item.start_mark.line + 1
                stack.append((item, child))


def _scalar_key(key_node):
    # Keys are looked up by their constructed value; plain scalars that YAML reads as
    # numbers or booleans still index by their text, which is what the user typed.
    value = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
    if key_node.tag.endswith(":int"):
        try:
            return int(value)
        except ValueError:
            return value
    if key_node.tag.endswith(":bool"):
        return value.lower() in ("yes", "true", "on", "y")
    return value
