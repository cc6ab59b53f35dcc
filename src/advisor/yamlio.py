"""Safe YAML loading that remembers where every key and list item came from.

Errors in a proposal or a knowledge-base file must name the file, the line and the key, so the
loader keeps a map from each path (a tuple of keys and list indexes) to its line number.
"""

import os

import yaml

try:  # the C loader is several times faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

from .errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 200  # nesting levels; proposals and knowledge files need fewer than 20


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


def load_file(path, name=None):
    name = name or str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"file is {size} bytes; the limit is {MAX_BYTES}", name)
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a YAML file", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    return load_text(raw, name)


def load_text(raw, name="<string>"):
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", name) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"text is longer than {MAX_BYTES} characters", name)
    deep = _too_deep(raw)
    if deep is not None:
        raise InputError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", name, deep.line + 1)
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


def _too_deep(raw):
    """The mark where `raw` first nests deeper than MAX_DEPTH, else None.

    libyaml's composer recurses once per level in C, without Python's recursion check: about
    50,000 nested brackets overflow the C stack and kill the process (SIGSEGV). Its event parser
    keeps its own stack, so counting depth over events first is safe. Each level takes at least
    one character, so short texts (most proposals' first screenful) need no scan.
    """
    if len(raw) <= MAX_DEPTH:
        return None
    loader = _Loader(raw)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
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
                key = re.match(r"\s*-?\s*([^:#\s][^:#]*?)\s*:", line)
                return n, key.group(1) if key else None, m.group(0)
    return None, None, None


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
