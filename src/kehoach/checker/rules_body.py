"""Nội dung văn bản: body paragraphs, căn cứ, numbering of parts (R23–R32).

The body is what follows the trích yếu and its line, without the issuing authority and the
enacting word of a Quyết định, without "Kính gửi", up to the signature. Numbers and letters are
read as printed, Word's automatic numbering included (:mod:`.numbering`); a first line indented
with a tab or spaces counts as indented (what prints decides).
"""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker import estimate
from kehoach.checker.document import Paragraph
from kehoach.checker.rules import (
    Check,
    Context,
    hp_range,
    is_upper,
    jc_words,
    limit,
    num,
    pt_range,
    rule,
    sizes_text,
)
from kehoach.layout.profile import RANGES, TWIPS_PER_CM
from kehoach.model import decree
from kehoach.rendering.conventions import (
    POINT_LETTERS,
    part_letter,
    point_letter,
    roman,
)

PART: Final = decree.PART_LABEL
#: A part of a plan whose parts are lettered A., B., C. … (the letters of
#: :func:`kehoach.rendering.conventions.part_letter`).
LETTERED_PART: Final = re.compile(r"^([A-ZĐ])\.\s*\S")
#: "Điều 1.", "Chương I", "Mục 1", "Phần I": headings above the khoản of a Quyết định, a Quy chế.
ARTICLE: Final = decree.ARTICLE_LABEL
DIVISION: Final = decree.DIVISION_LABEL
ITEM: Final = decree.ITEM_LABEL
SUB_ITEM: Final = decree.SUB_ITEM_LABEL
POINT: Final = decree.POINT_LABEL
#: A typed tiểu mục with its full path and a closing dot: ``1.2.``, ``2.1.3.`` (not ``1.000``).
TYPED_SUB_ITEM: Final = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.\s")
ODD_BULLET: Final = re.compile(r"^[•·▪◦○●■□➢➤✓\u2013\u2014*\uf0b7\uf0a7\uf0d8]\s*")
#: Single-line height of Times New Roman, in ems (ascent + descent + gap): for exact spacing.
SINGLE_LINE_EM: Final = 1.15
#: Word's spacing for "auto" before/after (HTML auto spacing), in twips.
AUTO_SPACING_TW: Final = 280


def body_with_bases(ctx: Context) -> list[Paragraph]:
    return [*ctx.layout.bases, *ctx.layout.body_paragraphs]


def _indent_tolerance() -> tuple[float, float]:
    return limit("indent_tolerance_tw")


@rule("R23", "Đoạn nội dung: căn đều, cỡ chữ, chữ đứng", "body", hard=True,
      what="đoạn nội dung căn đều hai lề, 13–14 pt, chữ đứng (trừ các dòng căn cứ)",
      source="NĐ 30, Phụ lục I, II.6.e")
def r23(ctx: Context, c: Check) -> None:
    low, high = hp_range("size_body")
    bases = set(map(id, ctx.layout.bases))
    for p in body_with_bases(ctx):
        if p.props.jc != "both":
            c.fail(p, jc_words(p.props.jc), "căn đều hai lề")
        sizes = p.sizes()
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"cỡ chữ {sizes_text(sizes)}", f"cỡ chữ {pt_range('size_body')}")
        if id(p) not in bases and p.italic and not _is_title_heading(p) \
                and not decree.italic_allowed(p.text):
            c.fail(p, "cả đoạn in nghiêng", "chữ đứng")


def _is_heading(p: Paragraph) -> bool:
    return bool(PART.match(p.text) or ITEM.match(p.text) or SUB_ITEM.match(p.text)
                or _lettered(p) or ARTICLE.match(p.text) or DIVISION.match(p.text))


def _lettered(p: Paragraph) -> bool:
    return bool(LETTERED_PART.match(p.text)) and is_upper(p.text)


