"""Mẫu chữ cố định: the only words ``kehoach fix`` may change, and how.

Nghị định 30/2020/NĐ-CP fixes a few strings to the character: the Tiêu ngữ's hyphens, the zero
before a day below 10, before months 1 and 2 and before a document number below 10, the
``- Lưu: VT, …`` line, the capitals of the signer's name, the dot after a signing mark
(``TM.``), the punctuation of the căn cứ and of the Nơi nhận list, the label ``Nơi nhận:`` and
the word ``Phụ lục`` over an appendix. It also fixes some of them by their place or by the
document itself, and those forms are applied with what the fixer reads around the paragraph:
the label of a part, khoản, điểm or Điều by its place in its series (``3.`` after ``1.`` is
``2.``), the abbreviation of the tên loại in the ký hiệu (Phụ lục III: ``KẾ HOẠCH`` ↔ ``KH``),
the colon after ``Kính gửi``, the letters of the drafter's mark in capitals (ô 12), and a
trích yếu typed in capitals set in lower case with the capitals the document itself gives
each word.

Each :class:`Form` here knows how to put a paragraph's text into its fixed form
(:meth:`Form.apply`, ``None`` when the text is not a faulty instance of the form) and how to
check that a change stayed inside the form (:meth:`Form.allows`): both texts must reduce to the
same :meth:`Form.canon`, so a change that would touch any other word is refused, and the
text-safety check (:mod:`kehoach.fixer.safety`) uses the same test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

import attrs

from kehoach.layout.profile import MOTTO

_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_MARKS: Final = ("TUQ", "TM", "KT", "TL", "Q")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@attrs.frozen
class Form:
    """One fixed form: its name, a Vietnamese description, a fixer and a canonical reduction."""

    name: str
    description: str
    fixer: Callable[[str], str | None]
    canon: Callable[[str], str]

    def apply(self, text: str) -> str | None:
        """The text in its fixed form, or ``None`` when there is nothing to fix (or the text is
        not an instance of the form)."""
        fixed = self.fixer(text)
        if fixed is None or fixed == text or not self.allows(text, fixed):
            return None
        return fixed

    def allows(self, before: str, after: str) -> bool:
        """Whether ``before`` → ``after`` changes nothing but what the form fixes."""
        return self.canon(before) == self.canon(after)


# ------------------------------------------------------------------------------------ Tiêu ngữ

def _motto_canon(text: str) -> str:
    text = _nfc(text)
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return re.sub(r"\s+", "", text)


def _motto(text: str) -> str | None:
    return MOTTO if _motto_canon(text) == _motto_canon(MOTTO) else None


# ------------------------------------------------------------------------------------ Số

_NUMBER: Final = re.compile(r"^(\s*)Số\s*:?\s*(\d{1,6})\s*/\s*(\S(?:.*\S)?)(\s*)$")


def _digits_canon(text: str) -> str:
    """Numbers without their leading zeros (``05`` → ``5``)."""
    return re.sub(r"\d+", lambda m: str(int(m.group(0))), text)


def _number_canon(text: str) -> str:
    return re.sub(r"[\s:]", "", _digits_canon(_nfc(text)))


def _number(text: str) -> str | None:
    m = _NUMBER.match(_nfc(text))
    if m is None:
        return None
    lead, digits, code, trail = m.groups()
    code = re.sub(r"\s*([-/])\s*", r"\1", code)
    if re.search(r"\s", code):
        return None  # words after the symbol: not a bare number line
    n = int(digits)
    return f"{lead}Số: {n:02d}/{code}{trail}" if n else None


# ------------------------------------------------------------------------------------ date

_DATE: Final = re.compile(r"(ngày)(\s+)(\d{1,2})(\s+)(tháng)(\s+)(\d{1,2})(\s+)(năm)")


def _date(text: str) -> str | None:
    def repl(m: re.Match[str]) -> str:
        day, month = int(m.group(3)), int(m.group(7))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return m.group(0)
        month_text = f"{month:02d}" if month <= 2 else str(month)
        return (f"{m.group(1)}{m.group(2)}{day:02d}{m.group(4)}{m.group(5)}{m.group(6)}"
                f"{month_text}{m.group(8)}{m.group(9)}")

    return _DATE.sub(repl, _nfc(text))


# ------------------------------------------------------------------------------------ Lưu

_ARCHIVE_OK: Final = re.compile(r"^- Lưu: VT(, [^.;]+)?\.( \S.*)?$")


def _archive_canon(text: str) -> str:
    # every word, VT included, in its order: the form mends punctuation only (adding VT, or
    # moving it first, is wording: «- Lưu: Văn thư, VP.» already names the Văn thư)
    return " ".join(re.findall(r"[^\s,.;:\-–•]+", _nfc(text)))


def _archive(text: str) -> str | None:
    text = _nfc(text)
    if _ARCHIVE_OK.match(text.strip()) or "\n" in text:
        return None
    # The body is what precedes the first "." followed by a space or the end of the line
    # (a unit such as "P.KT" keeps its dot); what follows is the drafter's mark (ô 12).
    m = re.match(r"^(?P<head>.*?)(?P<dot>\.(?=\s|$)|$)(?P<tail>.*)$", text.strip())
    if m is None:
        return None
    head, tail = m.group("head"), m.group("tail").strip()
    hm = re.match(r"^[-–•]?\s*Lưu\s*:?\s*(?P<body>.*?)[\s;,]*$", head)
    if hm is None:
        return None
    units = [u.strip() for u in re.split(r"[,;]", hm.group("body")) if u.strip()]
    if any(not re.fullmatch(r"[^\s].{0,40}", u) for u in units):
        return None
    if not units or units[0] != "VT":
        return None  # no VT, or not first: a person words it (archive_wording says so)
    fixed = "- Lưu: " + ", ".join(units) + "."
    return fixed + (f" {tail}" if tail else "")


def archive_wording(text: str) -> str | None:
    """Why the Lưu line ``text`` needs a person, or ``None`` (its fault is punctuation)."""
    text = _nfc(text).strip()
    m = re.match(r"^[-–•]?\s*Lưu\s*:?\s*(?P<body>[^.]*)", text)
    if m is None:
        return None
    units = [u.strip() for u in re.split(r"[,;]", m.group("body")) if u.strip()]
    if units and units[0] == "VT":
        return None
    if any(u.casefold().startswith("văn thư") or u.casefold() == "vt" for u in units):
        return ("dòng «Lưu» đã ghi Văn thư bằng chữ khác «VT» hoặc không đứng đầu: đổi chữ, đổi "
                "chỗ là sửa nội dung; cần người viết «- Lưu: VT, …»")
    return ("dòng «Lưu» không có «VT» (Văn thư) đứng đầu: thêm chữ là sửa nội dung; cần người "
            "viết «- Lưu: VT, …»")


# ------------------------------------------------------------------------------------ Nơi nhận

def _recipient_canon(text: str) -> str:
    text = _nfc(text).strip()
    text = re.sub(r"^[-–•+]\s*", "", text)
    return re.sub(r"[\s;,.]+$", "", text).strip()


def _recipient(text: str) -> str | None:
    """``- <nơi nhận>;``: a dash and a space before, a semicolon after."""
    stripped = _nfc(text).strip()
    if "\n" in stripped or not stripped or stripped.startswith(("+", "Lưu", "- Lưu")):
        return None
    core = _recipient_canon(stripped)
    if not core or core.casefold().startswith("lưu"):
        return None
    return f"- {core};"


def _label_canon(text: str) -> str:
    return re.sub(r"[\s:]", "", _nfc(text)).casefold()


def _label(text: str) -> str | None:
    return "Nơi nhận:" if _label_canon(text) == "nơinhận" else None


# ------------------------------------------------------------------------------------ căn cứ

def _basis_canon(text: str) -> str:
    return re.sub(r"[\s.;,:]+$", "", _nfc(text))


def basis_end(last: bool) -> Callable[[str], str | None]:
    """The căn cứ ends with ``;``, the last one with ``.``."""
    end = "." if last else ";"

    def fixer(text: str) -> str | None:
        core = _basis_canon(text)
        trail = text[len(text.rstrip()):]
        return core + end + trail if core else None

    return fixer


# ------------------------------------------------------------------------------------ signer

_NAME: Final = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){1,6}$")


def _signer_name(text: str) -> str | None:
    """``HỨA XUÂN DƯƠNG`` → ``Hứa Xuân Dương``: each syllable capitalised."""
    core = _nfc(text).strip()
    if not _NAME.match(core) or core != core.upper():
        return None
    fixed = " ".join(word[:1] + word[1:].lower() for word in core.split(" "))
    return text.replace(core, fixed)


def _casefold(text: str) -> str:
    return _nfc(text).casefold()


_MARK: Final = re.compile(rf"^(\s*)({'|'.join(_MARKS)})\s*\.?\s*(?=\S)")


def _mark_canon(text: str) -> str:
    return _MARK.sub(lambda m: f"{m.group(1)}{m.group(2)} ", _nfc(text))


def _mark(text: str) -> str | None:
    """``TM ỦY BAN NHÂN DÂN`` → ``TM. ỦY BAN NHÂN DÂN``: the mark, a dot, one space."""
    text = _nfc(text)
    m = _MARK.match(text)
    rest = text[m.end():] if m is not None else ""
    if m is None or not rest[:1].isupper():
        return None
    return f"{m.group(1)}{m.group(2)}. {text[m.end():]}"


# ------------------------------------------------------------------------------------ Phụ lục

_APPENDIX: Final = re.compile(r"^(\s*)PHỤ LỤC(\s+[IVXLC]+)?(\s*)$")


def _appendix(text: str) -> str | None:
    m = _APPENDIX.match(_nfc(text))
    return f"{m.group(1)}Phụ lục{m.group(2) or ''}{m.group(3)}" if m else None


def _appendix_canon(text: str) -> str:
    return _nfc(text).casefold()


def _appendix_canon_numbered(text: str) -> str:
    """``PHỤ LỤC số 02`` and ``Phụ lục II`` are one heading: case, «số», the number's notation
    aside."""
    text = re.sub(r"\bsố\b", " ", _nfc(text).casefold())
    text = re.sub(r"\b([ivxlc]+)\b", lambda m: str(_roman_value(m.group(1))), text)
    text = re.sub(r"\d+", lambda m: str(int(m.group(0))), text)
    return " ".join(text.replace(".", " ").replace(":", " ").split())


_ROMAN_VALUES: Final = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman_value(text: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text.casefold()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def appendix_heading(text: str, number: int | None) -> str | None:
    """``PHỤ LỤC`` → ``Phụ lục``; with ``number`` (two appendices or more) ``Phụ lục II``."""
    from kehoach.rendering.conventions import roman

    core = _nfc(text).strip()
    if not re.fullmatch(r"(?i)phụ\s+lục(\s+(số\s+)?([ivxlc]+|\d+))?\s*[.:]?", core):
        return None
    wanted = "Phụ lục" + (f" {roman(number)}" if number else "")
    return text.replace(core, wanted)


# ------------------------------------------------------------------------------------ labels

#: A label typed at the start of a paragraph: ``II.``, ``3.``, ``c)``, ``A.``, ``Điều 4.``.
LABEL: Final = re.compile(r"^(?P<lead>\s*)(?P<word>Điều\s+)?(?P<value>[IVXLC]+|\d+|[^\W\d_]{1,2})"
                          r"(?P<end>[.)])")


def _label_kind(value: str) -> str:
    if value.isdigit():
        return "#"
    if re.fullmatch(r"[IVXLC]+", value):
        return "R"
    return "L" if value.islower() else "U"


def _label_canon(text: str) -> str:
    """The text with its label's value replaced by its kind (``3. Yêu cầu`` → ``#. Yêu cầu``):
    a part that is lettered A., B. reads as a Roman numeral when its letter is one."""
    text = _nfc(text)
    m = LABEL.match(text)
    if m is None:
        return text
    kind = _label_kind(m["value"])
    if kind in ("R", "U"):
        kind = "R|U"
    return f"{m['lead']}{m['word'] or ''}{kind}{m['end']}{text[m.end():]}"


def relabel(text: str, value: str) -> str | None:
    """The text with its typed label's value replaced by ``value``; ``None`` without one."""
    m = LABEL.match(_nfc(text))
    if m is None:
        return None
    return text[:m.start("value")] + value + text[m.end("value"):]


