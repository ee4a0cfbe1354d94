"""The decree's numbers: paper, margins, type sizes and the house profile inside their ranges.

Nghị định 30/2020/NĐ-CP, Phụ lục I gives ranges (margins 20–25 mm, Quốc hiệu 12–13 pt, …);
kehoach ships one default inside them (the "house profile") and lets a caller choose other
values, never values outside the ranges. This is the only module that knows these numbers:
the template builder draws with them and the checker checks against them.

Units: sizes in points, lengths in twips (1 pt = 20 tw, 1 cm = 567 tw) unless a name says mm.
"""

from __future__ import annotations

import math
from typing import Final

import attrs

from kehoach.errors import PlanDataError, PlanDataErrors, vietnamese_arguments
from kehoach.layout.metrics import text_width_tw

TWIPS_PER_MM: Final = 1440 / 25.4
TWIPS_PER_CM: Final = 567

#: A4 paper, portrait, as Word writes it (210 × 297 mm). A landscape section (allowed for
#: tables, Phụ lục I, I.2) swaps the two, with ``w:orient="landscape"``.
PAGE_WIDTH_TW: Final = 11906
PAGE_HEIGHT_TW: Final = 16838

#: The decree's ranges, (low, high) inclusive. Keys are Profile field names.
RANGES: Final[dict[str, tuple[float, float]]] = {
    "margin_top_mm": (20, 25),
    "margin_bottom_mm": (20, 25),
    "margin_left_mm": (30, 35),
    "margin_right_mm": (15, 20),
    "size_national_title": (12, 13),  # Quốc hiệu
    "size_motto": (13, 14),  # Tiêu ngữ
    "size_issuer": (12, 13),  # tên cơ quan ban hành (and chủ quản)
    "size_number": (13, 13),  # Số, ký hiệu: 13 exactly
    "size_place_date": (13, 14),
    "size_title": (13, 14),  # KẾ HOẠCH and the trích yếu
    "size_body": (13, 14),
    "size_signer": (13, 14),
    "size_recipients_label": (12, 12),
    "size_recipients": (11, 11),
    "size_page_number": (13, 14),
    "first_line_indent_cm": (1.0, 1.27),
    "paragraph_spacing_pt": (6, 24),  # "at least 6 pt"; the upper bound is kehoach's
    "line_spacing": (1.0, 1.5),
    "issuer_rule_ratio": (1 / 3, 1 / 2),
    "title_rule_ratio": (1 / 3, 1 / 2),
    "size_footnote": (10, 12),  # chú thích: not in the decree; Word's and offices' practice
    # The header and signature tables (cm): the decree gives no numbers; these bounds are
    # those of Mẫu 1.4 and of issued documents (nd30.md §6.3), the checker's R18 for the header.
    "header_left_cm": (6.0, 7.5),
    "header_right_cm": (9.4, 10.7),
    "signature_left_cm": (5.0, 8.0),
    "signature_right_cm": (9.0, 11.5),
    "signature_gap_lines": (3, 8),  # empty lines for signature and seal (nd30.md §5.2)
    "cell_padding_tw": (0, 170),
}

#: The Tiêu ngữ and its rule, which must be as long as the text.
NATIONAL_TITLE: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO: Final = "Độc lập - Tự do - Hạnh phúc"
FONT: Final = "Times New Roman"
#: "Phụ lục" over an appendix: 14 pt bold (Phụ lục I, III.1.b), a fixed size, not a range.
SIZE_APPENDIX_HEADING: Final = 14
#: Ô 12, the drafter's initials and the number of copies (``PL.(300)``): 11 pt, upright
#: (Phụ lục I, III.3); it is printed on the ``- Lưu`` line, whose size is the same.
SIZE_DRAFTER_NOTE: Final = 11
#: Cell padding of bordered tables (tw): 0.15 cm each side.
TABLE_CELL_PADDING_TW: Final = 85
#: Width of an automatic TT (số thứ tự) column (cm).
NUMBER_COLUMN_CM: Final = 1.1


#: Ranges that are kehoach's practice rather than the decree's words.
_PRACTICE: Final = frozenset({"size_footnote", "header_left_cm", "header_right_cm",
                              "signature_left_cm", "signature_right_cm", "signature_gap_lines",
                              "cell_padding_tw"})