def part_labels(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, str, str]]:
    """``(paragraph, label, expected label)`` of each part heading (R28).

    Parts are numbered I., II., III. … or, when the first part is ``A.``, lettered A., B., C.
    … (``C.`` and ``D.`` are Roman numerals too: the first heading decides).
    """
    first = next((p for p in paragraphs if PART.match(p.text) or _lettered(p)), None)
    lettered = first is not None and first.text.startswith("A.")
    out = []
    for p in paragraphs:
        m = (LETTERED_PART.match(p.text) if _lettered(p) else None) if lettered \
            else PART.match(p.text)
        if m:
            n = len(out) + 1
            out.append((p, m.group(1), part_letter(n) if lettered else roman(n)))
    return out


def arabic_parts(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Mục numbered like khoản: ``1. MỤC ĐÍCH, YÊU CẦU``, a title in capitals after an Arabic
    number, in a body that has no Roman mục (``I.``), no lettered part and no Điều. A mục's
    title is in capitals, a khoản's in lower case (Phụ lục I, Mục V 6.b: ``I. NHỮNG KẾT
    QUẢ…`` against ``1. Phạm vi và đối tượng áp dụng``), so these lines are the document's mục,
    numbered as the decree numbers khoản (R28)."""
    if any(PART.match(p.text) or _lettered(p) or ARTICLE.match(p.text) for p in paragraphs):
        return []
    out = []
    for p in paragraphs:
        m = ITEM.match(p.text)
        if m and not SUB_ITEM.match(p.text):
            title = p.text[m.end() - 1:]
            if is_upper(title) and sum(ch.isalpha() for ch in title) >= 4 \
                    and _is_title_line(p.text):
                out.append(p)
    return out


def _is_title_heading(p: Paragraph) -> bool:
    """A numbered title line in bold (``1.1. Giao thông``, ``a) Đối với cấp xã``): offices set
    tiểu mục and titled điểm in bold italic, which the body's upright rule does not govern."""
    return (p.bold and _is_title_line(p.text)
            and bool(ITEM.match(p.text) or SUB_ITEM.match(p.text) or POINT.match(p.text)))


def _run_in(p: Paragraph) -> bool:
    """``3. Sở Tư pháp: chủ trì …`` (or only ``3.`` bold): a run-in heading, its bold lead
    the heading and the rest running text (:func:`kehoach.model.decree.is_run_in`)."""
    runs = p.runs
    lead = ""
    for n, run in enumerate(runs):
        if run.text.strip() and not run.props.bold:
            return decree.is_run_in(lead, "".join(r.text for r in runs[n:]))
        lead += run.text
    return False


@rule("R24", "Thụt đầu dòng 1–1,27 cm", "body", hard=True,
      what="dòng đầu đoạn nội dung lùi vào 1 cm hoặc 1,27 cm (bằng thụt lề, tab hay dấu cách; "
           "đề mục có thể không lùi)",
      source="NĐ 30, Phụ lục I, II.6.e")
def r24(ctx: Context, c: Check) -> None:
    low_cm, high_cm = RANGES["first_line_indent_cm"]
    tol_low, tol_high = _indent_tolerance()
    low, high = round(low_cm * TWIPS_PER_CM) + tol_low, round(high_cm * TWIPS_PER_CM) + tol_high
    for p in body_with_bases(ctx):
        # where the first letter prints: indents, and tabs or spaces typed before it
        indent = round(estimate.effective_first_indent(ctx.doc, p))
        if low <= indent <= high:
            continue
        # a space slipped in before the first word does not make an indent of its own
        spaces = estimate.leading_spaces_tw(p)
        if spaces and low <= indent - spaces <= high:
            continue
        if _is_heading(p) and tol_low <= indent <= tol_high:
            continue
        c.fail(p, f"dòng đầu lùi vào {num(indent / TWIPS_PER_CM, 2)} cm ({indent} twip)",
               f"dòng đầu lùi vào {num(low_cm)} cm hoặc {num(high_cm)} cm")


@rule("R25", "Khoảng cách dòng", "body", hard=True,
      what="cách dòng từ dòng đơn đến 1,5 dòng",
      source="NĐ 30, Phụ lục I, II.6.e")