# ------------------------------------------------------------------------------------ ký hiệu

def _code_canon(text: str) -> str:
    """The Số line without the first group of its ký hiệu (the tên loại's abbreviation)."""
    return re.sub(r"/\s*[^-\s/]+", "/", _number_canon(text), count=1)


def type_code(text: str, code: str) -> str | None:
    """``Số: 05/QĐ-UBND`` → ``Số: 05/KH-UBND`` (``code``: the tên loại's abbreviation)."""
    m = re.search(r"/(\s*)([^-\s/]+)", text)
    if m is None or m.group(2) == code:
        return None
    return text[:m.start(2)] + code + text[m.end(2):]


# ------------------------------------------------------------------------------------ enacting

def _enacting_canon(text: str) -> str:
    return re.sub(r"[\s:]+", " ", _nfc(text).casefold()).strip()


def enacting(text: str, word: str) -> str | None:
    """``Quyết định`` / ``QUYẾT ĐỊNH`` → ``QUYẾT ĐỊNH:`` (``word``: the decree's form)."""
    if _enacting_canon(text) != _enacting_canon(word):
        return None
    core = text.strip()
    return text.replace(core, word) if core else None


# ------------------------------------------------------------------------------------ Kính gửi

def _address_canon(text: str) -> str:
    return re.sub(r"^(\s*Kính gửi)\s*:?\s*", r"\1 ", _nfc(text))


