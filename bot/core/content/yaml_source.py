"""Reading YAML content files while remembering the line each value came from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# Limits that keep one hostile or mistaken file from stalling the bot or eating its memory. The shipped files
# are at most ~17 KB, ~700 values and 6 levels deep, and use no aliases; each limit leaves wide headroom.
MAX_FILE_BYTES = 1_000_000  # checked before the file is read
MAX_ALIASES = 100  # *name references to an &name anchor, per file
MAX_VALUES = 20_000  # keys, scalars, lists and mappings, an alias counting as everything it repeats
MAX_DEPTH = 50  # lists and mappings nested in one another, aliases expanded (deeper overflows the recursion)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, reported as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content failed validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the line of every mapping key and list item."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int:
        """Return the line of the deepest known prefix of path (1 for the whole file)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: Path_, message: str) -> Problem:
        """Build a Problem located at path."""
        return Problem(self.file, self.line_of(path), message)


class _LimitExceeded(Exception):
    """A file went over one of the limits; raised while composing, at the offending line."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that counts aliases, values and nesting while it composes, and stops at a limit.

    An alias is composed as a reference to its anchored node, so a 'billion laughs' file is cheap to
    compose and construct, but everything that walks the values afterwards (line recording, validation)
    would visit each repetition. Counting an alias as the whole value it repeats refuses such a file
    after at most MAX_VALUES values' worth of work.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.values = 0
        self.levels_below: list[int] = []  # per open collection: the most levels any child so far has
        self.extent: dict[int, tuple[int, int]] = {}  # id(node) -> (values, levels), once composed

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node as SafeLoader does, counting it (an alias: all it repeats) against the limits."""
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _LimitExceeded(line, f"more than {MAX_ALIASES} aliases (*{event.anchor}); "
                                           f"content files may use at most {MAX_ALIASES}")
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self.extent:
                raise _LimitExceeded(line, f"alias *{event.anchor} is used inside the value it names")
            node = super().compose_node(parent, index)  # an undefined alias raises a ComposerError here
            if node is None:
                return None
            values, levels = self.extent[id(node)]
            what = f"through aliases (*{event.anchor})"
        else:
            if len(self.levels_below) >= MAX_DEPTH:
                raise _LimitExceeded(line, f"values are nested more than {MAX_DEPTH} levels deep")
            before = self.values
            self.levels_below.append(0)
            try:
                node = super().compose_node(parent, index)
            finally:
                levels = self.levels_below.pop() + 1
            if node is None:
                return None
            values = self.values - before + 1
            self.values = before
            self.extent[id(node)] = (values, levels)
            what = "in all"
        self.values += values
        if self.values > MAX_VALUES:
            raise _LimitExceeded(line, f"file holds more than {MAX_VALUES:,} values {what}; "
                                       f"content files may hold at most {MAX_VALUES:,}")
        if len(self.levels_below) + levels > MAX_DEPTH:
            raise _LimitExceeded(line, f"values are nested more than {MAX_DEPTH} levels deep {what}")
        if self.levels_below:
            self.levels_below[-1] = max(self.levels_below[-1], levels)
        return node


def _read_text(path: Path, display_name: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem: unreadable, too big (checked before reading it all), not UTF-8."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
            size = max(len(raw), os.fstat(file.fileno()).st_size)
    except OSError as error:
        return None, [Problem(display_name, 1, f"cannot read the file ({error.strerror})")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display_name, 1, f"file is {size:,} bytes; content files may be at most "
                                               f"{MAX_FILE_BYTES:,} bytes")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(display_name, 1, f"not UTF-8 text ({error.reason})")]


def read_yaml(path: Path, display_name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file within the limits; return the document, or None and the problems."""
    text, unreadable = _read_text(path, display_name)
    if text is None:
        return None, unreadable
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _LimitExceeded as error:
        return None, [Problem(display_name, error.line, error.message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(display_name, line, f"YAML syntax error: {error.problem or error}")]
    except yaml.YAMLError as error:
        return None, [Problem(display_name, 1, f"YAML syntax error: {error}")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _record_lines(node, (), lines, problems, display_name)
    return YamlDocument(display_name, data, lines), problems


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem], file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(file, key_node.start_mark.line + 1, f"duplicate key '{key}'"))
            seen.add(key)
            _record_lines(value_node, (*path, key), lines, problems, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines, problems, file)
