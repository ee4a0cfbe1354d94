"""The lint rules: each a function of a plan that yields its findings (id, field, message)."""

from __future__ import annotations

import datetime as _dt
import enum
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path as _FilePath

import attrs

from kehoach.data.problems import Path, format_path
from kehoach.model import (
    CriterionSolution,
    IssueDate,
    LegalBasis,
    NewRuralPlan,
    Official,
    Plan,
    Footnote,
    RichText,
    Span,
    Table,
    TaskTable,
    canonical,
    parse_markup,
    plain_text,
)
from kehoach.layout.profile import DEFAULT_PROFILE, TWIPS_PER_CM
from kehoach.model import catalogues
from kehoach.model.catalogues import date_span, describe_date, match_key
from kehoach.rendering.context import table_room, task_table
from kehoach.rendering.conventions import long_date, short_date


@attrs.frozen
class Finding:
    """Một cảnh báo: what looks wrong, by which rule, in which field (and line of the file)."""

    rule: str
    path: Path
    message: str
    line: int | None = None

    @property
    def where(self) -> str:
        return format_path(self.path)

    def at(self, line: int | None) -> Finding:
        return attrs.evolve(self, line=line)

    def describe(self, source: str = "", *, command: bool = False) -> str:
        """``ke_hoach.yaml:35: title: [L1] trích yếu bắt đầu bằng …``. ``command``: as the
        command line prints it, whose way to leave a warning aside is ``--bo-qua``."""
        place = source + (f":{self.line}" if self.line is not None else "")
        head = ": ".join(p for p in (place, self.where) if p)
        message = self.message
        if command and self.rule in SKIP_HINTS:
            message = message.removesuffix(_python_skip(self.rule)) + _command_skip(self.rule)
        return f"{head}: [{self.rule}] {message}" if head else f"[{self.rule}] {message}"


#: Rules whose finding may be right as written (a sample name that is a real name): how to
#: say so, in Python (filter the finding out) or on the command line (``--bo-qua``).
SKIP_HINTS: dict[str, str] = {"L3": "nếu đúng là tên thật thì bỏ qua cảnh báo này"}


def _python_skip(rule_id: str) -> str:
    return f" ({SKIP_HINTS[rule_id]}: bỏ các Finding có rule == \"{rule_id}\")"


def _command_skip(rule_id: str) -> str:
    return f" ({SKIP_HINTS[rule_id]}, hoặc thêm --bo-qua {rule_id} vào lệnh)"

    def __str__(self) -> str:
        return self.describe()


@attrs.frozen
class Rule:
    """Một quy tắc soát: its id, what it looks for, and the function that looks."""

    id: str
    title: str
    check: Callable[[Plan], Iterator[tuple[Path, str]]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, title: str):
    def register(check: Callable[[Plan], Iterator[tuple[Path, str]]]):
        RULES[rule_id] = Rule(rule_id, title, check)
        return check
    return register


#: The starter files of ``kehoach new`` (``kehoach/data/starters``).
STARTERS = _FilePath(__file__).resolve().parents[1] / "data" / "starters"

#: The fields of a plan in the order the document prints them (and the starter lists them).
PRINTED_ORDER = ("type", "criteria_set", "issuer", "number", "date", "title", "legal_bases",
                 "opening", "part_numbering", "parts", "closing", "signer", "recipients",
                 "archive", "appendices")


def lint(plan: Plan) -> list[Finding]:
    """Every finding of every rule in ``plan``, in the order the document prints its fields.

    ``kehoach.lint(plan)``: a list of :class:`Finding` (rule id, field path, message); empty
    when nothing looks wrong.
    """
    found = [Finding(r.id, path, message) for r in RULES.values() for path, message in r.check(plan)]
    order = {path: i for i, (path, _) in enumerate(iter_texts(plan))}
    return sorted(found, key=lambda f: (_rank(f.path, order), f.rule))


def _rank(path: Path, order: dict[Path, int]) -> tuple[int, int]:
    top = PRINTED_ORDER.index(path[0]) if path and path[0] in PRINTED_ORDER else len(PRINTED_ORDER)
    while path and path not in order:
        path = path[:-1]
    return top, order.get(path, -1)


# --------------------------------------------------------------------------------------------
# Walking a plan


