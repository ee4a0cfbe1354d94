"""Đọc YAML: a YAML file to plain data, bounded, every problem with its line and field.

YAML is read in the manner of YAML 1.2, which suits a clerk: ``no`` and ``on`` stay words,
``010`` is ten, and only ``true`` and ``false`` are true and false. The file is first composed
into its node tree (libyaml, in C); that tree is walked once, each node once however many
aliases point at it, to check the limits of :mod:`kehoach.data.limits` (size with aliases
expanded, depth, digits of a number, an anchor used inside itself) and keys written twice. Only
a tree within the limits is turned into Python data. The tree is kept so a problem's path can be
turned into its line (:class:`YamlLines`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import yaml
import yaml.constructor
import yaml.events
import yaml.nodes
import yaml.resolver

from kehoach.data import limits
from kehoach.data.problems import Parsed, Path, Problem, control_character


class Resolver(yaml.resolver.BaseResolver):
    """Implicit types in the manner of YAML 1.2 (core schema), plus dates."""


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                  r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                  r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$", "0123456789"),
    ("merge", r"^(?:<<)$", "<"),
):
    Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), list(_first))

_INT = "tag:yaml.org,2002:int"


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node: yaml.nodes.ScalarNode) -> int:
        return int(self.construct_scalar(node))  # decimal: "010" is ten, not eight

    def construct_yaml_timestamp(self, node: yaml.nodes.ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2024-13-01: kept as text, for the date's check to explain
            return self.construct_scalar(node)


_Constructor.add_constructor(_INT, _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)

try:
    from yaml.cyaml import (
        CParser as _Parser,  # libyaml: several times faster on large plans
    )
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, _Constructor, Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        Resolver.__init__(self)


def libyaml() -> bool:
    """Whether YAML is parsed by libyaml (C) rather than PyYAML's pure-Python parser."""
    return _Parser.__module__ == "yaml._yaml"


# --------------------------------------------------------------------------------------------
# Reading


def parse_yaml(text: str) -> Parsed:
    """Plain data from YAML text, or the problems that stop it (see the module's text)."""
    if controls := control_characters(text):
        return Parsed(None, problems=tuple(controls))
    if (too_many := _too_many_values(text)) is not None:
        return Parsed(None, problems=(too_many,))
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure-Python composer on a very deep file
            return Parsed(None, problems=(limits.too_deep(),))
        if node is None:
            return Parsed(None)
        fatal, duplicates = _check_tree(node, text)
        if fatal:
            return Parsed(None, problems=tuple(fatal))
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        return Parsed(None, problems=(_syntax_problem(error, text),))
    finally:
        loader.dispose()
    return Parsed(data, YamlLines(node), tuple(duplicates))


#: What YAML refuses in a file: C0 controls but tab and line ends, DEL, C1 controls but NEL,
#: surrogates, U+FFFE and U+FFFF (YAML 1.1 §5.1, as libyaml reads it).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010FFFF]")


#: Characters YAML 1.1 reads as line ends besides \n and \r: NEL, LINE and PARAGRAPH
#: SEPARATOR, pasted from a PDF. A text holding one would be cut there, or folded silently.
_LINE_SEPARATORS = "\x85\u2028\u2029"
_REFUSED = re.compile(f"{_NOT_PRINTABLE.pattern}|[{_LINE_SEPARATORS}]")


def _line_separator(char: str, column: int) -> str:
    return (f"có ký tự ngắt dòng U+{ord(char):04X} ở cột {column} (thường do sao chép từ PDF "
            "hoặc Word); YAML đọc nó như một lần xuống dòng, làm hỏng dòng này. Xóa ký tự đó, "
            "hoặc thay bằng dấu cách")


def control_characters(text: str) -> list[Problem]:
    """A problem for each raw control character or line separator, with its line, column and
    field."""
    # The first MAX_PROBLEMS only: a line of two million U+000B was a problem each, each line
    # counted from the start of the text (hours).
    found = list(itertools.islice(_REFUSED.finditer(text), limits.MAX_PROBLEMS + 1))
    if not found:
        return []
    # The field of each: read the file with the characters blanked out, as far as it goes.
    blanked = _REFUSED.sub(" ", text[:found[-1].end()])
    places = _places(blanked)
    out = []
    line, counted = 1, 0
    for match in found[:limits.MAX_PROBLEMS]:
        line += text.count("\n", counted, match.start())
        counted = match.start()
        column = match.start() - text.rfind("\n", 0, match.start())
        char = match.group()
        message = (_line_separator(char, column) if char in _LINE_SEPARATORS
                   else control_character(char, column))
        out.append(Problem(_path_at(places, line, column), message, line))
    if len(found) > limits.MAX_PROBLEMS:
        out.append(limits.too_many_problems())
    return out