def _address(text: str) -> str | None:
    """``Kính gửi Ủy ban …`` → ``Kính gửi: Ủy ban …`` (Phụ lục I, II.9.d: a colon after it)."""
    m = re.match(r"^(\s*Kính gửi)\s*:?\s*(\S.*)?$", _nfc(text), re.DOTALL)
    if m is None:
        return None
    rest = m.group(2)
    return f"{m.group(1)}: {rest}" if rest else f"{m.group(1)}:"


# ------------------------------------------------------------------------------------ ô 12

def _drafter_canon(text: str) -> str:
    """The Lưu line with what follows ``VT`` in lower case (the drafter's mark may change
    case, nothing else)."""
    text = _nfc(text)
    head, sep, tail = text.partition("VT")
    return head + sep + tail.casefold()


def drafter_mark(text: str, span: tuple[int, int]) -> str | None:
    """The letters of the drafter's mark (``text[span]``, ô 12) in capitals, the count of
    copies as written (``Hạnh(04b)`` → ``HẠNH(04b)``: Phụ lục I, III.3, "ký hiệu bằng chữ in
    hoa, số lượng bản bằng chữ số")."""
    a, b = span
    mark = text[a:b]
    fixed = re.sub(r"[^\W\d_]+", lambda m: m.group(0).upper(), mark)
    # the count of copies: digits, maybe followed by "b" (bản), in brackets or not
    fixed = re.sub(r"(\d+)([^\W\d_]+)", lambda m: m.group(1) + m.group(2).lower()
                   if m.group(2).casefold() in ("b", "bản") else m.group(0), fixed)
    return text[:a] + fixed + text[b:]


