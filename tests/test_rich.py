"""Rich text (issue 10.1): spans in Python, a small markup in data files, runs in the .docx.

What a clerk types comes out as typed unless it is unmistakably markup; any span structure
survives a trip through a data file; every character of a rich text reaches the document with
its emphasis, read back run by run.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import kehoach as kh
from kehoach import data
from kehoach.model import Footnote, RichText, Span, escape_markup, parse_markup, to_markup
from kehoach.errors import PlanDataError
from kehoach.model import decree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def spans(value) -> list[tuple[str, bool, bool, bool]]:
    """(text, bold, italic, underline) of each span; a footnote as ("^", its text)."""
    if isinstance(value, str):
        return [(value, False, False, False)]
    return [(p.text, p.bold, p.italic, p.underline) if isinstance(p, Span)
            else ("^", kh.model.plain_text(p.text)) for p in value.parts]


# --------------------------------------------------------------------------------------------
# The markup: literal what is not unmistakable


@pytest.mark.parametrize("typed", [
    "3*4", "3 * 4 * 5", "a*b*c", "file_name", "__init", "tên_tệp_mới", "[1]", "[1], [2]",
    "(*) và (**)", "(*)", "*", "**", "***", "****x****", "____", "Họ tên: ______ ngày __",
    "2^3", "a^[", "^[]", "^[   ]", "x ^[ ", "C:\\Tài liệu\\kế hoạch", "giá 5*", "*ghi chú",
    "** không đậm **", "* không nghiêng *", "__ không gạch __", "a**b**c", "x__y__z",
    "**mở\nđóng**", "“*”", "5 * (3 + 2)", "Mục * và mục *", "2*x*", "x**đậm** y", "file__name__",
    "(*)abc(*)", "* a *", "a*", "*)", "__ __", "^[chú thích",
])
def test_what_is_not_markup_comes_out_as_typed(typed):
    assert parse_markup(typed) == typed
    plan = data.loads(MINIMAL.replace("PARAGRAPH", _yaml(typed)))
    assert plan.parts[0].children[0].text == typed


@pytest.mark.parametrize(("typed", "expected"), [
    ("Tổ chức **lần thứ nhất** năm 2026",
     [("Tổ chức ", 0, 0, 0), ("lần thứ nhất", 1, 0, 0), (" năm 2026", 0, 0, 0)]),
    ("các thôn *(trừ thôn Nà Pàn)* thực hiện",
     [("các thôn ", 0, 0, 0), ("(trừ thôn Nà Pàn)", 0, 1, 0), (" thực hiện", 0, 0, 0)]),
    ("***đậm nghiêng***", [("đậm nghiêng", 1, 1, 0)]),
    ("hạn __trước ngày 30/6__.", [("hạn ", 0, 0, 0), ("trước ngày 30/6", 0, 0, 1),
                                  (".", 0, 0, 0)]),
    ("**đậm *cả nghiêng* rồi đậm**", [("đậm ", 1, 0, 0), ("cả nghiêng", 1, 1, 0),
                                      (" rồi đậm", 1, 0, 0)]),
    ("**Sở Tư pháp:** chủ trì", [("Sở Tư pháp:", 1, 0, 0), (" chủ trì", 0, 0, 0)]),
    ("“**trích**”", [("“", 0, 0, 0), ("trích", 1, 0, 0), ("”", 0, 0, 0)]),
    ("câu cuối, **phần này đậm.**", [("câu cuối, ", 0, 0, 0), ("phần này đậm.", 1, 0, 0)]),
])
def test_unmistakable_markup_is_read(typed, expected):
    assert spans(parse_markup(typed)) == [(t, bool(b), bool(i), bool(u)) for t, b, i, u in expected]


def test_footnotes_in_markup():
    value = parse_markup("Luật Đất đai^[Luật số 31/2024/QH15, **có hiệu lực** [từ 2024]] quy định")
    assert spans(value) == [("Luật Đất đai", False, False, False),
                            ("^", "Luật số 31/2024/QH15, có hiệu lực [từ 2024]"),
                            (" quy định", False, False, False)]
    note = value.parts[1].text
    assert spans(note)[1] == ("có hiệu lực", True, False, False)
    # A footnote holds no footnote: inside one, ^[ is text.
    inner = parse_markup("a^[b ^[c] d]").parts[1].text
    assert inner == "b ^[c] d"


@pytest.mark.parametrize(("typed", "expected"), [
    ("Thực hiện **Luật Thư viện**^[Luật số 46/2019/QH14.] và",
     [("Thực hiện ", False, False, False), ("Luật Thư viện", True, False, False),
      ("^", "Luật số 46/2019/QH14."), (" và", False, False, False)]),
    ("*(điều chỉnh)*^[Năm 2026.]", [("(điều chỉnh)", False, True, False), ("^", "Năm 2026.")]),
    ("__Phụ lục__^[x] kèm theo", [("Phụ lục", False, False, True), ("^", "x"),
                                  (" kèm theo", False, False, False)]),
])
def test_emphasis_closes_right_before_a_footnote(typed, expected):
    """The guide puts ``^[…]`` right after the words it notes: after emphasised words too.
    The markers were printed (``**Luật Thư viện**``) because a footnote counted as a word."""
    assert spans(parse_markup(typed)) == expected


@pytest.mark.parametrize(("typed", "text"), [
    ("\\*\\*không đậm\\*\\*", "**không đậm**"),
    ("\\_\\_x\\_\\_", "__x__"),
    ("\\^[1]", "^[1]"),
    ("a\\b", "a\\b"),          # a backslash before other characters stays
    ("kết thúc\\", "kết thúc\\"),
    # A backslash escapes only what would be markup: before anything else it is text.
    ("\\\\*", "\\\\*"),       # two backslashes before a star that is no marker
    ("D:\\_Luu\\[2026]\\*.docx", "D:\\_Luu\\[2026]\\*.docx"),
    ("C:\\Users\\*.docx", "C:\\Users\\*.docx"),
    ("\\\\máy-chủ\\chia_sẻ\\__init__.py", "\\\\máy-chủ\\chia_sẻ\\__init__.py"),
    ("mẫu \\*.xlsx và *.docx", "mẫu \\*.xlsx và *.docx"),
])
def test_the_escape(typed, text):
    assert parse_markup(typed) == text


def test_two_backslashes_before_markup_give_one():
    assert spans(parse_markup("C:\\\\**Tài liệu**")) == [("C:\\", False, False, False),
                                                       ("Tài liệu", True, False, False)]
    # A kept backslash is not seen by the markers around it.
    assert spans(parse_markup("**\\[x]**")) == [("\\[x]", True, False, False)]


# --------------------------------------------------------------------------------------------
# Properties: plain text round-trips unchanged; any span structure round-trips

# Neither control characters nor the noncharacters U+FFFE, U+FFFF: a .docx cannot hold them
# (the model refuses them with a message).
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                         exclude_characters="\ufffe\uffff")
MARKUP_HEAVY = st.text(st.sampled_from("ab *_^[]\\()“”.,:\n"), max_size=30)
any_text = st.one_of(st.text(ALPHABET, max_size=40), MARKUP_HEAVY)


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_any_plain_string_round_trips_through_the_markup(text):
    text = unicodedata.normalize("NFC", text)
    assert parse_markup(escape_markup(text)) == text
    written = to_markup(text)
    assert written is not None and parse_markup(written) == text


@settings(max_examples=150, deadline=None)
@given(any_text.filter(lambda t: unicodedata.normalize("NFC", t).strip()
                       and decree.typed_label(unicodedata.normalize("NFC", t)) is None))
def test_any_plain_string_in_a_plan_round_trips_through_every_format(text):
    base = data.loads(MINIMAL.replace("PARAGRAPH", "x"))
    plan = kh.Plan(issuer=base.issuer, date=base.date, title=base.title, signer=base.signer,
                   parts=[kh.Part("Nội dung", [kh.Paragraph(text), kh.Bullet(text)])])
    assert isinstance(plan.parts[0].children[0].text, str)  # plain in Python, always
    for fmt in data.FORMATS:
        assert data.loads(data.dumps(plan, fmt), fmt) == plan, fmt


span_strategy = st.builds(Span, st.text(ALPHABET, min_size=1, max_size=12), st.booleans(),
                          st.booleans(), st.booleans())
footnote_strategy = st.builds(
    Footnote, st.lists(span_strategy, min_size=1, max_size=3).map(lambda p: RichText(*p)).filter(
        lambda r: kh.model.plain_text(r).strip() if isinstance(r, (str, RichText)) else False))
rich_strategy = st.lists(st.one_of(span_strategy, span_strategy, footnote_strategy),
                         min_size=1, max_size=6).map(lambda p: RichText(*p)).filter(
    # A paragraph may not start with a typed label ("a)", "1."): the model refuses it (R28–R30);
    # nor be wholly italic unless a note in brackets (R23).
    lambda r: r.text.strip() and decree.typed_label(r.text) is None
    and not (all(p.italic for p in r.parts if isinstance(p, Span) and p.text.strip())
             and not decree.italic_allowed(r.text)))


def _field(value):
    """A value as a rich field holds it (plain text as ``str``)."""
    return kh.model.canonical(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rich_strategy)
def test_any_span_structure_round_trips_through_data_files(rich):
    value = _field(rich)
    plan = data.loads(MINIMAL.replace("PARAGRAPH", "x"))
    plan = plan.__class__(**{**{f: getattr(plan, f) for f in ("issuer", "date", "title",
                                                               "signer")},
                             "parts": [kh.Part("Nội dung", [kh.Paragraph(value)])]})
    for fmt in data.FORMATS:
        assert data.loads(data.dumps(plan, fmt), fmt) == plan, fmt
    written = to_markup(value)
    if written is not None:
        assert parse_markup(written) == value


def test_equal_texts_are_equal_values():
    assert kh.Paragraph(RichText("abc")) == kh.Paragraph("abc")
    assert RichText("a", "b", kh.bold("c"), kh.bold("d")) == RichText("ab", kh.bold("cd"))
    assert "Tổ chức " + kh.bold("x") == RichText("Tổ chức ", kh.bold("x"))
    assert kh.bold(kh.italic("x")).parts == (Span("x", bold=True, italic=True),)
    assert kh.Paragraph(["a ", kh.bold("b")]).text == RichText("a ", kh.bold("b"))


def test_rich_text_errors_name_the_field():
    with pytest.raises(kh.PlanDataError, match=r"^Paragraph\.text: không được để trống"):
        kh.Paragraph(RichText("  ", Footnote("chỉ có chú thích")))
    with pytest.raises(kh.PlanDataError, match=r"^Span\.text: chứa ký tự điều khiển U\+000B"):
        kh.bold("a\x0bb")
    with pytest.raises(kh.PlanDataError, match=r"^RichText\.parts\[1\]"):
        RichText("a", 12)
    with pytest.raises(kh.PlanDataError, match=r"^Footnote\.text: chú thích không chứa"):
        Footnote(RichText("a", Footnote("b")))


def test_the_list_form_in_data_files():
    text = MINIMAL.replace("- PARAGRAPH", """- type: paragraph
        text:
          - "Nộp trước ngày "
          - {text: "30/6", bold: true, underline: true}
          - {footnote: "Theo **Quyết định** số 12."}
          - " **không đậm** vì là chữ thường"