# --------------------------------------------------------------------------------------------
# Values, counted from the parser's events


_SCALAR, _ALIAS = yaml.events.ScalarEvent, yaml.events.AliasEvent
_MAPPING_START = yaml.events.MappingStartEvent
_COLLECTION_START = (yaml.events.SequenceStartEvent, _MAPPING_START)
_COLLECTION_END = (yaml.events.SequenceEndEvent, yaml.events.MappingEndEvent)


def _too_many_values(text: str) -> Problem | None:
    """The value past :data:`~kehoach.data.limits.MAX_VALUES`, at its line, or ``None``."""
    return count_values(text, limits.MAX_VALUES)[1]


def count_values(text: str, cap: int) -> tuple[int, Problem | None]:
    """``(values, None)``, or ``(cap + 1, the problem at the line of the value past cap)``.

    The values (every scalar, list and mapping; a key counts with its value) are counted from
    libyaml's events as they come, before any node is built, and the count stops at the limit.
    An alias counts the values of its anchor, as it would in the document: a list of 5 000
    items used 1 000 times is 5 million values. A syntax error ends the count: the parser
    that builds the tree says it, at its line.
    """
    loader = _Loader(text)
    anchors: dict[str, int] = {}
    # Each open collection: [anchor, count before it, is a mapping, next node is a key, key,
    # index of the item]; the last two make the path of a value past the limit.
    open_: list[list] = []
    total = 0
    try:
        while (event := loader.get_event()) is not None:
            cls = event.__class__
            if cls in _COLLECTION_END:
                frame = open_.pop()
                if frame[0] is not None:
                    anchors[frame[0]] = total - frame[1]
                continue
            if cls is not _SCALAR and cls is not _ALIAS and cls not in _COLLECTION_START:
                continue  # the stream's and the document's start and end
            key = False
            if open_:
                top = open_[-1]
                if top[2]:
                    key = top[3]
                    top[3] = not key
                    if key:
                        top[4] = event.value if cls is _SCALAR else "?"
                else:
                    top[5] += 1
            if cls is _SCALAR:
                if not key:
                    total += 1
                if event.anchor is not None:
                    anchors[event.anchor] = 0 if key else 1
            elif cls is _ALIAS:
                total += anchors.get(event.anchor, 1)
            else:
                open_.append([event.anchor, total, cls is _MAPPING_START, True, None, -1])
                total += 1
            if total > cap:
                parents = open_[:-1] if cls in _COLLECTION_START else open_
                path = tuple(f[4] if f[2] else f[5] for f in parents)
                return total, limits.too_many_values(
                    line=event.start_mark.line + 1, path=path,
                    alias=event.anchor if cls is _ALIAS else None)
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return total, None


# --------------------------------------------------------------------------------------------
# The node tree: limits and keys written twice, each node visited once