def _in_range(instance: object, attribute: attrs.Attribute, value: float) -> None:
    field = f"Profile.{attribute.name}"
    whole = attribute.type in (int, "int")
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise PlanDataError(field, f"phải là {'số nguyên' if whole else 'một số'}, nhận được "
                                   f"{value!r}")
    low, high = RANGES[attribute.name]
    if not (low - 1e-9 <= value <= high + 1e-9):
        whose = "thông lệ" if attribute.name in _PRACTICE else "Nghị định 30"
        raise PlanDataError(field, f"{_decimal(value)} nằm ngoài khoảng {whose} cho phép "
                                   f"({_decimal(low)}–{_decimal(high)})")


def _decimal(value: float) -> str:
    """A number as Vietnamese writes it: ``1,5``."""
    return f"{value:g}".replace(".", ",")


_in_range.ranges = RANGES  # read by the JSON Schema (kehoach.data.schema)


def _ranged(default: float) -> float:
    return attrs.field(default=default, validator=_in_range)


class _House(float):
    """A column width left at the house profile's value: the profile may narrow it to the
    text width its margins leave (an explicit value is the author's and is only checked)."""

    house: float

    def __new__(cls, value: float, house: float | None = None) -> _House:
        self = super().__new__(cls, value)
        self.house = value if house is None else house
        return self

    def __repr__(self) -> str:
        return repr(float(self))

    def __reduce__(self):  # pickled for batch workers as what it is
        return (_House, (float(self), self.house))


def is_house_width(value: object) -> bool:
    """Whether a column width of a :class:`Profile` was left to the house profile (and fitted
    to the margins), not chosen: a data file writing the profile leaves it out."""
    return isinstance(value, _House)


def _column(default: float) -> float:
    return attrs.field(default=_House(default), validator=_in_range)


def _cm(value: float) -> str:
    """A length in cm as Vietnamese writes it: ``9,77``."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


#: Room a cell keeps beyond its text and padding (tw): a border's half point and the
#: renderers' rounding (LibreOffice wraps a line exactly as wide as its cell).
FIT_SLACK_TW: Final = 20


def _date_line_tw(line: str, size: float) -> int:
    """Room (tw) the italic place-and-date ``line`` needs at ``size`` pt, padding aside:
    LibreOffice rounds each glyph's advance, so a line of 46 characters wraps in a cell up to
    ~35 tw wider than Times New Roman's metrics say; a twip a character covers it."""
    return text_width_tw(line, size, italic=True) + FIT_SLACK_TW + len(line)