""")
    value = data.loads(text).parts[0].children[0].text
    assert spans(value) == [("Nộp trước ngày ", False, False, False), ("30/6", True, False, True),
                            ("^", "Theo Quyết định số 12."),
                            (" **không đậm** vì là chữ thường", False, False, False)]
    bad = text.replace("bold: true", "bold: có")
    problem = only_problem(bad)
    assert problem.where == "parts[0].children[0].text[1].bold"
    assert problem.line == 10


# --------------------------------------------------------------------------------------------
# In the .docx: every character with its emphasis, run by run


def runs_of(document: bytes, needle: str) -> list[tuple[str, bool, bool, bool]]:
    """(text, bold, italic, underline) of each run of the body paragraph holding ``needle``,
    as its direct run properties say (the paragraph's style is KHBody, upright)."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml"))
    for p in body.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        if needle in text:
            out = []
            for r in p.iter(f"{{{W}}}r"):
                t = "".join(x.text or "" for x in r.iter(f"{{{W}}}t"))
                on = {e.tag.split("}")[1]: e.get(f"{{{W}}}val", "true")
                      for e in r.xpath("w:rPr/*", namespaces=NS)}
                out.append((t, on.get("b") == "true", on.get("i") == "true",
                            on.get("u") == "single"))
            return out
    raise AssertionError(f"{needle!r} not in the document")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(Span, st.text(st.one_of(
    st.sampled_from("ạbc dđ&<>\"'{}%*_^[]\\"),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"))), min_size=1,
    max_size=8), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=5))
def test_every_character_reaches_the_document_with_its_emphasis(parts):
    value = _field(RichText("MỐC ", *parts))
    plan = data.loads(MINIMAL.replace("PARAGRAPH", "x"))
    plan = kh.Plan(issuer=plan.issuer, date=plan.date, title=plan.title, signer=plan.signer,
                   parts=[kh.Part("Nội dung", [kh.Paragraph(value)])])
    got = runs_of(kh.render(plan), "MỐC")
    # Character by character: the text and the emphasis of each.
    chars = [(c, b, i, u) for text, b, i, u in got for c in text]
    wanted = [(c, s.bold, s.italic, s.underline) for s in RichText("MỐC ", *parts).parts
              for c in unicodedata.normalize("NFC", s.text)]
    assert chars == wanted


def test_a_plan_without_emphasis_renders_as_before():
    """A rich text with no emphasis is plain text: the same bytes as the str."""
    plan = data.loads(MINIMAL.replace("PARAGRAPH", "x"))
    a = kh.Plan(issuer=plan.issuer, date=plan.date, title=plan.title, signer=plan.signer,
                parts=[kh.Part("Nội dung", [kh.Paragraph(RichText("Đoạn ", "văn."))])])
    b = kh.Plan(issuer=plan.issuer, date=plan.date, title=plan.title, signer=plan.signer,
                parts=[kh.Part("Nội dung", [kh.Paragraph("Đoạn văn.")])])
    assert kh.render(a) == kh.render(b)


# --------------------------------------------------------------------------------------------

MINIMAL = """\
issuer: {name: [Ủy ban nhân dân, xã Hòa An], place: Hòa An}
date: 05/02/2026
title: Tổ chức Tết trồng cây năm 2026
parts:
  - title: Nội dung
    children:
      - PARAGRAPH
signer:
  name: Nguyễn Văn An
  title: Chủ tịch
  authorities: [TM. Ủy ban nhân dân]
"""


def _yaml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def only_problem(text: str) -> data.Problem:
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


#: Text around the characters that start markup, and lines of plain words.
_MARKUP_NEAR = st.text(st.sampled_from("ab ồ.,*_\\^[]()“”\n\r\t"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_MARKUP_NEAR, any_text))
def test_a_line_without_markup_characters_reads_as_the_character_parser_reads_it(text):
    """parse_markup skips the character-by-character parser on a line that has no ``*``,
    ``_``, backslash or ``^``: the result is the one that parser gives for the same text."""
    from kehoach.model import rich

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[object] = []
    for n, line in enumerate(lines):
        if n:
            parts.append(Span("\n"))
        parts.extend(rich._parse_line(line))
    try:
        expected = rich.canonical(RichText(*parts))
    except kh.PlanDataError as error:  # a character no Span holds: both refuse it alike
        with pytest.raises(kh.PlanDataError) as raised:
            parse_markup(text)
        assert str(raised.value) == str(error)
        return
    assert parse_markup(text) == expected


# --------------------------------------------------------------------------------------------
# The reader is linear: no input makes it scan back over what it has read


def _steps(text: str) -> int:
    """Python's trace events while reading ``text``: a count of the work done, not a time."""
    import sys

    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        parse_markup(text)
    finally:
        sys.settrace(None)
    return count


#: Inputs that made the reader quadratic: markers opened and never closed under markers of
#: another kind, unclosed footnotes, markers of two kinds nested deep, many pairs.
ADVERSARIAL = {
    "unclosed under others": lambda n: "**a " * n + "x*y " * n,
    "unclosed footnotes": lambda n: "^[" * n + "x",
    "nested kinds": lambda n: "".join("*a " if i % 2 else "**a " for i in range(n))
    + "".join("a* " if i % 2 else "a** " for i in range(n)),
    "many pairs": lambda n: "**a** " * n,
    "bracket soup": lambda n: "^[a [b " * n + "] ]" * n,
    "escapes revealing markup": lambda n: "\\*a **b\\* c** " * n,
    "paths": lambda n: "D:\\_Luu\\[2026]\\*.docx " * n,
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_the_reader_does_work_linear_in_the_input(name):
    make = ADVERSARIAL[name]
    small, large = _steps(make(100)), _steps(make(400))
    assert large <= 4.5 * small, (small, large)


def test_a_field_too_long_is_refused_before_it_is_read(monkeypatch):
    from kehoach.model import MAX_TEXT_LENGTH

    read = []
    monkeypatch.setattr("kehoach.model.parse_markup",
                        lambda text, **kw: read.append(len(text)) or text)
    text = "opening: '" + "**a " * (MAX_TEXT_LENGTH // 4 + 1) + "'\n"
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(text, model=kh.Plan)
    assert any(p.where == "opening" and f"vượt giới hạn {MAX_TEXT_LENGTH:,} ký tự".replace(",", ".") in p.message
               for p in caught.value.problems)
    assert MAX_TEXT_LENGTH + 4 not in read and all(n <= MAX_TEXT_LENGTH for n in read)


# --------------------------------------------------------------------------------------------
# Backslashes: an escape only before what would be markup; else text, as in a Windows path

_SEGMENT = st.text(st.sampled_from("aZ09_-.[]* ()ồ"), min_size=1, max_size=10)
WINDOWS_PATH = st.builds(lambda drive, parts: drive + ":\\" + "\\".join(parts),
                         st.sampled_from("CDE"), st.lists(_SEGMENT, min_size=1, max_size=5))


def _unescaped(text: str) -> str:
    """``text`` without the backslashes before the characters they may escape."""
    import re

    return re.sub(r"\\+(?=[*_^\[\]])", "", text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(WINDOWS_PATH, MARKUP_HEAVY, st.text(ALPHABET, max_size=30)))
def test_backslashes_before_what_is_no_markup_are_printed_as_typed(text):
    """Whatever a clerk types, if it holds no markup once its backslashes are left out, it
    comes out exactly as typed, backslashes and all."""
    text = unicodedata.normalize("NFC", text)
    bare = _unescaped(text)
    if any(line and parse_markup(line) != line for line in bare.split("\n")):
        return  # markup there: the escape rule of test_the_escape applies
    assert parse_markup(text) == text


@settings(max_examples=200, deadline=None)
@given(WINDOWS_PATH)
def test_a_windows_path_survives_in_any_field(path):
    path = unicodedata.normalize("NFC", path)
    if parse_markup(_unescaped(path)) != _unescaped(path):
        return  # a path whose names spell markup (C:\**a**): to be written with escapes
    assert parse_markup(path) == path
    assert to_markup(path) == path  # and a data file writes it as it is


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="*_^\\"), max_size=80))
def test_text_without_markup_reads_as_the_markup_reader_reads_it(text):
    """parse_markup's shortcut for text with no marker, escape or footnote gives what the
    reader gives reading it character by character (line breaks, Unicode forms), or raises
    the same error."""
    from kehoach.model.rich import Span, _parse_line, canonical

    def read(text: str) -> object:
        parts: list[object] = []
        for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if n:
                parts.append(Span("\n"))
            parts.extend(_parse_line(line))
        return canonical(RichText(*parts))

    try:
        expected = read(text)
    except PlanDataError as error:
        with pytest.raises(PlanDataError) as raised:
            parse_markup(text)
        assert str(raised.value) == str(error)
        return
    assert parse_markup(text) == expected
    assert type(parse_markup(text)) is type(expected)
