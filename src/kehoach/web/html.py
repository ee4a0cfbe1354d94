"""HTML of the plan form: the :class:`~kehoach.web.form.Node` tree drawn as fields.

Written in Python rather than as Jinja macros: the Hải Yến plan has some 450 fields, and a
macro call per field and per button made a page take 150 ms to draw; this takes a few. Every
value goes through :func:`markupsafe.escape`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from markupsafe import Markup, escape

from kehoach.web.form import Node, op_value


_PRESENT = ' <span class="muted">(đã có)</span>'


class Fields:
    """Draws a node tree; ``problems`` maps a slot id to its messages, ``invalid`` holds the
    ids of inputs to mark ``aria-invalid``."""

    def __init__(self, problems: Mapping[str, list[str]], invalid: set[str]) -> None:
        self.problems = problems
        self.invalid = invalid
        self.out: list[str] = []

    def draw(self, root: Node) -> Markup:
        for node in root.children:
            self.node(node)
        if root.advanced:
            labels = ", ".join(n.label for n in root.advanced).lower()
            self.out.append(f'<details class="advanced"><summary>Tùy chọn khác của kế hoạch '
                            f'({escape(labels)})</summary>')
            for node in root.advanced:
                self.node(node)
            self.out.append("</details>")
        return Markup("\n".join(self.out))

    # -------------------------------------------------------------------------------------

    def problem(self, n: Node) -> None:
        said = " ".join(self.problems.get(n.problem_id, ()))
        self.out.append(f'<p class="problem" id="{n.problem_id}">{escape(said)}</p>')

    def hint(self, n: Node) -> None:
        if n.hint:
            self.out.append(f'<p class="hint" id="h{n.id[1:]}">{escape(n.hint)}</p>')

    def tools(self, n: Node) -> None:
        what = escape(f"{n.label.lower()} {n.index}")
        up, down, drop = (escape(op_value(v, n.path)) for v in ("up", "down", "del"))
        self.out.append(
            '<span class="item-tools">'
            f'<button type="submit" class="tool" name="_op" value="{up}"'
            f'{" disabled" if n.first else ""} aria-label="Chuyển {what} lên" '
            'title="Chuyển lên">↑</button>'
            f'<button type="submit" class="tool" name="_op" value="{down}"'
            f'{" disabled" if n.last else ""} aria-label="Chuyển {what} xuống" '
            'title="Chuyển xuống">↓</button>'
            f'<button type="submit" class="tool danger" name="_op" value="{drop}" '
            f'aria-label="Xóa {what}" title="Xóa">✕</button></span>')

    def described(self, n: Node) -> str:
        ids = n.problem_id + (f" h{n.id[1:]}" if n.hint else "")
        out = f'aria-describedby="{ids}"'
        if n.id in self.invalid:
            out += ' aria-invalid="true"'
        if n.autofocus:
            out += " autofocus"
        return out

    def node(self, n: Node) -> None:
        if n.kind == "group":
            self.group(n)
        elif n.kind == "list":
            self.list(n)
        elif n.kind == "absent":
            self.out.append(f'<div class="absent" id="{n.id}"><span>{escape(n.label)}: chưa '
                            f'có</span><button type="submit" class="add" name="_op" '
                            f'value="{escape(op_value("set", n.path))}">+ '
                            f'{escape(n.adds[0][1])}</button>')
            self.problem(n)
            self.out.append("</div>")
        else:
            self.field(n)

    def group(self, n: Node) -> None:
        classes = "group" + (" item" if n.item else "") + \
            (f" block block-{n.tag}" if n.tag else "")
        focus = ' tabindex="-1" autofocus' if n.autofocus else ""
        badge = f' <span class="index">{n.index}</span>' if n.item and n.badge else ""
        self.out.append(f'<fieldset class="{classes}" id="{n.id}"{focus}>'
                        f'<legend>{escape(n.label)}{badge}</legend>')
        name = escape(n.name)
        if n.path:
            self.out.append(f'<input type="hidden" name="{name}.$" value="">')
        if n.tag:
            self.out.append(f'<input type="hidden" name="{name}.type" value="{escape(n.tag)}">')
        if n.item:
            self.tools(n)
        if n.removable:
            self.out.append(f'<span class="item-tools"><button type="submit" class="tool danger"'
                            f' name="_op" value="{escape(op_value("unset", n.path))}" '
                            f'aria-label="Bỏ {escape(n.label.lower())}" title="Bỏ">✕</button>'
                            '</span>')
        self.hint(n)
        self.problem(n)
        for child in n.children:
            self.node(child)
        if n.advanced:
            labels = ", ".join(c.label for c in n.advanced).lower()
            self.out.append(f'<details class="advanced"><summary>Tùy chọn khác '
                            f'({escape(labels)})</summary>')
            for child in n.advanced:
                self.node(child)
            self.out.append("</details>")
        self.out.append("</fieldset>")

    def list(self, n: Node) -> None:
        focus = ' tabindex="-1" autofocus' if n.autofocus else ""
        name = escape(n.name)
        self.out.append(f'<fieldset class="list" id="{n.id}"{focus}>'
                        f'<legend>{escape(n.label)}</legend>'
                        f'<input type="hidden" name="{name}.$" value="">')
        self.hint(n)
        self.problem(n)
        for child in n.children:
            self.node(child)
        if not n.children:
            self.out.append('<p class="muted empty">Chưa có.</p>')
        self.out.append('<div class="adds">')
        if len(n.adds) > 1:
            options = "".join(f'<option value="{escape(tag)}"'
                              f'{" selected" if tag == n.value else ""}>{escape(label)}</option>'
                              for tag, label in n.adds)
            self.out.append(
                f'<label for="k{n.id[1:]}">Thêm</label>'
                f'<select id="k{n.id[1:]}" name="_kind:{name}" class="kind">{options}</select>'
                f'<button type="submit" class="add" name="_op" '
                f'value="{escape(op_value("add", n.path))}" '
                f'aria-label="Thêm vào {escape(n.label.lower())}">+ Thêm</button>')
        else:
            tag, label = n.adds[0]
            self.out.append(f'<button type="submit" class="add" name="_op" '
                            f'value="{escape(op_value("add", n.path, tag))}">+ '
                            f'{escape(label or "Thêm dòng")}</button>')
        self.out.append("</div>")
        if n.picker:
            rows = "".join(
                f'<label><input type="checkbox" name="_pick:{name}" value="{number}"> '
                f'{number}. {escape(label)}'
                f'{_PRESENT if present else ""}</label>'
                for number, label, present in n.picker)
            self.out.append(
                f'<details class="picker"><summary>Chọn nhiều tiêu chí của '
                f'{escape(n.catalogue)}</summary><div class="criteria">{rows}</div>'
                f'<button type="submit" class="add" name="_op" '
                f'value="{escape(op_value("pick", n.path))}">+ Thêm giải pháp cho các tiêu '
                'chí đã chọn</button></details>')
        self.out.append("</fieldset>")

    def field(self, n: Node) -> None:
        required = '<span class="req" title="bắt buộc"> *</span>' \
            if n.required and not n.item else ""
        self.out.append(f'<div class="field field-{n.kind}{" item" if n.item else ""}">'
                        f'<label for="{n.id}">{escape(n.label)}{required}</label>'
                        '<div class="control">')
        name, value, attrs = escape(n.name), escape(n.value), self.described(n)
        if n.kind == "longtext":
            rows = max(2, len(n.value) // 80 + 1 + n.value.count("\n"))
            # The line break after the start tag is dropped by HTML: a value that starts with
            # one keeps it.
            self.out.append(f'<textarea id="{n.id}" name="{name}" rows="{rows}" {attrs}>\n'
                            f'{value}</textarea>')
        elif n.kind == "choice":
            options = _options(tuple(n.choices), n.value)
            names = f' data-names="{escape(n.data["names"])}"' if n.data.get("names") else ""
            self.out.append(f'<select id="{n.id}" name="{name}" {attrs}{names}>{options}'
                            '</select>')
        elif n.kind == "bool":
            checked = " checked" if n.value == "true" else ""
            self.out.append(f'<input type="hidden" name="{name}" value="false">'
                            f'<input type="checkbox" id="{n.id}" name="{name}" value="true"'
                            f'{checked} {attrs}>')
        else:
            extra = {"int": ' inputmode="numeric" class="short"',
                     "float": ' inputmode="decimal" class="short"',
                     "date": ' class="short" placeholder="08/3/2022"'}.get(n.kind, "")
            self.out.append(f'<input id="{n.id}" name="{name}" value="{value}"{extra} {attrs}>')
        if n.item:
            self.tools(n)
        self.out.append("</div>")
        self.hint(n)
        self.problem(n)
        self.out.append("</div>")


@functools.lru_cache(maxsize=64)
def _choices(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Each choice's value and its ``<option>``, drawn once per list (a criteria set's list is
    drawn for every criterion of a plan)."""
    return tuple((v, f'<option value="{escape(v)}">{escape(label)}</option>')
                 for v, label in choices)


