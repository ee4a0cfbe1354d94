"""The decree's rules on what a plan says, shared by the model and the checker.

Each function tells why a value breaks a rule of Nghị định 30/2020/NĐ-CP, or returns ``None``.
The model refuses such a value when a plan is built; the checker reports the same rule in any
.docx (the rule ids of ``docs/checker.md`` are given). One definition each, so what kehoach
accepts, kehoach check passes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

#: Place names written as the decree's own example writes them, with a lower-case syllable.
SPECIAL_PLACES: Final = ("Thành phố Hồ Chí Minh",)


def capitals_problem(text: str) -> str | None:
    """A line the decree prints in capitals (issuer, part and appendix titles, quyền hạn and
    chức vụ) needs letters: "in hoa" is said of letters (R12, R28, R33, R43)."""
    if not any(c.isalpha() for c in text):
        return f"dòng in hoa phải có chữ, nhận được «{text.strip()}»"
    return None


def place_problem(place: str) -> str | None:
    """Địa danh (R16): every syllable starts with a capital, or is a number (``Phường 5``).

    Phụ lục II, III.1: the proper name of an administrative unit is capitalised syllable by
    syllable; a unit named by a number keeps its unit word, capitalised (``Phường 5``).
    ``Thành phố Hồ Chí Minh`` is written as the decree writes it.
    """
    if place.strip() in SPECIAL_PLACES:
        return None
    # A word's first letter (a word of digits or signs has none: "Phường 5", "A & B").
    lower = [w for w in place.split() if not next((c.isupper() for c in w if c.isalpha()), True)]
    if lower:
        return (f"địa danh viết hoa chữ cái đầu mỗi âm tiết (Nghị định 30, Phụ lục II): "
                f"«{lower[0]}» trong «{place.strip()}»")
    return None


#: Học hàm, học vị before a name, one or more (``TS. Nguyễn Văn A``, ``PGS.TS. Nguyễn Văn A``):
#: the decree forbids them before the signer's name (Phụ lục I, II.7.c), save where
#: :data:`SCIENCE_BODIES` issue. Each ends with a dot or a space.
ACADEMIC_TITLE: Final = re.compile(r"^(?:(?:GS|PGS|TSKH|TS|ThS|KS|BS|CN|NCS)(?:\.\s*|\s+))+")
#: Quân hàm before a name (``Đại tá Nguyễn Văn A``): allowed where :data:`ARMED_FORCES` issue.
MILITARY_RANK: Final = re.compile(
    r"^((Đại|Thượng|Trung|Thiếu) (tướng|tá|úy|uý)|Chuẩn (úy|uý)|(Phó |Chuẩn )?Đô đốc)\s+",
    re.IGNORECASE)
#: Issuers of the armed forces, whose signers may carry a rank (Phụ lục I, II.7.c: "đơn vị vũ
#: trang nhân dân"), read in the issuer's lines in capitals …
ARMED_FORCES: Final = re.compile(
    r"QUÂN|CÔNG AN|BỘ CHỈ HUY|BIÊN PHÒNG|QUỐC PHÒNG|CẢNH SÁT|SƯ ĐOÀN|TRUNG ĐOÀN|LỮ ĐOÀN|"
    r"BỘ ĐỘI|HẢI QUÂN|PHÒNG KHÔNG|CẢNH VỆ|TÌNH BÁO")
#: … and education, health and science bodies, whose signers may carry an academic title.
SCIENCE_BODIES: Final = re.compile(
    r"TRƯỜNG|ĐẠI HỌC|HỌC VIỆN|CAO ĐẲNG|BỆNH VIỆN|VIỆN|Y TẾ|TRUNG TÂM NGHIÊN CỨU")


def allowed_name_prefix(name: str, issuer: str = "") -> str:
    """The rank or academic title ``name`` may carry before the name proper, given the
    ``issuer``'s lines (chủ quản and own name, any case), or ``""`` (Phụ lục I, II.7.c)."""
    issuer = _caps(issuer)
    rank = MILITARY_RANK.match(name)
    if rank and ARMED_FORCES.search(issuer):
        return name[:rank.end()]
    title = ACADEMIC_TITLE.match(name)
    if title and SCIENCE_BODIES.search(issuer):
        return name[:title.end()]
    return ""


