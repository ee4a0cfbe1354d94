"""Loại văn bản: which kind of document is being checked, and which rules concern it.

Nghị định 30 lays out every administrative document alike (Phụ lục I) but not every rule
concerns every kind: a Công văn has no tên loại line and puts its trích yếu after "V/v" under
the Số (Phụ lục I, II.5.b, annex line 48); Tờ trình, Báo cáo sent upward and Công văn are
addressed with "Kính gửi" (II.9.b, line 91); a Quyết định and a Nghị quyết name the issuing
authority and enact with "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" (Phụ lục III, Mẫu 1.1–1.3). The kinds
and their abbreviations are those of Phụ lục III, Mục I (``phu_luc_III.md`` lines 215–247), plus
the Công văn, which has no abbreviation.

:func:`identify` reads the kind from the tên loại line and the ký hiệu (``Số: 05/KH-UBND``),
and tells apart the documents Nghị định 30 does not govern: a legal normative document
(``Số: 30/2020/NĐ-CP``, "NGHỊ ĐỊNH", "LUẬT"…), a Party document ("ĐẢNG CỘNG SẢN VIỆT NAM" in
place of the Quốc hiệu) and anything without the administrative header (a citizen's petition,
a form). The user may force the kind (``kehoach check --type "quyết định"``): :func:`by_name`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import attrs

from kehoach.errors import KehoachError

#: How a kind is addressed: "Kính gửi" required (Công văn), allowed (Tờ trình, Báo cáo sent
#: to a superior), or not used (every other kind, II.9.c).
ADDRESS_REQUIRED: Final = "required"
ADDRESS_ALLOWED: Final = "allowed"
ADDRESS_NONE: Final = "none"


@attrs.frozen
class DocType:
    """Tên loại văn bản: one kind of document and what the decree asks of it.

    ``key``: the Phụ lục III abbreviation (``"KH"``, ``"QĐ"``), ``"CV"`` for a Công văn, or a
    word for the kinds Nghị định 30 does not govern (``"QPPL"``, ``"DANG"``, ``"KHAC"``) and for
    an administrative document whose tên loại is not in Phụ lục III (``"?"``).
    ``title``: the tên loại as printed (``"KẾ HOẠCH"``; ``None`` for a Công văn). ``code``: the
    abbreviation in the ký hiệu (``None`` for a Công văn). ``administrative``: governed by
    Nghị định 30. ``subject``/``subject_line``: has a trích yếu, and a line under it.
    ``address``: :data:`ADDRESS_REQUIRED`, :data:`ADDRESS_ALLOWED` or :data:`ADDRESS_NONE`.
    ``enacting``: the word that enacts a Quyết định or Nghị quyết (``"QUYẾT ĐỊNH:"``).
    """

    key: str
    name: str
    title: str | None = None
    code: str | None = None
    administrative: bool = True
    subject: bool = True
    subject_line: bool = True
    address: str = ADDRESS_NONE
    enacting: str | None = None
    articles: bool = False  # laid out in Điều (Mẫu 1.1–1.3)
    note: str = ""  # for a kind Nghị định 30 does not govern: what governs it

    @property
    def label(self) -> str:
        return self.name


def _t(name: str, code: str, **kw: object) -> DocType:
    return DocType(code, name, _upper(name), code, **kw)  # type: ignore[arg-type]


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


CONG_VAN: Final = DocType("CV", "Công văn", None, None, subject_line=False,
                          address=ADDRESS_REQUIRED)
#: Phụ lục III, Mục I: the kinds of administrative documents and their abbreviations.
TYPES: Final[tuple[DocType, ...]] = (
    _t("Nghị quyết", "NQ", enacting="QUYẾT NGHỊ:", articles=True),
    _t("Quyết định", "QĐ", enacting="QUYẾT ĐỊNH:", articles=True),
    _t("Chỉ thị", "CT"), _t("Quy chế", "QC"), _t("Quy định", "QyĐ"), _t("Thông cáo", "TC"),
    _t("Thông báo", "TB"), _t("Hướng dẫn", "HD"), _t("Chương trình", "CTr"),
    _t("Kế hoạch", "KH"), _t("Phương án", "PA"), _t("Đề án", "ĐA"), _t("Dự án", "DA"),
    _t("Báo cáo", "BC", address=ADDRESS_ALLOWED), _t("Biên bản", "BB", subject_line=False),
    _t("Tờ trình", "TTr", address=ADDRESS_ALLOWED), _t("Hợp đồng", "HĐ"),
    _t("Công điện", "CĐ"), _t("Bản ghi nhớ", "BGN"), _t("Bản thỏa thuận", "BTT"),
    _t("Giấy ủy quyền", "GUQ"), _t("Giấy mời", "GM"),
    _t("Giấy giới thiệu", "GGT", subject=False, subject_line=False),
    _t("Giấy nghỉ phép", "GNP", subject=False, subject_line=False),
    _t("Phiếu gửi", "PG"), _t("Phiếu chuyển", "PC"), _t("Phiếu báo", "PB"),
    CONG_VAN,
)
#: An administrative document whose tên loại is not in Phụ lục III: the common rules apply.
UNKNOWN: Final = DocType("?", "văn bản hành chính (tên loại không có trong Phụ lục III)")
#: Văn bản quy phạm pháp luật: their form is set by the law on legal documents, not by
#: Nghị định 30 (Điều 1 of the decree: it governs administrative documents).
LEGAL: Final = DocType("QPPL", "văn bản quy phạm pháp luật", administrative=False,
                       note="văn bản quy phạm pháp luật có thể thức theo pháp luật về ban hành "
                            "văn bản quy phạm pháp luật, không thuộc phạm vi Nghị định 30")
PARTY: Final = DocType("DANG", "văn bản của Đảng", administrative=False,
                       note="văn bản của Đảng có thể thức theo hướng dẫn của Văn phòng Trung "
                            "ương Đảng, không thuộc phạm vi Nghị định 30")
OTHER: Final = DocType("KHAC", "không phải văn bản hành chính", administrative=False,
                       note="không phải văn bản hành chính của cơ quan, tổ chức (không có tên "
                            "cơ quan ban hành, số và ký hiệu), không thuộc phạm vi Nghị định 30")

#: Titles only a legal normative document carries.
LEGAL_TITLES: Final = ("LUẬT", "BỘ LUẬT", "PHÁP LỆNH", "NGHỊ ĐỊNH", "THÔNG TƯ",
                       "THÔNG TƯ LIÊN TỊCH", "NGHỊ QUYẾT LIÊN TỊCH", "LỆNH", "HIẾN PHÁP")
#: Kinds that may also be legal normative documents (their Số then carries the year).
LEGAL_KINDS: Final = ("QĐ", "NQ")
#: Ký hiệu with the year: ``30/2020/NĐ-CP`` (a legal normative document).
NUMBER_WITH_YEAR: Final = re.compile(r"^Số:\s*\S*\s*/\s*(19|20)\d\d\s*/")
_CODE: Final = re.compile(r"/\s*(?:(?:19|20)\d\d\s*/\s*)?([^-\s/]+)")


def fold(text: str) -> str:
    """Text for comparing names: NFC, upper case, one space, the two tone-mark styles of
    ``HÒA``/``HOÀ``, ``ỦY``/``UỶ`` made one."""
    text = " ".join(_upper(text).split())
    for new, old in (("OÀ", "ÒA"), ("OÁ", "ÓA"), ("OẢ", "ỎA"), ("OÃ", "ÕA"), ("OẠ", "ỌA"),
                     ("UỶ", "ỦY"), ("UÝ", "ÚY"), ("UỲ", "ÙY"), ("UỸ", "ŨY"), ("UỴ", "ỤY")):
        text = text.replace(new, old)
    return text


_BY_TITLE: Final = {fold(t.title): t for t in TYPES if t.title}
_BY_CODE: Final = {t.code: t for t in TYPES if t.code}


def by_title(title: str) -> DocType | None:
    """The kind whose tên loại is ``title`` (``"KẾ HOẠCH"``), else ``None``."""
    return _BY_TITLE.get(fold(title))


def by_code(code: str) -> DocType | None:
    """The kind whose abbreviation is ``code`` (``"KH"``, ``"TTr"``), else ``None``."""
    return _BY_CODE.get(code)


def type_code(number_text: str) -> str | None:
    """The first group of the ký hiệu: ``"Số: 05/KH-UBND"`` → ``"KH"``,
    ``"Số: 30/2020/NĐ-CP"`` → ``"NĐ"``."""
    m = _CODE.search(number_text)
    return m.group(1) if m else None


def by_name(name: str) -> DocType:
    """The kind a user names (``--type``): a name (``"quyết định"``, ``"cong van"``…) or an
    abbreviation (``"QĐ"``, ``"CV"``). Raise :class:`UnknownDocType` otherwise."""
    wanted = _ascii(name)
    for t in (*TYPES, LEGAL, PARTY, OTHER):
        names = {_ascii(t.name), _ascii(t.key)}
        if t.code:
            names.add(_ascii(t.code))
        if wanted in names:
            return t
    if wanted in ("khong phai van ban hanh chinh", "other"):
        return OTHER
    raise UnknownDocType(name)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("_", " ").lower().split())


def names() -> list[str]:
    """Every kind a user may name, as ``"Kế hoạch (KH)"``."""
    return [f"{t.name} ({t.code or t.key})" for t in TYPES]


class UnknownDocType(KehoachError):
    """--type names no kind of Phụ lục III."""

    def __init__(self, name: str) -> None:
        super().__init__(f"loại văn bản «{name}» không có trong Phụ lục III Nghị định 30; "
                         f"dùng một trong: {', '.join(names())}")
        self.name = name


@attrs.frozen
class Identification:
    """What kind a document is and why the checker thinks so (one sentence, Vietnamese)."""

    doctype: DocType
    reason: str
    forced: bool = False


def identify(*, title: str | None, number: str | None, subject_vv: bool,
             national_title: str | None, has_header: bool, title_in_caps: bool
             ) -> Identification:
    """The kind of a document from what its first page shows.

    ``title``: the first line after the header (the tên loại for most kinds); ``number``: the
    ``Số: …`` line; ``subject_vv``: a ``V/v …`` line under it; ``national_title``: the first
    line of the header's right column; ``has_header``: an issuer and Số were found;
    ``title_in_caps``: the title line is in capitals (a tên loại, not a sentence).
    """
    right = fold(national_title or "")
    if right.startswith("ĐẢNG CỘNG SẢN VIỆT NAM"):
        return Identification(PARTY, "đầu văn bản ghi «ĐẢNG CỘNG SẢN VIỆT NAM» thay cho Quốc hiệu")
    folded = fold(title or "")
    if number and NUMBER_WITH_YEAR.match(number):
        kind = by_title(folded) if title_in_caps else None
        if kind is not None and kind.key in LEGAL_KINDS:
            return Identification(kind, f"tên loại «{title}», số có năm «{number}» (văn bản "
                                        "quy phạm pháp luật, thể thức như văn bản hành chính)")
        if kind is None or folded in LEGAL_TITLES:
            return Identification(LEGAL, f"số, ký hiệu có năm ban hành «{number}»"
                                         + (f", tên loại «{title}»" if title else ""))
    if folded in LEGAL_TITLES:
        return Identification(LEGAL, f"tên loại «{title}»")
    if not has_header:
        if title and title_in_caps and by_title(folded) is not None:
            kind = by_title(folded)
            return Identification(kind, f"tên loại «{title}» (không thấy phần đầu văn bản)")
        return Identification(OTHER, "đầu văn bản không có tên cơ quan ban hành, số và ký "
                                     "hiệu")
    code = type_code(number or "")
    if title and title_in_caps:
        kind = by_title(folded) or _prefix(folded)
        if kind is not None:
            why = f"tên loại «{title}»"
            if code and by_code(code) is kind:
                why += f" và ký hiệu «{code}»"
            return Identification(kind, why)
    if subject_vv:
        return Identification(CONG_VAN, "dòng trích yếu «V/v …» dưới số, ký hiệu")
    if code and by_code(code) is not None:
        return Identification(by_code(code), f"ký hiệu «{code}» (không thấy tên loại)")
    if code and not title_in_caps:
        return Identification(CONG_VAN, f"ký hiệu «{code}» không phải chữ viết tắt tên loại "
                                        "và không có tên loại")
    return Identification(UNKNOWN, f"tên loại «{title or ''}» không có trong Phụ lục III")


def _prefix(folded: str) -> DocType | None:
    """A tên loại followed by more words on its line (``THÔNG BÁO KẾT LUẬN``)."""
    for name in sorted(_BY_TITLE, key=len, reverse=True):
        if folded.startswith(name + " "):
            return _BY_TITLE[name]
    return None


def forced(doctype: DocType) -> Identification:
    return Identification(doctype, "chọn theo yêu cầu (--type)", forced=True)