def r25(ctx: Context, c: Check) -> None:
    low, high = (round(v * 240) for v in RANGES["line_spacing"])
    for p in body_with_bases(ctx):
        line, rule_ = p.props.line, p.props.line_rule
        if rule_ == "auto":
            value = line if line is not None else 240
            if not low <= value <= high:
                c.fail(p, f"cách dòng {num(round(value / 240, 2))} dòng",
                       f"cách dòng {num(low / 240)}–{num(high / 240)} dòng")
            continue
        size_pt = max(p.sizes()) / 2
        single = SINGLE_LINE_EM * size_pt * 20
        value = line or 0
        too_small = value < single * low / 240 - 1
        too_big = rule_ == "exact" and value > single * high / 240 + 1
        if too_small or too_big:
            c.fail(p, f"cách dòng {rule_} {num(value / 20)} pt (dòng đơn ≈ {num(single / 20, 1)} pt)",
                   f"cách dòng từ dòng đơn đến 1,5 dòng ({num(single / 20, 1)}–"
                   f"{num(single * high / 240 / 20, 1)} pt)")


def _spacing(p: Paragraph, side: str, neighbour: Paragraph) -> int:
    if p.props.contextual and p.props.style_id == neighbour.props.style_id:
        return 0
    if side == "before":
        return AUTO_SPACING_TW if p.props.before_auto else p.props.before
    return AUTO_SPACING_TW if p.props.after_auto else p.props.after


@rule("R26", "Khoảng cách giữa các đoạn ≥ 6 pt", "body", hard=True,
      what="khoảng cách giữa hai đoạn liền nhau (sau đoạn trước + trước đoạn sau) tối thiểu 6 pt",
      source="NĐ 30, Phụ lục I, II.6.e")
def r26(ctx: Context, c: Check) -> None:
    minimum = round(RANGES["paragraph_spacing_pt"][0] * 20)
    body = ctx.layout.body
    for prev, nxt in zip(body, body[1:]):
        if not (isinstance(prev, Paragraph) and isinstance(nxt, Paragraph)) \
                or prev.empty or nxt.empty:
            continue
        gap = _spacing(prev, "after", nxt) + _spacing(nxt, "before", prev)
        if gap < minimum:
            c.fail(nxt, f"cách đoạn trước {num(gap / 20)} pt",
                   f"tối thiểu {num(minimum / 20)} pt giữa các đoạn")


@rule("R27", "Căn cứ ban hành", "body", hard=True,
      what="mỗi căn cứ một dòng, in nghiêng, 13–14 pt, kết thúc «;», căn cứ cuối kết thúc «.»",
      source="NĐ 30, Phụ lục I, II.6.a")
def r27(ctx: Context, c: Check) -> None:
    bases = ctx.layout.bases
    if not bases:
        c.not_applicable("văn bản không có phần căn cứ")
        return
    low, high = hp_range("size_body")
    for i, p in enumerate(bases):
        if not p.italic:
            c.fail(p, "căn cứ không in nghiêng", "căn cứ in nghiêng")
        sizes = p.sizes()
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"căn cứ cỡ chữ {sizes_text(sizes)}", f"cỡ chữ {pt_range('size_body')}")
        last = i == len(bases) - 1
        end = "." if last else ";"
        if not p.text.endswith(end) or (last and p.text.endswith("./.")):
            c.fail(p, f"kết thúc bằng «{p.text[-1:]}»",
                   "căn cứ cuối kết thúc bằng dấu chấm «.»" if last
                   else "mỗi căn cứ kết thúc bằng dấu chấm phẩy «;»")


@rule("R28", "Mục: số La Mã, in hoa, đậm", "body", hard=True,
      what="đề mục «I. …», «II. …» in hoa, đậm, 13–14 pt, số La Mã liên tục (mục in hoa không "
           "đánh số Ả Rập như khoản)",
      source="NĐ 30, Phụ lục I, Mục V 6.b")