def name_prefix_problem(name: str, issuer: str = "") -> str | None:
    """Họ tên người ký (R34): no học hàm, học vị or quân hàm before the name (Phụ lục I,
    II.7.c), save a rank in the armed forces and an academic title in education, health and
    science bodies. ``issuer``: the issuer's lines; empty when unknown (then none is allowed)."""
    rest = name[len(allowed_name_prefix(name, issuer)):].lstrip()
    if ACADEMIC_TITLE.match(rest) or MILITARY_RANK.match(rest):
        return ("không ghi học hàm, học vị, quân hàm trước họ tên người ký (Nghị định 30, Phụ "
                "lục I, II.7.c; chỉ lực lượng vũ trang, cơ sở giáo dục, y tế, khoa học được ghi)")
    return None


def signer_name_problem(name: str, issuer: str = "") -> str | None:
    """Họ tên người ký (R34): each syllable capitalised, the rest lower case, two or more
    syllables (``Nguyễn Văn A``, ``H'Hen Niê``; not ``NGUYỄN VĂN A``, not ``Nguyễn văn A``),
    after any rank or title :func:`allowed_name_prefix` lets the ``issuer`` print; any other
    prefix is :func:`name_prefix_problem`."""
    problem = name_prefix_problem(name, issuer)
    if problem:
        return problem
    name = name[len(allowed_name_prefix(name, issuer)):]
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "họ tên người ký viết hoa chữ cái đầu mỗi tiếng, không viết hoa toàn bộ"
    if len(words) < 2:
        return "họ tên người ký có họ và tên (ít nhất hai tiếng), như «Nguyễn Văn A»"
    for word in words:
        # "H'Hen", "Y-Moan": each part of a syllable joined by ' or - starts with a capital.
        for part in re.split(r"[-'’]", word):
            if part and not (part[:1].isupper() and part[1:] == part[1:].lower()):
                return (f"họ tên người ký viết hoa chữ cái đầu mỗi tiếng, các chữ sau viết "
                        f"thường: «{word}» trong «{name.strip()}»")
    return None


def subject_problem(title: str) -> str | None:
    """Trích yếu (R20): sentence case, its first letter a capital (Phụ lục I, II.5.b; Phụ lục
    II, I.1), after any opening quotation mark: ``“Tháng hành động …” năm 2026``."""
    text = title.strip()
    if not any(c.islower() for c in text):
        return "trích yếu viết chữ thường (như một câu), không in hoa toàn bộ"
    first = next((i for i, c in enumerate(text) if c.isalpha()), None)
    if first is None or not text[first].isupper():
        return "trích yếu viết hoa chữ cái đầu (như đầu một câu)"
    return None


#: What breaks a line in a text: a line feed (``\n``, and ``\r`` before normalisation), a tab,
#: and the other line and paragraph separators Unicode has.
_LINE_BREAKS = re.compile("[\n\t\x85\u2028\u2029]")
_BREAK_NAMES = {"\n": "dấu xuống dòng", "\t": "ký tự tab (Tab)"}


def line_break_problem(value: str) -> str | None:
    """Why ``value`` cannot be printed as one line (a line break or a tab in it, a space
    before it), or ``None``.

    Lines the decree sets one to a paragraph (issuer, signer, Nơi nhận, căn cứ …) are read back
    by the checker as that one line (``- <nơi nhận>;``, R37; ``TM. ỦY BAN NHÂN DÂN``, R33); a
    break would split it. The model refuses such a value in the fields printed so.
    """
    bad = _LINE_BREAKS.search(value)
    if bad is None:
        if value[:1].isspace():  # "-   Các thôn;" is no "- <nơi nhận>;" line (R37)
            return "bắt đầu bằng dấu cách: xóa dấu cách ở đầu dòng"
        return None
    char = bad.group()
    name = _BREAK_NAMES.get(char, f"ký tự ngắt dòng U+{ord(char):04X}")
    before = value[max(0, bad.start() - 20):bad.start()].lstrip()
    if not before:
        return f"có {name} ở đầu: dòng này in trên một dòng; xóa ký tự này"
    return f"có {name} sau «{before}»: dòng này in trên một dòng; thay bằng dấu cách"



def mentions_appendix(texts: Iterable[str]) -> bool:
    """Whether the body refers to its appendices (R43: Phụ lục I, III.1: "văn bản phải có chỉ
    dẫn về phụ lục"): one of ``texts`` (căn cứ, opening, parts, closing) says "phụ lục"."""
    return any("phụ lục" in text.casefold() for text in texts)