def _options(choices: tuple[tuple[str, str], ...], selected: str) -> str:
    drawn = _choices(choices)
    return "".join(html.replace("<option ", "<option selected ", 1) if v == selected else html
                   for v, html in drawn)


def fields(root: Node, problems: Mapping[str, list[str]], invalid: set[str]) -> Markup:
    """The HTML of the form's fields."""
    return Fields(problems, invalid).draw(root)


def pairs(root: Node) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs a browser posts for the fields :func:`fields` draws of
    ``root`` (no button, no name starting with ``_``), in order; line breaks as LF.

    With :func:`kehoach.web.form.from_pairs` it gives the form data the page would post back
    untouched: how a save tells a form the clerk did not change from one they did.
    """
    out: list[tuple[str, str]] = []

    def walk(n: Node) -> None:
        if n.kind in ("group", "list"):
            if n.path:
                out.append((f"{n.name}.$", ""))
            if n.tag:
                out.append((f"{n.name}.type", n.tag))
            for child in (*n.children, *n.advanced):
                walk(child)
        elif n.kind == "bool":
            out.append((n.name, "false"))
            if n.value == "true":
                out.append((n.name, "true"))
        elif n.kind != "absent":
            out.append((n.name, n.value))

    for node in (*root.children, *root.advanced):
        walk(node)
    return out