@vietnamese_arguments
@attrs.frozen
class Profile:
    """Thể thức: the type sizes, margins and spacing a plan is laid out with.

    The defaults are kehoach's house profile; every value must lie inside the range
    Nghị định 30 allows (:data:`RANGES`), or construction fails naming the field.
    """

    margin_top_mm: float = _ranged(20)
    margin_bottom_mm: float = _ranged(20)
    margin_left_mm: float = _ranged(30)
    margin_right_mm: float = _ranged(15)
    size_national_title: float = _ranged(13)
    size_motto: float = _ranged(14)
    size_issuer: float = _ranged(13)
    size_number: float = _ranged(13)
    size_place_date: float = _ranged(14)
    size_title: float = _ranged(14)
    size_body: float = _ranged(14)
    size_signer: float = _ranged(14)
    size_recipients_label: float = _ranged(12)
    size_recipients: float = _ranged(11)
    size_page_number: float = _ranged(14)
    first_line_indent_cm: float = _ranged(1.0)
    paragraph_spacing_pt: float = _ranged(6)
    line_spacing: float = _ranged(1.15)
    issuer_rule_ratio: float = _ranged(0.4)
    title_rule_ratio: float = _ranged(0.4)
    size_footnote: float = _ranged(10)
    #: Header table columns (cm): issuer on the left, Quốc hiệu on the right. The right one
    #: must hold the Quốc hiệu (9.6 cm at 13 pt bold) on one line.
    header_left_cm: float = _column(6.3)
    header_right_cm: float = _column(10.2)
    #: Signature table columns (cm): Nơi nhận on the left, the signer on the right.
    signature_left_cm: float = _column(7.0)
    signature_right_cm: float = _column(9.5)
    #: Empty lines left for the signature and the seal.
    signature_gap_lines: int = _ranged(4)
    #: Cell padding in the layout tables (tw); small, so the Quốc hiệu fits its column.
    cell_padding_tw: int = _ranged(57)

    def __attrs_post_init__(self) -> None:
        problems = [*self._fit_header(), *self._fit_signature()]
        if problems:
            raise PlanDataErrors(problems) if len(problems) > 1 else problems[0]

    def _set(self, name: str, value: float) -> None:
        object.__setattr__(self, name, _House(value, getattr(self, name).house))

    def _margins(self) -> str:
        return (f"A4 rộng 210 mm trừ lề trái {self.margin_left_mm:g} mm và lề phải "
                f"{self.margin_right_mm:g} mm còn {_cm(self.text_width_tw / TWIPS_PER_CM)} cm")

    def _fit_pair(self, left: str, right: str, what: str, right_least: float, *,
                  first: str) -> list[PlanDataError]:
        """Fit the columns ``left`` and ``right`` (cm) into the text width: a width left at
        the house value gives way (``first`` the first, each down to its least: the range's
        low end, ``right_least`` for the right one), to the millimetre; widths the author
        chose must fit as they are. Names the field to change when they cannot."""
        text = self.text_width_tw / TWIPS_PER_CM
        least = {left: RANGES[left][0], right: max(RANGES[right][0], right_least)}
        width = {name: getattr(self, name) for name in (left, right)}
        house = {name: isinstance(value, _House) for name, value in width.items()}
        width = {name: value.house if house[name] else value for name, value in width.items()}

        def fits() -> bool:
            # a twip or two over: cm and mm rounded to twips (6 + 10.5 cm in 165 mm)
            return self.cm_tw(width[left]) + self.cm_tw(width[right]) <= self.text_width_tw + 2

        for name in (first, right if first == left else left):
            if house[name] and not fits():
                other = width[right if name == left else left]
                width[name] = max(math.floor((text - other) * 100) / 100, least[name])
        if fits():
            for name in (left, right):
                if house[name]:
                    self._set(name, width[name])
            return []
        a, b = width[left], width[right]
        for_what = f" cho {what}" if what and right_least > RANGES[right][0] else ""
        if house[left] and house[right]:
            field = "margin_left_mm"
            hint = (f"cột trái cần ít nhất {_cm(least[left])} cm, cột phải {_cm(least[right])} "
                    f"cm{for_what}; giảm lề trái hoặc lề phải")
            if for_what and self.size_national_title > 12:
                hint += ", hoặc chọn size_national_title: 12"
        elif house[left]:
            field, hint = right, f"giảm {right} (cột trái cần ít nhất {_cm(least[left])} cm)"
        elif house[right]:
            field, hint = left, f"giảm {left} (cột phải cần ít nhất {_cm(least[right])} cm{for_what})"
        else:
            field, hint = left, f"giảm {left} hoặc {right}"
        return [PlanDataError(f"Profile.{field}",
                              f"{left} {_cm(a)} cm cộng {right} {_cm(b)} cm là {_cm(a + b)} "
                              f"cm, rộng hơn vùng chữ ({self._margins()}): bảng sẽ tràn ra lề; "
                              f"{hint}")]

    def _fit_header(self) -> list[PlanDataError]:
        """The header's right column holds the Quốc hiệu and the Tiêu ngữ, each on one line."""
        need_tw = max(text_width_tw(NATIONAL_TITLE, self.size_national_title, bold=True),
                      text_width_tw(MOTTO, self.size_motto, bold=True))
        need = math.ceil((need_tw + 2 * self.cell_padding_tw + FIT_SLACK_TW)
                         / TWIPS_PER_CM * 100) / 100
        # The right column gives way first: the issuer's name is the one that wraps.
        problems = self._fit_pair("header_left_cm", "header_right_cm",
                                  f"Quốc hiệu cỡ {self.size_national_title:g} pt", need,
                                  first="header_right_cm")
        if problems:
            return problems
        if self.header_right_cm < need:
            smaller = (" hoặc chọn size_national_title: 12" if self.size_national_title > 12
                       else "")
            return [PlanDataError("Profile.header_right_cm",
                                  f"cột phải {_cm(self.header_right_cm)} cm không đủ cho Quốc "
                                  f"hiệu cỡ {self.size_national_title:g} pt trên một dòng (cần "
                                  f"{_cm(need)} cm, kể cả lề trong ô); tăng header_right_cm"
                                  f"{smaller}")]
        return []

    def _fit_signature(self) -> list[PlanDataError]:
        # Nơi nhận gives way first: the signer's lines are in capitals, the recipients wrap.
        return self._fit_pair("signature_left_cm", "signature_right_cm", "", 0,
                              first="signature_left_cm")

    def for_place_date(self, line: str) -> Profile:
        """The profile that prints ``line``, the place and date (Địa danh và thời gian, italic,
        :attr:`size_place_date` pt), on one line of the header's right column (R16, R18).

        ``self`` when the line fits. Else, in this order, within the decree's ranges: the
        right column widens (when its width was left to the house profile), the left one
        giving way down to 6 cm when it too was left; then the line is set at 13 pt (the
        range's low end), the right column widening as needed; last, the layout tables'
        cells lose their inner margins (:attr:`cell_padding_tw` 0). Raises
        :class:`~kehoach.errors.PlanDataError` naming ``issuer.place`` when no width in the
        range holds the line at 13 pt, or the column the author chose
        (``Profile.header_right_cm``) when that one is too narrow.
        """
        pad = 2 * self.cell_padding_tw
        low = RANGES["size_place_date"][0]
        sizes = [self.size_place_date] + ([low] if self.size_place_date > low else [])
        need_cm = 0.0
        for size in sizes:
            need_tw = _date_line_tw(line, size) + pad
            if self.cm_tw(self.header_right_cm) >= need_tw:
                return self if size == self.size_place_date else attrs.evolve(
                    self, size_place_date=size)
            need_cm = math.ceil(need_tw / TWIPS_PER_CM * 100) / 100
            widened = self._widen_right(need_cm)
            if widened is not None:
                return attrs.evolve(self, size_place_date=size, header_left_cm=widened[0],
                                    header_right_cm=widened[1])
        if self.cell_padding_tw:
            # Last, the layout tables lose their inner margins (they have no borders).
            try:
                return attrs.evolve(self, cell_padding_tw=0).for_place_date(line)
            except PlanDataError:
                pass
        if not isinstance(self.header_right_cm, _House):
            raise PlanDataError("Profile.header_right_cm",
                                f"cột phải {_cm(self.header_right_cm)} cm không đủ cho dòng "
                                f"«{line}» (cần {_cm(need_cm)} cm ở cỡ {low:g} pt, kể cả lề "
                                f"trong ô); tăng header_right_cm (tối đa "
                                f"{_cm(RANGES['header_right_cm'][1])} cm) hoặc viết địa danh "
                                "ngắn hơn")
        widest = self._widest_right()
        raise PlanDataError("issuer.place",
                            f"địa danh quá dài: dòng «{line}» cần {_cm(need_cm)} cm ở cỡ chữ "
                            f"nhỏ nhất Nghị định 30 cho phép ({low:g} pt), cột phải phần đầu "
                            f"rộng nhất {_cm(widest)} cm ({self._margins()}); viết địa danh "
                            "ngắn hơn hoặc giảm lề trái, lề phải")

    def _widest_right(self) -> float:
        """The widest the header's right column may be (cm): the range's high end, or what
        the text width leaves beside the left column (at its least when it is the house's)."""
        left = (RANGES["header_left_cm"][0] if isinstance(self.header_left_cm, _House)
                else self.header_left_cm)
        room = math.floor((self.text_width_tw / TWIPS_PER_CM - left) * 100) / 100
        return min(RANGES["header_right_cm"][1], room)

    def _widen_right(self, need_cm: float) -> tuple[float, float] | None:
        """Header columns (left, right) with the right one ``need_cm`` wide, or ``None`` when
        the author chose the right one or the range and the text width forbid it."""
        if not isinstance(self.header_right_cm, _House) or need_cm > self._widest_right():
            return None
        left = self.header_left_cm
        if isinstance(left, _House):
            room = math.floor((self.text_width_tw / TWIPS_PER_CM - need_cm) * 100) / 100
            width = min(float(left), room)
            left = _House(width, width)
        return left, _House(need_cm, need_cm)

    # Derived lengths, in twips, for the template.
    def tw(self, mm: float) -> int:
        return round(mm * TWIPS_PER_MM)

    @property
    def text_width_tw(self) -> int:
        return PAGE_WIDTH_TW - self.tw(self.margin_left_mm) - self.tw(self.margin_right_mm)

    @property
    def landscape_text_width_tw(self) -> int:
        """Width of the text on a landscape page (same margins, the page turned)."""
        return PAGE_HEIGHT_TW - self.tw(self.margin_left_mm) - self.tw(self.margin_right_mm)

    @property
    def size_table(self) -> float:
        """Type size in tables: one point under the body's."""
        return self.size_body - 1

    @property
    def first_line_indent_tw(self) -> int:
        return round(self.first_line_indent_cm * TWIPS_PER_CM)

    @property
    def line_twips(self) -> int:
        """``w:spacing/@w:line`` for the body, in 240ths of a line."""
        return round(self.line_spacing * 240)

    def cm_tw(self, cm: float) -> int:
        return round(cm * TWIPS_PER_CM)


