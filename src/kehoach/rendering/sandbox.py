"""Templates from users, rendered in a sandbox.

A template shipped with kehoach is code kehoach trusts. A template someone hands you (a .docx
with Jinja tags, from a colleague or downloaded) is not: Jinja tags are expressions, and an
ordinary Jinja environment lets an expression walk from any string to Python's internals
(``{{ ''.__class__.__mro__[1].__subclasses__() }}``) or read files
(``{% include '/etc/passwd' %}``).

    >>> from kehoach.rendering.templating import Template
    >>> template = Template.from_user("mau_cua_toi.docx")   # sandboxed
    >>> data = template.render(context)                      # RenderError if it misbehaves

A user template renders in :class:`SandboxEnvironment`:

* an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no attribute starting with ``_``
  (``__class__``, ``__globals__``, ``__subclasses__`` …), no internals of functions, frames or
  generators, no method that changes a list, dict or set, ``str.format`` checked the same way;
* no loader and no way to get one: ``include``, ``import``, ``from … import`` and ``extends``
  raise :class:`~jinja2.exceptions.SecurityError`, so a template reads no file;
* the same escaping and finalize as kehoach's own templates (data is escaped into the XML,
  docxtpl's ``{_{`` replacement never touches data), with autoescape forced on and no
  ``|safe`` filter, so no data reaches the XML unescaped;
* what it renders is read back strictly, as for every template (``kehoach.rendering.engine``): a
  hand-made template whose tags cut its XML apart gives an error, not a broken .docx;
* ``*`` and ``**`` bounded, so one expression cannot ask for gigabytes
  (``{{ 'x' * 10**12 }}``); ``range`` is bounded by Jinja's sandbox (100 000 items);
  ``lipsum`` is removed.

Every refusal is a :class:`jinja2.exceptions.SecurityError`, which
:meth:`kehoach.rendering.templating.Template.render` reports as :class:`~kehoach.errors.RenderError`.

Not covered: a template can still loop for a long time (nested ``range`` loops); render
untrusted templates under a time limit if that matters. Reading a hostile .docx safely (zip
bombs, XML entity tricks) is the checker's business, not this module's.
"""

from __future__ import annotations

import operator
from typing import Any, NoReturn

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from kehoach.rendering.environment import environment

#: The longest string or sequence a template may build with ``*``.
MAX_REPEAT_LENGTH = 1_000_000

#: The largest exponent a template may use with ``**``.
MAX_EXPONENT = 100


class SandboxEnvironment(ImmutableSandboxedEnvironment):
    """The Jinja environment user templates render in (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range
        self.globals.pop("lipsum", None)  # lipsum(n=10**6) is a memory bomb, and no plan needs it
        # |safe would let data through unescaped: data could then write XML into the document.
        self.filters.pop("safe", None)

    def get_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise SecurityError("a user template cannot include, import or extend another file "
                            "(include, import, from, extends are not allowed)")

    select_template = get_template
    get_or_select_template = get_template

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent {right!r} is larger than {MAX_EXPONENT}")
            return operator.pow(left, right)
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if (hasattr(seq, "__len__") and isinstance(times, int)
                        and not isinstance(seq, (int, float))
                        and len(seq) * times > MAX_REPEAT_LENGTH):
                    raise SecurityError(f"a repeated value longer than {MAX_REPEAT_LENGTH} "
                                        "items is not allowed")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


def _bounded_range(*args: int) -> range:
    try:
        return safe_range(*args)
    except OverflowError as exc:  # Jinja's own refusal, reported as the others are
        raise SecurityError(str(exc)) from None


def sandboxed_environment() -> SandboxEnvironment:
    """A sandbox with the settings of kehoach's own environment, and no loader.

    The finalize (escaping, protection of data from docxtpl's ``{_{``), the strict undefined
    and the newline handling are taken from :func:`kehoach.rendering.environment.environment`, so a user
    template writes data exactly as a bundled one does.
    """
    trusted = environment()
    return SandboxEnvironment(
        autoescape=True,
        finalize=trusted.finalize,
        undefined=trusted.undefined,
        keep_trailing_newline=trusted.keep_trailing_newline,
        loader=None,
    )