def iter_texts(obj: object, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """``(path, text)`` for every text of ``obj``; paths are the data file's keys
    (``("parts", 1, "children", 0, "text")``), which are the model's field names."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, RichText):  # its words, then each footnote's, at the field's path
        yield path, obj.text
        for note in obj.footnotes:
            yield from iter_texts(note.text, path)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_texts(item, (*path, i))
    elif attrs.has(type(obj)) and not isinstance(obj, enum.Enum):
        for field in attrs.fields(type(obj)):
            yield from iter_texts(getattr(obj, field.name), (*path, field.name))


def iter_instances(obj: object, cls: type, path: Path = ()) -> Iterator[tuple[Path, object]]:
    """``(path, instance)`` for every instance of ``cls`` in ``obj``."""
    if isinstance(obj, cls):
        yield path, obj
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_instances(item, cls, (*path, i))
    elif attrs.has(type(obj)) and not isinstance(obj, enum.Enum):
        for field in attrs.fields(type(obj)):
            yield from iter_instances(getattr(obj, field.name), cls, (*path, field.name))


_PUNCTUATION = re.compile(r"[^\w\s]")


def _words(text: str) -> str:
    """Text as words for matching: punctuation, case and tone-mark place aside."""
    return " " + match_key(_PUNCTUATION.sub(" ", text)) + " "


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    """The letters and digits of ``text`` as :func:`_words` decomposes them, marks, spaces and
    punctuation left out: when ``_words(a) in _words(b)``, ``_letters(a) in _letters(b)``
    (a quick test before the full match)."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    return _NOT_LETTERS.sub("", folded)


def _date(d: _dt.date) -> str:
    return short_date(d)


# --------------------------------------------------------------------------------------------
# L1: the kind printed twice


@rule("L1", "Trích yếu lặp lại tên loại “Kế hoạch”")
def title_repeats_the_kind(plan: Plan) -> Iterator[tuple[Path, str]]:
    kind = _words(plan.DOCUMENT_KIND)
    title = _words(plan.title)
    # "Kế hoạch hóa gia đình" is a subject (family planning), not the kind.
    if title.startswith(kind) and not title.startswith(_words("Kế hoạch hóa")):
        rest = plan.title.strip()[len(plan.DOCUMENT_KIND):].lstrip(" :-–")
        hint = f" (viết “{rest[:1].upper()}{rest[1:]}”)" if rest else ""
        yield ("title",), (f"trích yếu bắt đầu bằng “{plan.title.strip()[:len(plan.DOCUMENT_KIND)]}”"
                           f", mà tên loại {plan.DOCUMENT_KIND.upper()} đã in ngay phía trên; bỏ "
                           f"chữ “{plan.DOCUMENT_KIND}” ở đầu trích yếu{hint}")


# --------------------------------------------------------------------------------------------
# L2, L3: the starter's placeholders and sample names left in

#: A placeholder: dots, an ellipsis or underscores standing alone (not "v.v…" after a word).
PLACEHOLDER = re.compile(r"(?<![\w.])(…+|\.{3,}|_{3,})(?![\w])")


def excerpt(text: str, start: int, end: int, room: int) -> str:
    """``text[start:end]`` with about ``room`` characters each side, cut between words (a
    word is never cut), ``…`` where text is left out."""
    left = max(0, start - room)
    if left:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else start
    right = min(len(text), end + room)
    if right < len(text):
        space = text.rfind(" ", end, right + 1)
        right = space if space >= 0 else end
    shown = text[left:right].strip()
    return ("…" if left > 0 else "") + shown + ("…" if right < len(text) else "")


@rule("L2", "Chỗ trống “…” chưa điền")
def blanks_left(plan: Plan) -> Iterator[tuple[Path, str]]:
    for path, text in iter_texts(plan):
        match = PLACEHOLDER.search(text)
        if match:
            shown = excerpt(text, match.start(), match.end(), 20)
            yield path, (f"còn chỗ trống “{match.group()}” chưa điền (“{shown}”); điền nội dung "
                         "thật trước khi ban hành")


@cache
def sample_names() -> frozenset[str]:
    """The names the starters (``kehoach new``) use as samples: people, the commune.

    Read from the starter files themselves, so a changed starter changes what is looked for.
    Reading them is a good part of a one-plan ``kehoach render``: the names are kept on disk
    (:mod:`kehoach.rendering.cache`), keyed on the starters' bytes and this code.
    """
    from kehoach.rendering import cache as disk

    folder = STARTERS
    files = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".yaml"))
    texts = tuple((folder / name).read_bytes() for name in files)
    key = disk.key("sample-names", (*(name.encode() for name in files), *texts),
                   ("linter/rules.py", "model/plan.py"))
    kept = disk.load(key)
    if isinstance(kept, frozenset) and all(isinstance(name, str) for name in kept):
        return kept
    from kehoach import data

    names: set[str] = set()
    for name, text in zip(files, texts):
        plan = data.loads(text.decode("utf-8"), "yaml", source=name)
        names.add(plan.signer.name)
        names.add(plan.issuer.place)
        names.update(o.name for _, o in iter_instances(plan, Official) if o.name)
    found = frozenset(names)
    disk.store(key, found)
    return found