DEFAULT_PROFILE: Final = Profile()

#: The widest dates a place name is printed before: a signed one (Times New Roman's digits
#: are all as wide, so ``28`` and ``12`` stand for any) and a draft's blanks (six spaces each).
_WIDEST_DATES: Final = ("ngày 28 tháng 12 năm 2026", f"ngày{' ' * 6}tháng{' ' * 6}năm 2026")


def place_width_problem(place: str) -> str | None:
    """Why ``place`` (Địa danh) cannot print with its date on one line of the header's right
    column even at 13 pt in the widest column the house profile allows (its cells without
    inner margins, as :meth:`Profile.for_place_date` sets them last), or ``None``
    (R16 asks for one line; R18 measures it with :mod:`kehoach.layout.metrics`)."""
    low = RANGES["size_place_date"][0]
    widest = DEFAULT_PROFILE._widest_right()
    room = DEFAULT_PROFILE.cm_tw(widest)  # cells without inner margins
    need = max(_date_line_tw(f"{place.strip()}, {date}", low) for date in _WIDEST_DATES)
    if need <= room:
        return None
    shown = place.strip() if len(place.strip()) <= 60 else place.strip()[:60].rstrip() + "…"
    return (f"địa danh quá dài để in cùng ngày tháng trên một dòng: «{shown}, "
            f"{_WIDEST_DATES[0]}» cần {_cm(need / TWIPS_PER_CM)} cm ở cỡ chữ nhỏ nhất Nghị định "
            f"30 cho phép ({low:g} pt), cột phải phần đầu chỉ có {_cm(room / TWIPS_PER_CM)} cm; "
            "viết địa danh ngắn hơn")