def _check_tree(root: yaml.nodes.Node, text: str) -> tuple[list[Problem], list[Problem]]:
    """``(fatal, duplicates)``: problems that stop the reading, and keys written twice.

    The common case, a tree where no list or mapping is reached twice, is walked level by
    level without paths (paths are looked up only for the nodes of a problem). A scalar reached
    through an alias counts once for each alias, as it would in the document. As soon as a list
    or mapping is reached a second time, the graph is walked again by :func:`_check_graph`,
    which visits each node once.
    """
    scalar, mapping = yaml.nodes.ScalarNode, yaml.nodes.MappingNode
    collections: set[int] = set()
    twice: list[tuple[yaml.nodes.Node, yaml.nodes.Node]] = []  # (key, the same key before)
    numbers: list[yaml.nodes.Node] = []
    level: list[yaml.nodes.Node] = [root]
    depth = size = 0
    while level:
        depth += 1
        below: list[yaml.nodes.Node] = []
        for node in level:
            if node.__class__ is scalar:
                size += 1 + len(node.value)
                if (node.tag == _INT and len(node.value) > limits.MAX_INT_DIGITS
                        and limits.digits_of(node.value) > limits.MAX_INT_DIGITS):
                    numbers.append(node)
                continue
            if id(node) in collections:  # an alias to a list or mapping
                return _check_graph(root, text)
            collections.add(id(node))
            if depth > limits.MAX_DEPTH:
                return [limits.too_deep(_line(node), _paths(root, [node])[id(node)])], []
            size += 1
            if node.__class__ is mapping:
                seen: dict[str, yaml.nodes.Node] = {}
                for key, value in node.value:
                    name = _key(key)
                    if name in seen:
                        if len(twice) <= limits.MAX_PROBLEMS:  # one past: "còn lỗi khác"
                            twice.append((key, seen[name]))
                    else:
                        seen[name] = key
                    below.append(key)
                    below.append(value)
            else:
                below.extend(node.value)
        if size > limits.MAX_EXPANDED_SIZE:
            return [_expansion_problem(text) or limits.too_large()], []
        level = below
    if numbers:  # a number YAML would turn into an int: stop before it is converted
        paths = _paths(root, numbers)
        return sorted((limits.too_many_digits(limits.digits_of(n.value), _line(n), paths[id(n)])
                       for n in numbers), key=lambda p: p.line or 0), []
    paths = _paths(root, [key for key, _ in twice])
    return [], limits.at_most(sorted(
        (Problem(paths[id(key)], f"khóa '{_key(key)}' được ghi hai lần (lần đầu ở dòng "
                                 f"{_line(first)}); xóa một trong hai", _line(key))
         for key, first in twice), key=lambda p: p.line or 0))


def _paths(root: yaml.nodes.Node, nodes: list[yaml.nodes.Node]) -> dict[int, Path]:
    """The path of each of ``nodes`` (a key's path for a key), each node walked once."""
    wanted = {id(n) for n in nodes}
    found: dict[int, Path] = {}
    visited: set[int] = set()
    stack: list[tuple[yaml.nodes.Node, Path]] = [(root, ())]
    while stack and len(found) < len(wanted):
        node, path = stack.pop()
        if id(node) in wanted and id(node) not in found:
            found[id(node)] = path
        if id(node) in visited:
            continue
        visited.add(id(node))
        # Pushed last first, so the walk and the path found are in the order of the file.
        if isinstance(node, yaml.nodes.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, (*path, _key(key))))
                stack.append((key, (*path, _key(key))))
        elif isinstance(node, yaml.nodes.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(node.value))))
    return {key: found.get(key, ()) for key in wanted}