@cache
def sample_places() -> frozenset[str]:
    """The place names of the starters (``place: Hòa An``): real communes' names too, so a
    place alone is no sign of a starter left unfilled (see :func:`sample_names_left`)."""
    found = set()
    for entry in os.scandir(STARTERS):
        if entry.name.endswith(".yaml"):
            text = _FilePath(entry.path).read_text(encoding="utf-8")
            found.update(m.group(1) for m in re.finditer(r"(?m)^\s*place:\s*([^#\n]+?)\s*(?:#|$)",
                                                         text))
    return frozenset(found)


@rule("L3", "Tên mẫu của tệp mẫu chưa thay")
def sample_names_left(plan: Plan) -> Iterator[tuple[Path, str]]:
    """The starters' sample people (``Nguyễn Văn A``, no one's real name) left in; their
    commune (``Hòa An``, a real commune's name too) only beside such a sample."""
    found = list(_samples_in(plan))
    places = sample_places()
    if all(name in places for name, _ in found):
        return
    for name, (path, message) in found:
        yield path, message


def _samples_in(plan: Plan) -> Iterator[tuple[str, tuple[Path, str]]]:
    samples = [(name, _words(name), _letters(name)) for name in sorted(sample_names())]
    for path, text in iter_texts(plan):
        # Most texts hold no sample name: their letters, without tone marks, spaces or
        # punctuation, already do not contain the name's; only the others get the full match.
        letters = _letters(text)
        candidates = [(name, words) for name, words, name_letters in samples
                      if name_letters in letters]
        if not candidates:
            continue
        words = _words(text)
        for name, name_words in candidates:
            if name_words in words:
                yield name, (path, f"còn tên mẫu “{name}” của tệp mẫu (kehoach new); thay "
                                   "bằng tên thật" + _python_skip("L3"))
                break


# --------------------------------------------------------------------------------------------
# L4, L5: the dates of the căn cứ


def _legal_bases(plan: Plan) -> Iterator[tuple[Path, LegalBasis]]:
    for i, basis in enumerate(plan.legal_bases):
        yield ("legal_bases", i), basis


@rule("L4", "Căn cứ ban hành sau kế hoạch")
def basis_after_the_plan(plan: Plan) -> Iterator[tuple[Path, str]]:
    _, last = date_span(plan.date)
    for path, basis in _legal_bases(plan):
        if basis.date is not None and basis.date > last:
            yield (*path, "date"), (
                f"căn cứ ngày {_date(basis.date)}, sau ngày ban hành kế hoạch "
                f"({_plan_date(plan.date)}): một văn bản chỉ căn cứ vào văn bản đã có; kiểm tra "
                "lại ngày của căn cứ hoặc của kế hoạch")
        for field, text in _basis_texts(basis):
            for found, when in _dates_in(text):
                if when is not None and when > last:
                    yield (*path, field), (
                        f"căn cứ ngày {found}, sau ngày ban hành kế hoạch "
                        f"({_plan_date(plan.date)}); kiểm tra lại ngày")


def _plan_date(date: IssueDate) -> str:
    return describe_date(date).removeprefix("ngày ")


def _basis_texts(basis: LegalBasis) -> Iterator[tuple[str, str]]:
    for field in ("kind", "number", "issuer", "subject"):
        value = getattr(basis, field)
        if value:
            yield field, value