# ------------------------------------------------------------------------------------ case

def _case_canon(text: str) -> str:
    return _nfc(text).casefold()


def _page_break_canon(text: str) -> str:
    return text.replace("\f", "")


FORMS: Final[dict[str, Form]] = {f.name: f for f in (
    Form("motto", "Tiêu ngữ «Độc lập - Tự do - Hạnh phúc»: gạch nối (-), một dấu cách mỗi bên",
         _motto, _motto_canon),
    Form("number", "«Số: 05/KH-UBND»: số nhỏ hơn 10 có số 0 ở đầu, không dấu cách quanh / và -",
         _number, _number_canon),
    Form("date", "ngày nhỏ hơn 10, tháng 1 và 2 có số 0 ở đầu; tháng 3–12 không",
         _date, _digits_canon),
    Form("archive", "dòng «- Lưu: VT, …» (dấu hai chấm, VT đứng đầu, dấu chấm cuối)",
         _archive, _archive_canon),
    Form("recipient", "mỗi nơi nhận «- …;» (gạch đầu dòng, chấm phẩy cuối)",
         _recipient, _recipient_canon),
    Form("recipients_label", "nhãn «Nơi nhận:»", _label, _label_canon),
    Form("basis", "căn cứ kết thúc «;», căn cứ cuối kết thúc «.»", basis_end(False), _basis_canon),
    Form("basis_last", "căn cứ cuối kết thúc «.»", basis_end(True), _basis_canon),
    Form("signer_name", "họ tên người ký viết hoa chữ đầu mỗi âm tiết", _signer_name, _casefold),
    Form("mark", "chữ viết tắt quyền hạn ký (TM., KT., TL., TUQ., Q.): dấu chấm, một dấu cách",
         _mark, _mark_canon),
    Form("appendix_heading", "«Phụ lục» (chữ thường; số La Mã khi có từ hai phụ lục) trên phụ lục",
         _appendix, _appendix_canon_numbered),
    Form("label", "số, chữ đánh đầu mục, khoản, điểm, điều theo thứ tự (I, II…; 1, 2…; a, b…; "
                  "Điều 1, Điều 2…)", lambda text: None, _label_canon),
    Form("type_code", "chữ viết tắt tên loại trong ký hiệu theo Phụ lục III (KẾ HOẠCH → KH)",
         lambda text: None, _code_canon),
    Form("address", "«Kính gửi:» (dấu hai chấm)", _address, _address_canon),
    Form("enacting", "«QUYẾT ĐỊNH:», «QUYẾT NGHỊ:» in hoa, có dấu hai chấm", lambda text: None,
         _enacting_canon),
    Form("drafter_mark", "ký hiệu người soạn thảo (ô 12) bằng chữ in hoa",
         lambda text: None, _drafter_canon),
    Form("subject_case", "trích yếu chữ thường, viết hoa chữ đầu và tên riêng như chính văn "
                         "bản viết", lambda text: None, _case_canon),
    Form("page_break", "ngắt trang trước phụ lục thay bằng ngắt phần (section)",
         lambda text: None, _page_break_canon),
)}