#: The labels the decree's numbering prints at the start of a paragraph (Phụ lục I, II.6.đ;
#: Mục V 6.b): a part ``I.``, a khoản ``1.``, a tiểu mục ``1.1.``, a điểm ``a)``. The checker
#: finds a plan's structure by them (R28–R30); kehoach prints them from the structure.
PART_LABEL: Final = re.compile(r"^([IVXLC]+)\.\s*\S")
ITEM_LABEL: Final = re.compile(r"^(\d+)\.\s+\S")
SUB_ITEM_LABEL: Final = re.compile(r"^\d+(\.\d+)+\.?\s")
POINT_LABEL: Final = re.compile(r"^([^\W\d_]{1,2})\)\s*\S")
#: The headings above the khoản of a document laid out in articles (a Quyết định, a Quy chế;
#: Phụ lục III, Mẫu 1.1–1.3): ``Điều 1.``, and ``Chương I``, ``Mục 1``, ``Phần I`` on a line
#: of their own. Khoản restart under each (R29).
ARTICLE_LABEL: Final = re.compile(r"^Điều\s+(\d+)\s*\.")
DIVISION_LABEL: Final = re.compile(r"^(Chương|Mục|Phần|Tiểu mục)\s+([IVXLC]+|\d+)\s*$",
                                   re.IGNORECASE)
# A typed tiểu mục ("1.2. "), not a number with thousands ("1.000 hộ dân").
_TYPED_SUB_ITEM: Final = re.compile(r"^\d{1,2}(\.\d{1,2})+\.\s")


#: A line ending so is a sentence, not a heading (R29: a khoản's title line is bold, its
#: running text regular).
SENTENCE_ENDS: Final = (".", ";")
#: A line ending so may be either: a title ("1. Nhiệm vụ:") or the sentence that opens a list
#: ("1. Giao các đơn vị sau:"), a question.
OPEN_ENDS: Final = (":", "?", "!")


def is_sentence_line(text: str) -> bool:
    """Whether a numbered line reads as running text (regular, not bold; R29)."""
    return text.rstrip().endswith(SENTENCE_ENDS)


def is_heading_line(text: str) -> bool:
    """Whether a numbered line reads as a title for sure (bold; R29): it ends with no
    punctuation (``1. Mục đích``). One ending ``:`` may be either (see :data:`OPEN_ENDS`)."""
    return not text.rstrip().endswith(SENTENCE_ENDS + OPEN_ENDS)


def numbered_text_problem(text: str) -> str | None:
    """A khoản printed as running text alone on its numbered line (no title) does not end as
    a title does (:func:`is_heading_line`): such a line is read as a title, which is bold
    (R29). A line ending ``:`` may be either, and passes."""
    if is_heading_line(text):
        end = text.rstrip()[-1:]
        ends = f"kết thúc bằng «{end}»" if end else "để trống"
        return (f"khoản in thành câu văn trên dòng số thứ tự kết thúc bằng dấu câu («.», «;», "
                f"hoặc «:» trước một danh sách; đang {ends}): dòng khoản không có dấu câu ở "
                "cuối được đọc là tiêu đề khoản, phải in đậm (Nghị định 30, Phụ lục I, II.6.đ); "
                "thêm dấu câu, hoặc ghi phần này vào tiêu đề (title)")
    return None


def heading_problem(title: str) -> str | None:
    """A khoản's title (printed bold) must not end as a sentence does (R29)."""
    if is_sentence_line(title):
        return (f"tiêu đề khoản in đậm, không kết thúc bằng «{title.rstrip()[-1]}» (dòng kết thúc "
                "bằng dấu câu được đọc là câu văn); câu văn thì ghi vào text")
    return None


def typed_label(text: str) -> str | None:
    """The numbering label ``text`` starts with, as a reader (and the checker) would read it:
    ``I.``, ``1.``, ``1.1.``, ``a)``; else ``None``."""
    stripped = text.lstrip()
    for pattern in (_TYPED_SUB_ITEM, PART_LABEL, ITEM_LABEL, POINT_LABEL):
        match = pattern.match(stripped)
        # A điểm's letter is lower case (R30 reads "A)" as no điểm).
        if match and (pattern is not POINT_LABEL or match.group(1).islower()):
            return stripped[:match.end() - 1].strip()
    return None