_SHORT = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")
_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _dates_in(text: str) -> Iterator[tuple[str, _dt.date | None]]:
    """``(as written, the date)`` of each date in ``text`` (``None`` if not in the calendar)."""
    for match in _SHORT.finditer(text):
        day, _, month, year = match.groups()
        yield match.group(), _calendar(int(year), int(month), int(day))
    for match in _LONG.finditer(text):
        day, month, year = match.groups()
        yield match.group(), _calendar(int(year), int(month), int(day))


def _calendar(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


@rule("L5", "Ngày trong căn cứ viết khác thể thức")
def dates_typed_in_text(plan: Plan) -> Iterator[tuple[Path, str]]:
    places = [(path + (field,), text) for path, basis in _legal_bases(plan)
              for field, text in _basis_texts(basis)]
    if plan.opening:
        places.extend((("opening",), text) for _, text in iter_texts(plan.opening))
    for path, text in places:
        for written, when in _dates_in(text):
            if when is None:
                yield path, f"“{written}” không phải một ngày có trong lịch; kiểm tra lại"
                continue
            expected = (long_date(when) if written.lower().startswith("ngày")
                        else short_date(when))
            move = ""
            if path[0] == "legal_bases" and plan.legal_bases[path[1]].date is None:
                move = "; hoặc ghi ngày vào khóa date của căn cứ để kehoach tự viết"
            if written != expected:
                yield path, (f"ngày “{written}” viết theo Nghị định 30 là “{expected}” (ngày "
                             "dưới 10 và tháng 1, 2 có số 0 ở đầu: 05/02; tháng 3–12 không: "
                             f"05/3){move}")


# --------------------------------------------------------------------------------------------
# L6: district bodies after 1 July 2025

#: From this day local government has two levels, province and commune (Luật Tổ chức chính
#: quyền địa phương 2025); districts (huyện, quận) no longer exist.
TWO_LEVELS_FROM = _dt.date(2025, 7, 1)
DISTRICT = re.compile(r"(?<!\w)(huyện|quận)(?!\w)", re.IGNORECASE)
#: Words before a place's or a street's proper name: after them "Huyện Sơn" is a name
#: (``thôn Huyện Sơn``, ``đường Bà Huyện Thanh Quan``), not a district body.
PLACE_WORDS = frozenset({"thôn", "xóm", "bản", "làng", "ấp", "buôn", "sóc", "tổ", "khu", "phố",
                         "đường", "ngõ", "ngách", "hẻm", "kiệt", "xã", "phường",
                         "sông", "suối", "núi", "đồi", "đèo", "chợ", "cầu", "bến", "đình",
                         "chùa", "đền", "trường", "bà", "ông"})


def _names_a_district(text: str, match: re.Match) -> bool:
    """Whether ``huyện``/``quận`` at ``match`` speaks of a district (a body, a level), not of
    a proper name that holds the word: a capitalised ``Huyện`` followed by a capitalised
    syllable, after a place word or inside a name (``thôn Huyện Sơn``, ``Bà Huyện Thanh
    Quan``)."""
    word = match.group()
    after = text[match.end():].split(maxsplit=1)
    before = text[:match.start()].split()
    if not word[:1].isupper() or not after or not after[0][:1].isupper():
        return True
    if not before:
        return True
    previous = before[-1].strip("“”\"'(,")
    if previous.casefold() in PLACE_WORDS:
        return False
    # Inside a name: the word before is capitalised but not an abbreviation (UBND, HĐND).
    return not (previous[:1].isupper() and previous[1:] == previous[1:].lower()
                and previous[1:] != "")


@rule("L6", "Nhắc đến cấp huyện sau ngày 01/7/2025")
def district_after_two_levels(plan: Plan) -> Iterator[tuple[Path, str]]:
    first, _ = date_span(plan.date)
    if first < TWO_LEVELS_FROM:
        return
    for path, text in iter_texts(plan):
        if path[:1] == ("legal_bases",):
            basis = plan.legal_bases[path[1]]
            if basis.date is not None and basis.date < TWO_LEVELS_FROM:
                continue  # a document a district issued while it existed
        match = next((m for m in DISTRICT.finditer(text) if _names_a_district(text, m)), None)
        if match:
            shown = excerpt(text, match.start(), match.end(), 25)
            yield path, (f"nhắc đến cấp {match.group().lower()} (“{shown}”), nhưng từ ngày "
                         "01/7/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã), không còn "
                         "cấp huyện; kiểm tra lại cơ quan được nêu")


# --------------------------------------------------------------------------------------------
# L7–L9: criteria sets and the decisions behind them


def _solutions(plan: Plan) -> Iterator[tuple[Path, CriterionSolution]]:
    yield from iter_instances(plan.parts, CriterionSolution, ("parts",))


@rule("L7", "Tên tiêu chí khác tên chưa đối chiếu")
def unconfirmed_names(plan: Plan) -> Iterator[tuple[Path, str]]:
    if not isinstance(plan, NewRuralPlan):
        return
    catalogue = catalogues.get(plan.criteria_set)
    for path, solution in _solutions(plan):
        problem = catalogue.check(solution.number, solution.name)
        if problem and not catalogue.refuses(solution.number, solution.name):
            yield (*path, "name"), problem + "; kiểm tra lại theo văn bản Quyết định"


def _today() -> _dt.date:
    """Today's date (a function, so tests can set the day)."""
    return _dt.date.today()


@rule("L8", "Dự thảo có thể ký ngoài thời gian áp dụng của bộ tiêu chí")
def draft_across_sets(plan: Plan) -> Iterator[tuple[Path, str]]:
    if not isinstance(plan, NewRuralPlan):
        return
    catalogue = catalogues.get(plan.criteria_set)
    first, last = date_span(plan.date)
    # A draft is signed from today on: the days of its span already past do not count.
    today = _today()
    if first < today <= last:
        first = today
    if first == last or (catalogue.applies_from <= first and last <= catalogue.last_day):
        return
    if first < catalogue.applies_from:
        when = f"trước ngày {short_date(catalogue.applies_from)}"
    else:
        when = f"sau ngày {short_date(catalogue.last_day)}"
    others = [c.id for c in catalogues.catalogues().values()
              if c.id != catalogue.id and c.kind == catalogue.kind and c.applies_to(plan.date)]
    use = f" mà phải dùng {', '.join(others)}" if others else ""
    yield ("criteria_set",), (f"bản dự thảo {describe_date(plan.date)}: nếu ký {when} thì "
                              f"không dùng được {catalogue.id}{use}")


@rule("L9", "Căn cứ một quyết định đã hết hiệu lực")
def replaced_decisions(plan: Plan) -> Iterator[tuple[Path, str]]:
    first, _ = date_span(plan.date)
    ended: dict[str, catalogues.Catalogue] = {}
    for catalogue in catalogues.catalogues().values():
        if catalogue.applies_until is not None and catalogue.applies_until < first:
            ended[catalogue.decision_number.split("số ")[-1]] = catalogue
    still = {c.decision_number.split("số ")[-1] for c in catalogues.catalogues().values()
             if c.applies_to(plan.date)}
    for path, basis in _legal_bases(plan):
        for number, catalogue in ended.items():
            if number in still:
                continue
            texts = " ".join(text for _, text in _basis_texts(basis)).replace(" ", "")
            if number.replace(" ", "") in texts:
                successor = catalogues.catalogues().get(catalogue.replaced_by or "")
                by = f"; nay là {successor.decision_number}" if successor else ""
                yield path, (f"căn cứ {catalogue.decision_number} ({catalogue.name}), đã hết hiệu "
                             f"lực từ ngày {short_date(catalogue.last_day + _dt.timedelta(1))}{by}")


@rule("L10", "Bảng quá rộng, không lọt trang")
def table_too_wide(plan: Plan) -> Iterator[tuple[Path, str]]:
    profile = plan.layout or DEFAULT_PROFILE
    for cls in (Table, TaskTable):
        for path, table in iter_instances(plan, cls):
            general = table if isinstance(table, Table) else task_table(table)
            needed, available, landscape = table_room(general, profile)
            if needed > available:
                page = "trang ngang" if landscape else "trang dọc (landscape: false)"
                columns = len(general.columns) + (1 if general.numbered else 0)
                yield path, (f"bảng {columns} cột cần ít nhất {_cm(needed)} cm để không chữ "
                             f"nào bị ngắt giữa chừng, {page} chỉ có {_cm(available)} cm; bớt "
                             "cột, viết gọn chữ trong cột, hoặc tách thành hai bảng")


def _cm(twips: int) -> str:
    return f"{twips / TWIPS_PER_CM:.1f}".replace(".", ",")


# --------------------------------------------------------------------------------------------
# Markup left in the text: what a clerk meant as emphasis and the document prints as signs


def _fields(obj: object, path: Path = ()) -> Iterator[tuple[Path, object, bool]]:
    """``(path, value, rich)`` for every text of ``obj``: ``rich`` when the field reads the
    data files' markup (running text), not when it prints its text as typed."""
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _fields(item, (*path, i))
        return
    if not attrs.has(type(obj)) or isinstance(obj, enum.Enum):
        return
    if isinstance(obj, (RichText, Span, Footnote)):
        return
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        here = (*path, field.name)
        if field.converter is canonical:
            if isinstance(value, (str, RichText)):
                yield here, value, True
        elif isinstance(value, str):
            yield here, value, False
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            for i, line in enumerate(value):
                yield (*here, i), line, False
        else:
            yield from _fields(value, here)


#: A marker run (``*``, ``**``, ``***``, ``__``) touching a letter or a digit.
_STUCK = re.compile(r"(?<![*_])(?:\*{1,3}|__)(?![*_])")


def _stuck_markers(line: str) -> list[str]:
    """The marker runs of ``line`` printed as signs though they look meant as emphasis: a run
    touching a word on its right (an opening) before one touching a word on its left (a
    closing), as in ``chức**lần thứ nhất**năm``; a run between two digits (``3*4``) or between
    spaces (``a * b``) is left alone."""
    opening = False
    for m in _STUCK.finditer(line):
        left = m.start() > 0 and line[m.start() - 1].isalnum()
        right = m.end() < len(line) and line[m.end()].isalnum()
        if left and right and line[m.start() - 1].isdigit() and line[m.end()].isdigit():
            continue
        if left and opening:
            return [m.group()]
        opening = opening or right
    return []


def _texts_of(value: str | RichText) -> Iterator[str]:
    """The words of a text and of its footnotes, line by line."""
    yield from plain_text(value).split("\n")
    if isinstance(value, RichText):
        for note in value.footnotes:
            yield from _texts_of(note.text)


_NESTED_NOTE = re.compile(r"\^\[[^\]]*\S[^\]]*\]")


@rule("L11", "Dấu đánh dấu còn lại trong chữ")
def markers_left(plan: Plan) -> Iterator[tuple[Path, str]]:
    for path, value, rich in _fields(plan):
        if not rich:
            continue
        notes = value.footnotes if isinstance(value, RichText) else ()
        nested = next((m.group() for n in notes for m in [_NESTED_NOTE.search(plain_text(n.text))]
                       if m), None)
        if nested:
            # A footnote holds no footnote (Word has none in a footnote): the inner one prints.
            yield path, (f"chú thích trong chú thích in nguyên dấu: «{nested}»; Word không có chú "
                         "thích lồng nhau: viết thành một chú thích riêng ngay sau chữ cần chú "
                         "thích")
            continue
        for line in _texts_of(value):
            runs = _stuck_markers(line)
            # Signs that would read as markup were escaped on purpose (\*\*không đậm\*\*).
            if runs and parse_markup(line) == line:
                shown = line if len(line) <= 60 else line[:57] + "…"
                yield path, (f"dấu «{runs[0]}» không thành chữ đậm, nghiêng hay gạch chân mà in "
                             f"nguyên dấu: «{shown}»; dấu mở đứng sau một dấu cách, dấu đóng "
                             "trước dấu cách hay dấu câu (… **lần thứ nhất** …), dấu đóng cùng "
                             "loại với dấu mở; muốn in đúng dấu sao thì gõ \\*")
                break


@rule("L12", "Đánh dấu trong chỗ không đọc đánh dấu")
def markup_in_plain_fields(plan: Plan) -> Iterator[tuple[Path, str]]:
    for path, value, rich in _fields(plan):
        if rich or not isinstance(value, str):
            continue
        read = parse_markup(value)
        if read != value:
            what = ("chú thích «^[…]»" if isinstance(read, RichText) and read.footnotes
                    else "chữ đậm, nghiêng, gạch chân")
            yield path, (f"chỗ này in chữ đúng như gõ, không đọc {what}: «{value}» sẽ in cả "
                         "các dấu; bỏ các dấu đó (tên mục, nơi nhận, tên cơ quan … luôn in "
                         "theo kiểu của Nghị định 30)")