def r28(ctx: Context, c: Check) -> None:
    low, high = hp_range("size_body")
    labels = part_labels(ctx.layout.body_paragraphs)
    series = "A, B, C…" if labels and labels[0][2] == "A" and labels[0][1] == "A" else "I, II, III…"
    for n, p in enumerate(arabic_parts(ctx.layout.body_paragraphs), start=1):
        label = ITEM.match(p.text).group(1)  # type: ignore[union-attr]
        title = p.text[len(label) + 1:].strip()
        c.fail(p, f"mục «{label}. {title[:40]}» đánh số Ả Rập như khoản",
               f"«{roman(n)}. {title[:40]}» (mục: số La Mã I, II, III…, tên mục in hoa, đậm; "
               "số Ả Rập «1.», «2.» dành cho khoản)")
    for n, (p, label, expected) in enumerate(labels, start=1):
        if label != expected:
            c.fail(p, f"mục «{label}.» ở vị trí thứ {n}", f"«{expected}.» (liên tục {series})")
        if not is_upper(p.text):
            c.fail(p, "tên mục không in hoa", "tên mục in hoa")
        if not p.bold:
            c.fail(p, "tên mục không in đậm", "tên mục in đậm")
        sizes = p.sizes()
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"cỡ chữ {sizes_text(sizes)}", f"cỡ chữ {pt_range('size_body')}")


def _is_title_line(text: str) -> bool:
    """A khoản's title: no sentence-final punctuation ("1. Mục đích")."""
    return decree.is_heading_line(text)


def _is_sentence(text: str) -> bool:
    """A khoản of running text ("1. Giao Sở Nội vụ …."); one ending ":" may be either."""
    return decree.is_sentence_line(text)


@rule("R29", "Khoản: số Ả Rập", "body", hard=True,
      what="khoản «1.», «2.» đánh lại từ 1 trong mỗi mục (mỗi điều); dòng tiêu đề khoản in đậm, "
           "câu văn không; tiểu mục «1.1.», «1.2.» nằm trong khoản của nó, theo thứ tự",
      source="NĐ 30, Phụ lục I, II.6.đ")
def r29(ctx: Context, c: Check) -> None:
    expected = 1
    body = ctx.layout.body_paragraphs
    parts = {id(p) for p, _, _ in part_labels(body)} | {id(p) for p in arabic_parts(body)}
    path: list[int] = []  # the khoản and tiểu mục the next line sits in: [1], [1, 2]…
    for p in body:
        if id(p) in parts or ARTICLE.match(p.text) or DIVISION.match(p.text):
            expected, path = 1, []
            continue
        sub = TYPED_SUB_ITEM.match(p.text)
        if sub:
            path = _sub_item(c, p, [int(n) for n in sub.group(1).split(".")], path)
            continue
        m = ITEM.match(p.text)
        if not m or SUB_ITEM.match(p.text):
            continue
        number = int(m.group(1))
        if number != expected:
            c.fail(p, f"khoản «{number}.»", f"khoản «{expected}.» (đánh số liên tục từ 1 trong mỗi mục)")
        expected = number + 1
        path = [number]
        if _run_in(p):  # its bold lead is the heading, the rest running text
            continue
        if _is_title_line(p.text) and not p.bold:
            c.fail(p, "tiêu đề khoản không in đậm", "tiêu đề khoản in đậm")
        if _is_sentence(p.text) and p.bold:
            c.fail(p, "khoản là câu văn nhưng in đậm cả đoạn", "câu văn chữ thường, không đậm")