def typed_label_problem(text: str) -> str | None:
    """Why a paragraph's text must not start with a numbering label (the seed's stray "I."):
    kehoach numbers parts, khoản and điểm from their place, and a typed label would be read
    as one more (R28–R30)."""
    label = typed_label(text)
    if label is None:
        return None
    return (f"không gõ số thứ tự «{label}» ở đầu: kehoach tự đánh số theo vị trí, và đoạn "
            "bắt đầu bằng số thứ tự sẽ được đọc như một mục, khoản hay điểm; dùng đúng loại khối "
            "(part, item, point) hoặc viết khác đi")


def _caps(text: str) -> str:
    # Both tone-mark places of "Ủy" print; the decree's sample is "ỦY".
    return unicodedata.normalize("NFC", text).upper().replace("UỶ", "ỦY")


#: Ủy ban nhân dân: the body whose signature the decree's sample shows (Mục V, row 7).
PEOPLES_COMMITTEE: Final = "ỦY BAN NHÂN DÂN"

#: Quyền hạn, chức vụ (R33) of a plan a Ủy ban nhân dân issues: the lines above the name, in
#: capitals (nd30.md §5.1; Điều 13). A collective body signs TM.; a deputy KT.; an acting
#: chairman Q.
PEOPLES_COMMITTEE_SHAPES: Final = (
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("Q. CHỦ TỊCH",),
    ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"),
)


def is_peoples_committee(issuer_lines: list[str] | tuple[str, ...]) -> bool:
    """Whether the issuer's own name (not its chủ quản) is a Ủy ban nhân dân."""
    return bool(issuer_lines) and _caps(issuer_lines[0]).startswith(PEOPLES_COMMITTEE)