def _check_graph(root: yaml.nodes.Node, text: str) -> tuple[list[Problem], list[Problem]]:
    """:func:`_check_tree` for a graph whose lists or mappings are reached more than once.

    A post-order walk: a node reached again through an alias is not walked again, its expanded
    size and height are taken from the first walk. A node reached while it is still being
    walked is an anchor used inside itself.
    """
    done: dict[int, tuple[int, int]] = {}  # id → (expanded size, height)
    active: set[int] = set()
    duplicates: list[Problem] = []
    numbers: list[Problem] = []
    cap = limits.MAX_EXPANDED_SIZE + 1
    stack: list[tuple[yaml.nodes.Node, Path, bool]] = [(root, (), False)]
    while stack:
        node, path, finished = stack.pop()
        key = id(node)
        if finished:
            active.discard(key)
            children = _children(node)
            size = 1 + sum(done[id(c)][0] for c in children)
            height = 1 + max((done[id(c)][1] for c in children), default=0)
            done[key] = (min(size, cap), height)
            if size >= cap:
                return [_expansion_problem(text) or limits.too_large(_line(node), path)], []
            continue
        if key in done:  # again, through an alias: as deep as it is here?
            if len(path) + done[key][1] > limits.MAX_DEPTH:
                return [limits.too_deep(_line(node), path)], []
            continue
        if key in active:
            return [_expansion_problem(text) or _self_reference(node, path)], []
        if isinstance(node, yaml.nodes.ScalarNode):
            size = 1 + len(node.value)
            digits = limits.digits_of(node.value) if node.tag == _INT else 0
            if digits > limits.MAX_INT_DIGITS:
                numbers.append(limits.too_many_digits(digits, _line(node), path))
            done[key] = (size, 0)
            continue
        if len(path) >= limits.MAX_DEPTH:  # a list or mapping one level past the limit
            return [limits.too_deep(_line(node), path)], []
        active.add(key)
        stack.append((node, path, True))
        if isinstance(node, yaml.nodes.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in node.value:
                name = _key(k)
                line = _line(k)
                if name in seen and len(duplicates) <= limits.MAX_PROBLEMS:
                    duplicates.append(Problem(
                        (*path, name), f"khóa '{name}' được ghi hai lần (lần đầu ở dòng "
                                       f"{seen[name]}); xóa một trong hai", line))
                elif name not in seen:
                    seen[name] = line
            # Pushed last first, so the walk and the paths it records follow the file.
            for k, v in reversed(node.value):
                stack.append((v, (*path, _key(k)), False))
                stack.append((k, (*path, _key(k)), False))
        else:
            stack.extend((child, (*path, i), False)
                         for i, child in reversed(list(enumerate(node.value))))
    if numbers:  # a number YAML would turn into an int: stop before it is converted
        return sorted(numbers, key=lambda p: p.line or 0), []
    return [], limits.at_most(sorted(duplicates, key=lambda p: p.line or 0))


def _children(node: yaml.nodes.Node) -> list[yaml.nodes.Node]:
    if isinstance(node, yaml.nodes.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.nodes.SequenceNode):
        return list(node.value)
    return []


def _line(node: yaml.nodes.Node) -> int:
    return node.start_mark.line + 1


def _key(node: yaml.nodes.Node) -> str:
    return node.value if isinstance(node, yaml.nodes.ScalarNode) else "?"


def _self_reference(node: yaml.nodes.Node, path: Path) -> Problem:
    return Problem(path, "một neo '&' được dùng bên trong chính nó (dữ liệu lặp vô tận); "
                         "bỏ bí danh '*' đó", _line(node))


# --------------------------------------------------------------------------------------------
# Events: the place of a problem the node tree cannot tell


def _events(text: str) -> Iterator[tuple[yaml.events.Event, Path, list]]:
    """Each event of ``text`` with the path of its node and the stack of open collections.

    A frame of the stack is ``[is_mapping, path, expecting_key, key, index]``. A syntax error
    is raised where the parser stops, after the events before it.
    """
    loader = _Loader(text)
    stack: list[list] = []
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.events.CollectionEndEvent)):
                frame = stack.pop()
                yield event, frame[1], stack
                continue
            if not isinstance(event, yaml.events.NodeEvent):
                yield event, (), stack
                continue
            top = stack[-1] if stack else None
            if top is None:
                path: Path = ()
            elif top[0] and top[2]:  # a key
                top[3] = event.value if isinstance(event, yaml.events.ScalarEvent) else "?"
                top[2] = False
                path = (*top[1], top[3])
            elif top[0]:
                top[2] = True
                path = (*top[1], top[3])
            else:
                top[4] += 1
                path = (*top[1], top[4])
            yield event, path, stack
            if isinstance(event, yaml.events.MappingStartEvent):
                stack.append([True, path, True, None, -1])
            elif isinstance(event, yaml.events.SequenceStartEvent):
                stack.append([False, path, False, None, -1])
    finally:
        loader.dispose()


def _expansion_problem(text: str) -> Problem | None:
    """Where the content, aliases expanded, passes the limit, or an anchor is used in itself."""
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str, int, int]] = []  # (anchor, total before it, depth at start)
    total = 0
    try:
        for event, path, stack in _events(text):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.events.AliasEvent):
                if any(name == event.anchor for name, _, _ in open_anchors):
                    return Problem(path, f"neo '&{event.anchor}' được dùng bên trong chính nó "
                                         f"(dữ liệu lặp vô tận); bỏ bí danh '*{event.anchor}'",
                                   line)
                total += sizes.get(event.anchor, 1)
                if total > limits.MAX_EXPANDED_SIZE:
                    return limits.too_large(line, path, event.anchor)
            elif isinstance(event, yaml.events.NodeEvent):
                if event.anchor is not None and isinstance(event, yaml.events.ScalarEvent):
                    sizes[event.anchor] = 1 + len(event.value)
                elif event.anchor is not None:
                    open_anchors.append((event.anchor, total, len(stack) + 1))
                total += 1 + (len(event.value) if isinstance(event, yaml.events.ScalarEvent)
                              else 0)
                if total > limits.MAX_EXPANDED_SIZE:
                    return limits.too_large(line, path)
            elif isinstance(event, yaml.events.CollectionEndEvent):
                if open_anchors and open_anchors[-1][2] == len(stack) + 1:
                    name, before, _ = open_anchors.pop()
                    sizes[name] = total - before
    except yaml.YAMLError:
        return None
    return None