def _sub_item(c: Check, p: Paragraph, numbers: list[int], path: list[int]) -> list[int]:
    """Check a tiểu mục ``1.2.`` against the khoản and tiểu mục above it; the path after it.

    The decree divides a mục into khoản ``1.``, ``2.`` and a khoản into điểm ``a)``, ``b)``
    (Phụ lục I, II.6.đ); it lets a document be divided "từ lớn đến nhỏ theo một trình tự nhất
    định" (II.6.c), so ``1.1.``, ``1.2.`` inside khoản 1 pass, as kehoach writes them. A
    tiểu mục outside any khoản (``1.1.`` right under a mục), under another khoản's number
    (``2.1.`` in khoản 1) or out of order (``1.3.`` after ``1.1.``) breaks that order."""
    label = ".".join(map(str, numbers)) + "."
    parent = numbers[:-1]
    if not path:
        c.fail(p, f"tiểu mục «{label}» không nằm trong khoản nào (ngay dưới mục hoặc đầu nội "
                  "dung)", "khoản «1.», «2.»… (số Ả Rập, dấu chấm) trong mỗi mục; «1.1.», "
                           "«1.2.» chỉ để chia nhỏ khoản 1")
        return numbers
    if parent != path[:len(parent)] or len(parent) > len(path):
        where = ".".join(map(str, path[:len(parent)])) + "."
        head = path[:len(parent)]
        want = head + [path[len(parent)] + 1 if len(path) > len(parent) else 1]
        c.fail(p, f"tiểu mục «{label}» nằm trong «{where}»",
               f"«{'.'.join(map(str, want))}.» (số của khoản, tiểu mục chứa nó rồi số thứ tự)")
        return numbers
    previous = path[len(parent)] if len(path) > len(parent) else 0
    if numbers[-1] != previous + 1:
        c.fail(p, f"tiểu mục «{label}»",
               f"«{'.'.join(map(str, parent + [previous + 1]))}.» (đánh số liên tục)")
    return numbers


@rule("R30", "Điểm: a), b), c)…", "body", hard=True,
      what="điểm theo thứ tự a b c d đ e g h i k l m n o p q r s t u v x y (không có f, j, w, z), "
           "đánh lại từ a) trong mỗi khoản, không in đậm",
      source="NĐ 30, Phụ lục I, II.6.đ")
def r30(ctx: Context, c: Check) -> None:
    index = 0
    for p in ctx.layout.body_paragraphs:
        if _is_heading(p):
            index = 0
            continue
        m = POINT.match(p.text)
        if not m or not m.group(1).islower():
            continue
        letter = m.group(1)
        wanted = point_letter(index)
        if letter != wanted:
            why = " (chữ này không dùng để đánh điểm)" if letter[0] not in POINT_LETTERS else ""
            c.fail(p, f"điểm «{letter})»{why}", f"điểm «{wanted})» (a, b, c, d, đ, e, g, h, i, k…)")
        index = (POINT_LETTERS.index(letter[0]) + (len(letter) - 1) * len(POINT_LETTERS) + 1
                 if letter[0] in POINT_LETTERS else index + 1)
        label_bold = p.visible_runs[0].props.bold if p.visible_runs else False
        titled = _is_title_heading(p) or _run_in(p)  # a điểm used as a heading
        if (label_bold or p.bold) and not titled:
            c.fail(p, "điểm in đậm", "điểm chữ thường, không đậm")


@rule("R31", "Gạch đầu dòng «-», «+»", "body", hard=False,
      what="gạch đầu dòng là ký tự «-» rồi «+» gõ trực tiếp, không dùng ký hiệu hay tự đánh số của Word",
      source="thực tiễn")
def r31(ctx: Context, c: Check) -> None:
    for p in ctx.layout.body_paragraphs:
        if p.label is not None and p.label.text:
            what = "gạch đầu dòng" if p.label.bullet else "đánh số"
            c.fail(p, f"{what} tự động của Word («{p.label.text}»)",
                   "gõ số, chữ, gạch đầu dòng trực tiếp trong đoạn")
        elif ODD_BULLET.match(p.text):
            c.fail(p, f"đầu dòng «{p.text[0]}»", "gạch đầu dòng «- » hoặc «+ »")
        elif re.match(r"^[-+][^\s\d]", p.text):
            c.fail(p, f"«{p.text[:2]}» thiếu dấu cách sau gạch đầu dòng", "«- » (có dấu cách)")


@rule("R32", "Kết thúc bằng «./.»", "body", hard=False,
      what="đoạn nội dung cuối kết thúc bằng «./.»", source="NĐ 30, Mẫu 1.4")
def r32(ctx: Context, c: Check) -> None:
    body = ctx.layout.body_paragraphs
    if not body:
        c.fail(None, "không thấy nội dung", "nội dung kết thúc bằng «./.»")
        return
    if not body[-1].text.endswith("./."):
        c.fail(body[-1], f"kết thúc bằng «{body[-1].text[-3:]}»", "«./.» ở cuối nội dung")