def signature_shape(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The quyền hạn and chức vụ lines as printed: capitals, ``Ủy`` spelled as the decree does."""
    return tuple(_caps(" ".join(line.split())) for line in lines)


#: Quyền hạn (Phụ lục I, II.7.b): thay mặt, ký thay, quyền, thừa lệnh, thừa ủy quyền.
MARKS: Final = ("TM", "KT", "Q", "TL", "TUQ")
#: The order of the marks in a chain: TM. (for a collective body) before TL./TUQ. (by order or
#: authorisation of the head) before KT./Q. (for or as the head): ``TM. ỦY BAN NHÂN DÂN /
#: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH``; ``TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG``
#: (Điều 13.4: the one who signs by order may pass it to a deputy, who signs KT.).
MARK_ORDER: Final = {"TM": 0, "TL": 1, "TUQ": 1, "KT": 2, "Q": 2}
#: A quyền hạn line as typed, the dot or its space perhaps missing (``TL.CHỦ TỊCH``).
MARK_LINE: Final = re.compile(r"^(TM|KT|Q|TL|TUQ)\b\.?\s*(.*)$")
_DEPUTY: Final = "PHÓ "


def _marks(shape: tuple[str, ...]) -> list[tuple[int, str, str]]:
    return [(i, m.group(1), m.group(2).strip()) for i, line in enumerate(shape)
            if (m := MARK_LINE.match(line))]


def chain_problem(lines: list[str] | tuple[str, ...]) -> str | None:
    """Why the quyền hạn and chức vụ ``lines`` (ô 7a, top down) are no chain the decree allows
    for any body (R33; Phụ lục I, II.7.b; Điều 13), or ``None``:

    - the marks in the order of :data:`MARK_ORDER`, each kind once;
    - after TM., KT., TL. or TUQ., the signer's own chức vụ (a Q. line may be the last: it
      names the office held);
    - a deputy (``PHÓ …``) signing for the head, or by order, signs ``KT. <head>`` (II.7.b:
      "cấp phó được giao phụ trách … ký như cấp phó ký thay"; Điều 13.4), and a KT. line names
      another office than the signer's. Under ``TM.`` a member of the collective may sign
      with his own title (``TM. THƯỜNG TRỰC HĐND / PHÓ CHỦ TỊCH``).
    """
    shape = signature_shape(lines)
    marks = _marks(shape)
    order = [MARK_ORDER[m] for _, m, _ in marks]
    if order != sorted(order) or len(set(order)) != len(order):
        return ("quyền hạn theo thứ tự TM. (thay mặt tập thể), rồi TL. hoặc TUQ., rồi KT. hoặc "
                "Q., mỗi loại một lần (Nghị định 30, Phụ lục I, II.7.b; Điều 13), ví dụ «TM. ỦY "
                "BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH»")
    if marks and marks[-1][0] == len(shape) - 1:
        if marks[-1][1] != "Q":
            return (f"sau «{marks[-1][1]}. {marks[-1][2]}» phải có dòng chức vụ của người ký, "
                    "ví dụ «KT. CHỦ TỊCH / PHÓ CHỦ TỊCH» (Nghị định 30, Phụ lục I, II.7.b)")
        return None
    office = shape[marks[-1][0] + 1] if marks else (shape[0] if shape else "")
    kt = next((of for _, m, of in marks if m == "KT"), None)
    if kt is not None and office == kt:
        return (f"người ký thay (KT.) là cấp phó: dòng dưới «KT. {kt}» ghi chức vụ của người ký, "
                f"ví dụ «{_DEPUTY}{kt}» (Nghị định 30, Phụ lục I, II.7.b)")
    # Under TM. a member of a collective signs with his own title: "TM. THƯỜNG TRỰC HĐND /
    # PHÓ CHỦ TỊCH" (a Ủy ban nhân dân's deputy signs KT. as well: signature_problem).
    if office.startswith(_DEPUTY) and kt is None and not any(m == "TM" for _, m, _ in marks):
        head = office[len(_DEPUTY):]
        return (f"cấp phó ký thay người đứng đầu: thêm dòng quyền hạn «KT. {head}» phía trên "
                f"«{office}» (Nghị định 30, Phụ lục I, II.7.b; Điều 13)")
    return None


def signature_problem(issuer_lines: list[str] | tuple[str, ...],
                      lines: list[str] | tuple[str, ...], *,
                      in_own_name: bool = False) -> str | None:
    """Why the quyền hạn and chức vụ ``lines`` do not fit the issuer (R33), or ``None``.

    Any body: :func:`chain_problem`. A Ủy ban nhân dân works as a collective (Điều 13.2): its
    Chủ tịch signs ``TM. ỦY BAN NHÂN DÂN``, a Phó Chủ tịch ``KT. CHỦ TỊCH`` (under ``TM.`` or
    not: :data:`PEOPLES_COMMITTEE_SHAPES`), an acting chairman ``Q. CHỦ TỊCH``; the head of
    its office signs ``TL.`` or ``TUQ. CHỦ TỊCH`` (Điều 13.3–4). ``CHỦ TỊCH`` with no mark is
    right only when the Chủ tịch issues the document in his own name (``in_own_name``: a
    Quyết định of the Chủ tịch, a letter giving his opinion); a plan is the body's.
    """
    problem = chain_problem(lines)
    if problem or not is_peoples_committee(issuer_lines):
        return problem
    shape = signature_shape(lines)
    if shape in PEOPLES_COMMITTEE_SHAPES:
        return None
    marks = _marks(shape)
    head = "CHỦ TỊCH"
    wrong = ""
    tm = [of for _, m, of in marks if m == "TM"]
    others = [(m, of) for _, m, of in marks if m != "TM"]
    office = shape[marks[-1][0] + 1] if marks and marks[-1][0] + 1 < len(shape) else ""
    if tm and not tm[0].startswith(PEOPLES_COMMITTEE):
        wrong = f"thay mặt «TM. {PEOPLES_COMMITTEE}», không phải «TM. {tm[0]}»; "
    elif others and others[0][1] != head:
        wrong = (f"dòng «{others[0][0]}. {others[0][1]}» phải là «{others[0][0]}. {head}» "
                 "(người đứng đầu Ủy ban nhân dân là Chủ tịch); ")
    elif not marks:
        if shape == (head,) and in_own_name:
            return None
        if shape == (head,):
            wrong = ("Ủy ban nhân dân làm việc tập thể, Chủ tịch ký thay mặt: thêm quyền hạn "
                     "«TM. Ủy ban nhân dân»; ")
        else:
            wrong = "thiếu quyền hạn ký (TM., KT., Q., TL., TUQ.); "
    elif [m for _, m, _ in marks] == ["TM"] and office != head:
        wrong = (f"ký «TM. {PEOPLES_COMMITTEE}» thì dòng dưới là «{head}» (Phó Chủ tịch ký "
                 f"thêm «KT. {head}»); ")
    else:
        return None
    shown = " / ".join(shape) if shape else "(không có dòng nào)"
    allowed = "; ".join(" / ".join(s) for s in PEOPLES_COMMITTEE_SHAPES)
    return (f"chữ ký «{shown}» không đúng với Ủy ban nhân dân (Nghị định 30, Điều 13): {wrong}"
            f"dùng một trong: {allowed} (hoặc TL./TUQ. CHỦ TỊCH của Chánh Văn phòng)")



# --------------------------------------------------------------------------------------------
# Run-in headings, heading styles by level, notes in italic (R23, R29, R30)

#: The marks that may end the title of a run-in heading (``3. Sở Tư pháp:`` then its text);
#: a title ending with none gets ``:``.
RUN_IN_ENDS: Final = OPEN_ENDS


def run_in_title(title: str) -> str:
    """The title of a run-in heading as printed: ``Sở Tư pháp`` → ``Sở Tư pháp:``."""
    return title if title.rstrip().endswith(RUN_IN_ENDS) else title.rstrip() + ":"


def is_run_in(lead: str, rest: str) -> bool:
    """Whether a numbered line is a run-in heading (R29, R30): its first characters ``lead``
    set as a heading (bold), then running text ``rest``, regular. The lead is the label alone
    (``3.``, ``1.1.``, ``a)``: only the number bold) or the label and a title ending as
    :data:`RUN_IN_ENDS` says (``3. Sở Tư pháp:``). The bold label is the heading; the text
    after it may end as any sentence does, or not at all (``… các nội dung sau:``)."""
    lead = lead.strip()
    if not lead or not rest.strip():
        return False
    label = typed_label(lead + " x")
    return label == lead or (label is not None and lead.endswith(RUN_IN_ENDS))


#: Ghi chú: a paragraph wholly in brackets, ``(Có danh sách kèm theo)``, printed in italic as
#: offices do; an ending mark may follow the bracket.
_NOTE: Final = re.compile(r"^\(.*\)[.;:]?$", re.DOTALL)


def is_note_line(text: str) -> bool:
    """Whether a body paragraph is a note in brackets, which may be set in italic (R23)."""
    return bool(_NOTE.match(text.strip()))


def italic_allowed(text: str) -> bool:
    """Whether a body paragraph may be wholly italic (R23: the body is upright, Phụ lục I,
    II.6.e): a note in brackets, or the title line of a tiểu mục ``1.1.`` or of a điểm ``a)``,
    which offices set in italic (the decree gives no style for them; a khoản's title is
    upright and bold, II.6.đ)."""
    if is_note_line(text):
        return True
    stripped = text.strip()
    titled = bool(SUB_ITEM_LABEL.match(stripped) or POINT_LABEL.match(stripped))
    return titled and is_heading_line(stripped)


def italic_paragraph_problem(text: str) -> str | None:
    """Why a body paragraph wholly in italic breaks R23, or ``None``."""
    if italic_allowed(text):
        return None
    return ("cả đoạn in nghiêng: nội dung văn bản in chữ đứng (Nghị định 30, Phụ lục I, "
            "II.6.e); chỉ ghi chú trong ngoặc đơn «(…)» được in nghiêng cả đoạn; bỏ in "
            "nghiêng, hoặc chỉ in nghiêng một phần câu")


#: Kiểu chữ đề mục each level may take, as (bold, italic): a khoản's title is upright and
#: bold (Phụ lục I, II.6.đ); a tiểu mục's and a titled điểm's are the office's choice.
HEADING_STYLES: Final = {
    "item": ((True, False),),
    "sub_item": ((True, False), (True, True), (False, True), (False, False)),
    "point": ((True, False), (True, True), (False, True), (False, False)),
}


def heading_style_problem(level: str, bold: bool, italic: bool) -> str | None:
    """Why a heading style does not suit ``level`` (``item``, ``sub_item``, ``point``)."""
    if (bold, italic) in HEADING_STYLES[level]:
        return None
    return ("tiêu đề khoản in đứng, đậm (Nghị định 30, Phụ lục I, II.6.đ: «số thứ tự và "
            "tiêu đề của khoản … kiểu chữ đứng, đậm»); kiểu khác chỉ dùng cho tiểu mục "
            "(sub_item) và điểm (point)")