def _places(text: str) -> list[tuple[tuple[int, int], tuple[int, int], Path]]:
    """``(start, end, path)`` of each scalar and collection start, as far as ``text`` parses."""
    out = []
    try:
        for event, path, _ in _events(text):
            if isinstance(event, yaml.events.NodeEvent):
                start, end = event.start_mark, event.end_mark
                out.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1),
                            path))
    except yaml.YAMLError:
        pass
    return out


def _path_at(places: list, line: int, column: int) -> Path:
    """The path of the node at ``(line, column)``: the last one starting at or before it."""
    here = (line, column)
    found: Path = ()
    for start, _, path in places:
        if start > here:
            break
        found = path
    return found


# --------------------------------------------------------------------------------------------
# Syntax errors

#: libyaml's and PyYAML's words for common mistakes, and what a clerk should do.
_HINTS = (
    ("mapping values are not allowed", "dấu ':' không đúng chỗ; nếu nội dung có dấu hai chấm "
     "(như 'Tiêu chí số 17 - Môi trường:') thì đặt cả nội dung trong dấu ngoặc kép \"…\""),
    ("found a tab character", "có phím Tab ở đầu dòng; thụt lề bằng dấu cách"),
    ("cannot start any token", "có ký tự không được đứng đầu giá trị (thường là phím Tab hoặc "
     "'@', '`'); thụt lề bằng dấu cách, và đặt nội dung trong dấu ngoặc kép \"…\""),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa, hoặc một dòng thụt lề sai"),
    ("did not find expected key", "thụt lề không đều: các khóa cùng cấp phải thẳng hàng"),
    ("did not find expected '-' indicator", "thụt lề không đều trong danh sách: các dòng '- ' "
     "cùng cấp phải thẳng hàng"),
    ("did not find expected ',' or ']'", "danh sách [ … ] thiếu dấu ']' đóng, hoặc thiếu dấu "
     "phẩy giữa hai mục (mục có dấu phẩy hay dấu hai chấm thì đặt trong ngoặc kép \"…\")"),
    ("did not find expected ',' or '}'", "nhóm { … } thiếu dấu '}' đóng, hoặc thiếu dấu phẩy "
     "giữa hai khóa"),
    ("did not find expected node content", "thiếu giá trị ở đây (sau '- ', sau dấu phẩy, hoặc "
     "một ký tự như '%', '@' đứng đầu giá trị: đặt giá trị trong ngoặc kép \"…\")"),
    ("block sequence entries are not allowed", "dòng '- ' không đúng chỗ: danh sách bắt đầu ở "
     "dòng dưới khóa của nó, thụt vào"),
    ("mapping keys are not allowed", "khóa không đúng chỗ: mỗi khóa một dòng, thụt lề đều"),
    ("found unexpected ':'", "dấu ':' không đúng chỗ; đặt nội dung trong dấu ngoặc kép \"…\""),
    ("found unknown escape character", "trong ngoặc kép, dấu '\\' phải đi cùng một ký tự hợp lệ "
     "(\\n, \\t, \\\", \\\\); muốn viết dấu '\\' thì gõ hai lần, hoặc dùng ngoặc đơn '…'"),
    ("found undefined alias", "bí danh '*…' không có neo '&…' nào được đặt trước nó"),
    ("found duplicate anchor", "tên neo '&' bị dùng hai lần"),
    ("expected a single document", "tệp chỉ được chứa một kế hoạch (bỏ dòng '---' ở giữa)"),
    ("found unexpected document indicator", "dòng '---' hoặc '...' không đúng chỗ"),
    ("found unknown directive", "dòng bắt đầu bằng '%' không dùng được; đặt nội dung trong "
     "ngoặc kép \"…\""),
    ("found incompatible YAML document", "phiên bản YAML không đọc được; bỏ dòng '%YAML'"),
    ("exceeded maximum nesting depth", ""),
    ("could not determine a constructor", "thẻ '!…' không dùng được trong tệp kế hoạch; bỏ "
     "thẻ đó, hoặc đặt nội dung trong ngoặc kép \"…\""),
    ("found unhashable key", "khóa phải là một chữ, không phải danh sách hay nhóm khóa"),
    ("expected a mapping", "sau '<<' phải là bí danh của một nhóm khóa: giá trị"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng (\") ở cuối nội dung"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng (\") ở cuối nội dung"),
    ("found invalid Unicode character escape", "mã \\x, \\u hoặc \\U trong ngoặc kép không "
     "hợp lệ"),
)


#: Colons that look like ':' but are not (a Chinese or Japanese keyboard's, a ratio sign …).
_LOOKALIKE_COLONS = "\uff1a\u2236\ua789\u02d0\ufe55\ufe13\u0589"
#: A key at the start of a line followed by a look-alike colon, or by ':' with no space.
_KEY_WITHOUT_SPACE = re.compile(r"^( *(?:- +)*)([A-Za-z_$][\w$]*)(?::(?=[^\s:/])|"
                                rf"([{_LOOKALIKE_COLONS}]))")


#: Blanks that look like a space but are not one to YAML (pasted from Word or a web page).
_ODD_INDENT = re.compile("^[ ]*([\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff])")


def _odd_indent(text: str, first: int, last: int) -> Problem | None:
    """A line indented with a no-break space (or another blank YAML does not count)."""
    lines = text.split("\n")
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        match = _ODD_INDENT.match(lines[number - 1])
        if match:
            char = match.group(1)
            return Problem(_path_before_error(text), (
                f"lỗi cú pháp YAML: dòng này thụt lề bằng ký tự trắng U+{ord(char):04X} (cột "
                f"{match.start(1) + 1}, thường do sao chép từ Word hoặc trang web), không phải "
                "dấu cách; xóa các khoảng trắng ở đầu dòng và gõ lại bằng phím cách"), number)
    return None


def _key_without_space(text: str, first: int, last: int) -> Problem | None:
    """``title:Tổ chức`` or ``title： Tổ chức`` on a line from ``first`` to ``last``: the
    parser reads the line as a value and stops lines later, where nothing is wrong."""
    lines = text.split("\n")
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        match = _KEY_WITHOUT_SPACE.match(lines[number - 1])
        if match is None:
            continue
        key, odd = match.group(2), match.group(3)
        column = match.end(2) + 1
        if odd:
            message = (f"dấu hai chấm sau '{key}' là ký tự «{odd}» (U+{ord(odd):04X}, của bộ gõ "
                       f"khác, cột {column}), không phải dấu ':'; gõ lại dấu ':' rồi một dấu cách")
        else:
            message = (f"sau dấu ':' của khóa '{key}' phải có một dấu cách (cột {column + 1}): "
                       f"viết '{key}: …'")
        mended = [*lines[:number - 1], match.group(1) + key + ": ~"]
        path = _path_on_line("\n".join(mended), number)
        return Problem(path or (), f"lỗi cú pháp YAML: {message}", number)
    return None


_DASH_WITHOUT_SPACE = re.compile(r"^( *)-([A-Za-z_$][\w$]*):(?=\s|$)")
_KEY_VALUE = re.compile(r"^( *(?:- +)*)([^\s#'\"\[\]{},:-][^#:]*?) *: +\S")


def _dash_or_indent(error: yaml.YAMLError, text: str) -> Problem | None:
    """``-type: point`` (no space after the dash), or a key set deeper than the key above it
    whose value is on its line: the parser says only that a ':' is out of place."""
    mark = getattr(error, "problem_mark", None)
    if mark is None or "mapping values are not allowed" not in (error.problem or ""):
        return None
    lines = text.split("\n")
    number = mark.line + 1
    for line in range(max(number - 2, 1), number + 1):  # the dash's line, or the one before
        match = _DASH_WITHOUT_SPACE.match(lines[line - 1])
        if match:
            key = match.group(2)
            mended = [*lines[:line - 1], f"{match.group(1)}- {key}: ~"]
            path = _path_on_line("\n".join(mended), line) or _path_before_error(text)
            return Problem(path, (
                f"lỗi cú pháp YAML: sau dấu '-' đầu mục danh sách phải có một dấu cách: viết "
                f"'- {key}: …' (cột {len(match.group(1)) + 2})"), line)
    here = _LINE_KEY.match(lines[number - 1]) if number <= len(lines) else None
    above = next((n for n in range(number - 1, 0, -1)
                  if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    if here is None or not here.group(2) or above is None:
        return None
    previous = _KEY_VALUE.match(lines[above - 1])
    if previous is None:
        return None
    indent, key = len(here.group(1)), here.group(2).rstrip(": ")
    above_indent = len(previous.group(1))
    if indent <= above_indent:
        return None
    beside = _path_on_line(text, above)
    return Problem((*beside[:-1], key) if beside else (), (
        f"lỗi cú pháp YAML: thụt lề không đều: khóa '{key}' (cột {indent + 1}) thụt vào sâu hơn "
        f"khóa '{previous.group(2).strip()}' ở dòng {above} (cột {above_indent + 1}); các khóa "
        "cùng một khối phải thẳng hàng"), number)


def _quoted_before(text: str, mark: yaml.Mark) -> tuple[yaml.Mark, yaml.Mark, str] | None:
    """``(start, end, quote)`` of the last quoted value read before ``mark``, if it ends on
    ``mark``'s line before it."""
    last = None
    try:
        # libyaml's scanner: PyYAML's own took 20 s on a file of 250 000 lines.
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.end_mark.line != mark.line or last.end_mark.index > mark.index:
        return None
    return last.start_mark, last.end_mark, last.style


def _after_quotes(error: yaml.YAMLError, text: str) -> Problem | None:
    """Words after a closing quote (``title: "…" năm 2026``), or a quote left open that runs
    to the next quote lines below: the parser says only that it expected a key."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    found = _quoted_before(text, mark)
    if found is None:
        return None
    start, end, quote = found
    name = "ngoặc kép" if quote == '"' else "ngoặc đơn"
    if start.line == end.line:
        message = (f"có chữ sau dấu {name} đóng (cột {end.column + 1}): dấu {name} phải bao cả "
                   "nội dung. Nội dung có trích dẫn ở giữa thì dùng ngoặc kép cong “…” cho "
                   "phần trích dẫn, hoặc đặt cả nội dung trong ngoặc đơn '…'")
        line = end.line + 1
    else:
        message = (f"dấu {name} mở ở dòng {start.line + 1} (cột {start.column + 1}) chưa được "
                   f"đóng trên dòng đó: nội dung chạy tới dấu {name} ở dòng {end.line + 1}; thêm "
                   f"dấu {name} đóng ở cuối dòng {start.line + 1}")
        line = start.line + 1
    path = _path_on_line(text, line) or _path_before_error(text)
    return Problem(path, f"lỗi cú pháp YAML: {message}", line)


def _tab_indent(error: yaml.YAMLError, text: str) -> Problem | None:
    """A Tab in the indent of the line the parser stopped on: said so, with the field the
    line holds (its key read as if indented like the line above, ``issuer.place``), not the
    field before it."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    lines = text.split("\n")
    if not 0 <= mark.line < len(lines):
        return None
    line = lines[mark.line]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    above = next((t for t in reversed(lines[:mark.line]) if t.strip()
                  and not t.lstrip().startswith("#")), "")
    spaces = above[:len(above) - len(above.lstrip(" "))]
    mended = [*lines[:mark.line], spaces + line.lstrip(" \t")]
    path = _path_on_line("\n".join(mended), mark.line + 1) or _path_before_error(text)
    return Problem(path, f"lỗi cú pháp YAML: có phím Tab ở đầu dòng (cột {indent.index(chr(9)) + 1}"
                         "); thụt lề bằng dấu cách, không dùng phím Tab", mark.line + 1)


def _syntax_problem(error: yaml.YAMLError, text: str) -> Problem:
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    tab = _tab_indent(error, text)
    if tab is not None:
        return tab
    if problem_mark is not None:  # a cause the parser's words do not name
        first = context_mark.line + 1 if context_mark is not None else problem_mark.line - 1
        first = min(first, problem_mark.line - 1)
        found = (_odd_indent(text, first, problem_mark.line + 1)
                 or _key_without_space(text, first, problem_mark.line + 1)
                 or _dash_or_indent(error, text) or _after_quotes(error, text))
        if found is not None:
            return found
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "quoted scalar" in (getattr(error, "context", None) or ""):
        mark = error.context_mark  # where the unclosed quote opens, not the end of the file
    line = mark.line + 1 if mark is not None else None
    said = " ".join(filter(None, (getattr(error, "context", None),
                                  getattr(error, "problem", None)))) or str(error)
    path = _path_on_line(text, line) if line is not None else None
    if path is None:
        path = _path_before_error(text)
    for clue, hint in _HINTS:
        if clue in said:
            if clue == "exceeded maximum nesting depth":
                return limits.too_deep(line, path)
            return Problem(path, f"lỗi cú pháp YAML: {hint}", line)
    return Problem(path, f"lỗi cú pháp YAML (bộ đọc YAML báo: {said})", line)


#: The start of a line of block YAML: indent, list dashes, and a plain or quoted key.
_LINE_KEY = re.compile(r"""^( *(?:- +)*)"""
                       r"""((?:[^\s#'"\[\]{},:-][^#:]*?|"[^"\n]*"|'[^'\n]*') *:(?= |$))?""")


def _path_on_line(text: str, line: int) -> Path | None:
    """The field of a line the parser stopped on: the line is read again with its value left
    out (``title: "a\\qb`` as ``title: ~``); ``None`` when that does not give a node there."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    match = _LINE_KEY.match(lines[line - 1])
    if match is None or not match.group(0).strip():
        return None
    places = _places("\n".join([*lines[:line - 1], match.group(0) + " ~"]))
    on_line = [path for (start, _, path) in places if start[0] == line]
    return on_line[-1] if on_line else None


def yaml_path_at(text: str, line: int, column: int) -> Path:
    """The field at ``line``, ``column`` of YAML text, as far as the text parses."""
    on_line = _path_on_line(text, line)
    return on_line if on_line is not None else _path_at(_places(text), line, column)


def _path_before_error(text: str) -> Path:
    """The field the parser was in when it stopped: the key whose value it was reading."""
    path: Path = ()
    try:
        for _, _, stack in _events(text):
            if stack:
                top = stack[-1]
                path = (*top[1], top[3]) if top[0] and top[3] is not None else top[1]
            else:
                path = ()
    except yaml.YAMLError:
        return path
    return ()


# --------------------------------------------------------------------------------------------
# Lines


class YamlLines:
    """Số dòng: finds the line of a path in a YAML node tree (the key's line for a key)."""

    def __init__(self, root: yaml.nodes.Node) -> None:
        self.root = root
        # Each mapping's keys, indexed when first asked: a problem's line is then found in
        # constant time, not by reading every key of its mapping (100 problems in a mapping
        # of 100 000 keys took 10 million comparisons).
        self._keys: dict[int, dict[str, tuple[yaml.nodes.Node, yaml.nodes.Node]]] = {}

    def _pairs(self, node: yaml.nodes.MappingNode
               ) -> dict[str, tuple[yaml.nodes.Node, yaml.nodes.Node]]:
        found = self._keys.get(id(node))
        if found is None:
            found = self._keys[id(node)] = {_key(k): (k, v) for k, v in node.value}  # last wins
        return found

    def __call__(self, path: Path) -> int | None:
        node, line = self.root, None
        for seg in path:
            if isinstance(node, yaml.nodes.MappingNode) and isinstance(seg, str):
                pair = self._pairs(node).get(seg)
                if pair is None:
                    break
                key, node = pair
                line = key.start_mark.line + 1
            elif (isinstance(node, yaml.nodes.SequenceNode) and isinstance(seg, int)
                    and 0 <= seg < len(node.value)):
                node = node.value[seg]
                line = node.start_mark.line + 1
            else:  # past the data (a missing key, a short form): the line of the last found
                break
        if line is None:
            line = node.start_mark.line + 1 if path else None
        return line