#: What the conformance checker (:mod:`kehoach.checker`) allows around the decree's numbers,
#: for rounding in Word files and for measuring text it does not render (nd30.md §10).
CHECK_LIMITS: Final[dict[str, tuple[float, float]]] = {
    "page_width_tw": (11900, 11910),  # A4 210 mm, as Word and the decree's own files write it
    "page_height_tw": (16834, 16845),  # A4 297 mm
    "margin_tolerance_tw": (-2, 2),  # mm → tw rounding (the decree's file has 1985 for 35 mm)
    "indent_tolerance_tw": (-10, 10),
    "motto_rule_ratio": (0.85, 1.15),  # line under the Tiêu ngữ : its text ("as long as")
    # lines under issuer and trích yếu: 1/3–1/2 of a printed line of the text, ±1.5 % for
    # rounding (text widths come from Times New Roman's metrics, line lengths from the file)
    "short_rule_ratio": (0.328, 0.508),
    "header_left_cm": (6.0, 7.5),  # soft: Mẫu 1.4 and issued documents (S6)
    "header_right_cm": (9.4, 10.7),
    "signature_gap_lines": (3, 8),  # soft: empty lines for signature and seal (at least 3)
    "signature_gap_cm": (2.5, 6.0),  # … or at least 2.5 cm of space
    "size_drafter_note": (11, 11),  # ô 12, drafter's initials and copies (Phụ lục I, III.3)
    "size_address": (11, 12),  # ô 13, address block on page 1 (Phụ lục I, III.4)
}
