"""Sửa nội dung văn bản: alignment, size, indent, spacing (R23–R26), căn cứ (R27), the bold of
headings, khoản titles and điểm (R28–R30)."""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.layout import APPENDIX_HEADING, available_width
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range, is_upper, limit
from kehoach.checker.rules_body import (
    ARTICLE,
    DIVISION,
    ITEM,
    PART,
    POINT,
    SINGLE_LINE_EM,
    SUB_ITEM,
    body_with_bases,
    part_labels,
)
from kehoach.checker.rules_body import (
    _is_heading as _resets_points,
)
from kehoach.checker.rules_closing import ADDRESS
from kehoach.fixer.edit import (
    AFTER,
    BOLD,
    FIRST_LINE,
    ITALIC,
    JC,
    LINE,
    SIZE,
    FixContext,
    child,
    ppr_of,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.fixer.fixes_header import style_block
from kehoach.fixer.forms import LABEL, enacting, relabel
from kehoach.fixer.report import MOVE
from kehoach.fixer.safety import has_revisions
from kehoach.fixer.safety import paragraph_text as safety_text
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import RANGES, TWIPS_PER_CM
from kehoach.rendering.conventions import POINT_LETTERS, point_letter
from kehoach.rendering.template_builder import PPR_ORDER

#: Khoản titles longer than this are sentences, not titles, whatever their end.
TITLE_MAX_CHARS: Final = 120


def _one_line(fx: FixContext, p: Paragraph) -> bool:
    """Whether the paragraph's text fits on one line (then its alignment is a choice)."""
    run = p.visible_runs[0].props if p.visible_runs else p.mark
    width = text_width_tw(p.text, run.size_pt, bold=run.bold, italic=run.italic)
    props = fx.para_props(p)
    room = available_width(fx.doc, p) - props.ind_left - props.ind_right - max(props.first_line, 0)
    return width <= room


@fixer("R23")
def fix_body(fx: FixContext) -> None:
    paras = body_with_bases(fx.ctx)
    justify = []
    for p in paras:
        jc = fx.para_props(p).jc
        if jc == "both":
            continue
        if jc in ("center", "right") and _one_line(fx, p):
            fx.leave("R23", p, "dòng ngắn căn giữa/phải trong nội dung (ghi chú, dòng «QUYẾT "
                               "ĐỊNH:»…): có thể là chủ ý, cần người xem")
            continue
        justify.append(p)
    fx.ensure_paragraphs("R23", justify, JC, want_value("both"), "nội dung")
    low, high = hp_range("size_body")
    fx.ensure_runs("R23", paras, SIZE, want_range(low, high), "nội dung")
    for p in paras:
        if p not in fx.layout.bases and p.italic:
            fx.leave("R23", p, "cả đoạn in nghiêng: có thể là ghi chú có chủ ý, cần người xem")


def _is_heading(p: Paragraph) -> bool:
    return bool(PART.match(p.text) or ITEM.match(p.text) or SUB_ITEM.match(p.text))


@fixer("R24")
def fix_indent(fx: FixContext) -> None:
    low_cm, high_cm = RANGES["first_line_indent_cm"]
    tol_low, tol_high = limit("indent_tolerance_tw")
    low, high = round(low_cm * TWIPS_PER_CM), round(high_cm * TWIPS_PER_CM)
    targets = []
    for p in body_with_bases(fx.ctx):
        props = fx.para_props(p)
        indent = props.first_line
        if low + tol_low <= indent <= high + tol_high:
            continue
        if _is_heading(p) and tol_low <= indent <= tol_high:
            continue
        if p.raw_text[:1] in ("\t", " ", "\u00a0"):
            fx.leave("R24", p, "dòng đầu thụt bằng dấu tab hoặc dấu cách: cần người xóa rồi "
                               "đặt thụt đầu dòng")
            continue
        if props.jc in ("center", "right"):
            continue  # R23's business: an indent means nothing on a centred line
        if props.num_id is not None:
            fx.leave("R24", p, "đoạn đánh số tự động của Word: thụt lề theo danh sách, cần "
                               "người xem")
            continue
        targets.append(p)
    fx.ensure_paragraphs("R24", targets, FIRST_LINE,
                         lambda v: None if low + tol_low <= v <= high + tol_high
                         else min(max(v, low), high), "thụt đầu dòng")


@fixer("R25")
def fix_line_spacing(fx: FixContext) -> None:
    low, high = (round(v * 240) for v in RANGES["line_spacing"])
    for p in body_with_bases(fx.ctx):
        size_pt = max(p.sizes()) / 2
        single = SINGLE_LINE_EM * size_pt * 20

        def want(v: tuple[int, str], single: float = single) -> tuple[int, str] | None:
            line, rule_ = v
            if rule_ == "auto":
                return None if low <= line <= high else (min(max(line, low), high), "auto")
            if rule_ == "exact" and line > single * high / 240 + 1:
                return (high, "auto")
            if line < single * low / 240 - 1:
                return (low, "auto")
            return None

        fx.ensure_paragraphs("R25", [p], LINE, want, "cách dòng")


@fixer("R26")
def fix_paragraph_spacing(fx: FixContext) -> None:
    minimum = round(RANGES["paragraph_spacing_pt"][0] * 20)
    body = fx.layout.body
    pairs = [(a, b) for a, b in zip(body, body[1:])
             if isinstance(a, Paragraph) and isinstance(b, Paragraph) and not a.empty
             and not b.empty]
    short: list[tuple[Paragraph, Paragraph]] = []
    for prev, nxt in pairs:
        pp, np_ = fx.para_props(prev), fx.para_props(nxt)
        contextual = (pp.contextual or np_.contextual) and pp.style_id == np_.style_id
        after = 0 if contextual else (280 if pp.after_auto else pp.after)
        before = 0 if contextual else (280 if np_.before_auto else np_.before)
        if after + before < minimum:
            short.append((prev, nxt))
    for prev, nxt in short:
        for p in (prev, nxt):
            if fx.para_props(p).contextual and fx.editable(p, "R26"):
                child(ppr_of(p.el), "contextualSpacing", PPR_ORDER).set(w("val"), "0")
                fx.dirty()
                fx.record("R26", p.loc.describe(), "bỏ khoảng cách giữa các đoạn cùng kiểu",
                          "giữ khoảng cách đoạn", part=fx.part_of(p.el), paragraph=p.loc.paragraph)
    # the common case first, at the style's level: the next paragraph has nothing before it
    plain = [prev for prev, nxt in short if fx.para_props(nxt).before == 0]
    fx.ensure_paragraphs("R26", plain, AFTER,
                         lambda v: None if v >= minimum else minimum, "khoảng cách đoạn")
    for prev, nxt in short:
        need = minimum - fx.para_props(nxt).before
        fx.ensure_paragraphs("R26", [prev], AFTER, lambda v, need=need: None if v >= need else need,
                             "khoảng cách đoạn", style=False)


@fixer("R27")
def fix_bases(fx: FixContext) -> None:
    bases = fx.layout.bases
    for i, p in enumerate(bases):
        fx.fix_text("R27", p, "basis_last" if i == len(bases) - 1 else "basis")
    fx.ensure_runs("R27", bases, ITALIC, want_value(True), "căn cứ")
    low, high = hp_range("size_body")
    fx.ensure_runs("R27", bases, SIZE, want_range(low, high), "căn cứ")


# ------------------------------------------------------------------------------------ labels

#: How a reference to a label is written in running text (``khoản 3``, ``điểm d``, ``Điều 4``,
#: ``Mục II``): a label that is referred to is left alone, the reference could mean either.
#: Clerks call a khoản a «mục» and a mục a «phần» or «khoản» just as often, so any of the
#: words refers to any label («nêu tại mục 3 phần I», «các khoản 2, 3 và 4», «điểm a, b»).
_REFERRING: Final = r"\b(?:mục|tiểu\s+mục|phần|khoản|điểm|tiết|điều)\s+"
_LISTED: Final = r"(?:[\wĐđ]{{1,6}}\s*(?:,|và|hoặc|đến|tới|-|–)\s*)*"
REFERENCE: Final = {rule: _REFERRING + _LISTED + r"{old}\b" for rule in ("R28", "R29", "R30",
                                                                        "R47")}
WHAT: Final = {"R28": "mục", "R29": "khoản", "R30": "điểm", "R47": "điều"}


def _relabel(fx: FixContext, rule: str, series: list[list[tuple[Paragraph, str, str]]]) -> None:
    """Put each label of each series (``(paragraph, label, the label its place gives)``) in
    its place's value (Phụ lục I, II.6.đ: in order, from 1, a, I in each enclosing unit)."""
    what = WHAT[rule]
    paragraphs = list(fx.doc.all_paragraphs())
    for items in series:
        wrong = [(p, old, new) for p, old, new in items if old != new]
        if not wrong:
            continue
        if _breaks(rule, items) * 2 > max(2, len(items)):
            fx.leave(rule, wrong[0][0], f"hơn nửa số {what} đánh sai thứ tự: có thể văn bản "
                                        "không chia như kehoach đọc, cần người xem")
            continue
        automatic = [p for p, _, _ in wrong if p.label is not None]
        if automatic:
            fx.leave(rule, automatic[0], f"{what} đánh số tự động của Word: cần người đánh lại")
            continue
        cited = None
        for p, old, _ in wrong:
            # a paragraph citing its own label is citing another document's (điểm d khoản 1
            # Điều 5 Luật …): only the others' references count
            pattern = re.compile(REFERENCE[rule].format(old=re.escape(old)), re.IGNORECASE)
            if any(pattern.search(q.text) for q in paragraphs if q.origin.el is not p.origin.el):
                cited = (p, old)
                break
        if cited is not None:
            fx.leave(rule, cited[0], f"văn bản có viện dẫn «{what} {cited[1]}»: đánh lại số có "
                                     "thể làm sai viện dẫn, cần người sửa")
            continue
        for p, old, new in wrong:
            fx.fix_text(rule, p, "label", make=lambda raw, old=old, new=new: _swap(raw, old, new))


def _breaks(rule: str, items: list[tuple[Paragraph, str, str]]) -> int:
    """How many labels of a series the checker reports: for parts and articles each one
    not in its place (R28, R47), for khoản and điểm each one that does not follow the one
    before it (R29, R30: after a gap, the series goes on from the label typed)."""
    if rule in ("R28", "R47"):
        return sum(1 for _, old, new in items if old != new)
    count, previous = 0, None
    for _, old, new in items:
        expected = new if previous is None else _successor(rule, previous)
        if old != expected:
            count += 1
        previous = old
    return count


def _successor(rule: str, label: str) -> str:
    if rule == "R29":
        return str(int(label) + 1) if label.isdigit() else ""
    letters = list(POINT_LETTERS)
    if label[:1] in letters:
        index = letters.index(label[0]) + (len(label) - 1) * len(letters) + 1
        return point_letter(index)
    return ""


def _swap(raw: str, old: str, new: str) -> str | None:
    m = LABEL.match(raw)
    if m is None or m["value"] != old:
        return None
    return relabel(raw, new)


def _part_series(fx: FixContext) -> list[list[tuple[Paragraph, str, str]]]:
    return [part_labels(fx.layout.body_paragraphs)]


def _item_series(fx: FixContext) -> list[list[tuple[Paragraph, str, str]]]:
    parts = {id(p) for p, _, _ in part_labels(fx.layout.body_paragraphs)}
    series: list[list[tuple[Paragraph, str, str]]] = [[]]
    for p in fx.layout.body_paragraphs:
        if id(p) in parts or ARTICLE.match(p.text) or DIVISION.match(p.text):
            series.append([])
            continue
        m = ITEM.match(p.text)
        if not m or SUB_ITEM.match(p.text):
            continue
        series[-1].append((p, m.group(1), str(len(series[-1]) + 1)))
    return [s for s in series if s]


def _point_series(fx: FixContext) -> list[list[tuple[Paragraph, str, str]]]:
    series: list[list[tuple[Paragraph, str, str]]] = [[]]
    for p in fx.layout.body_paragraphs:
        if _resets_points(p):
            series.append([])
            continue
        m = POINT.match(p.text)
        if not m or not m.group(1).islower():
            continue
        series[-1].append((p, m.group(1), point_letter(len(series[-1]))))
    return [s for s in series if s]


def _article_series(fx: FixContext) -> list[list[tuple[Paragraph, str, str]]]:
    out = []
    for p in fx.layout.body_paragraphs:
        if re.match(r"^Điều\s+\d", p.text):
            m = ARTICLE.match(p.text)
            if m is None:
                fx.leave("R47", p, "sau số điều thiếu dấu chấm: cần người xem")
                return []
            out.append((p, m.group(1), str(len(out) + 1)))
    return [out]


@fixer("R28")
def fix_parts(fx: FixContext) -> None:
    _relabel(fx, "R28", _part_series(fx))
    heads = [p for p, _, _ in part_labels(fx.layout.body_paragraphs)]
    fx.ensure_runs("R28", heads, BOLD, want_value(True), "tên mục")
    low, high = hp_range("size_body")
    fx.ensure_runs("R28", heads, SIZE, want_range(low, high), "tên mục")


@fixer("R29")
def fix_items(fx: FixContext) -> None:
    _relabel(fx, "R29", _item_series(fx))
    titles, sentences = [], []
    for p in fx.layout.body_paragraphs:
        if not ITEM.match(p.text) or SUB_ITEM.match(p.text):
            continue
        if not p.text.endswith((".", ";")):
            if p.text.endswith(":") or len(p.text) > TITLE_MAX_CHARS:
                fx.leave("R29", p, "khoản là câu dẫn (kết thúc «:» hoặc dài): không phải tiêu "
                                   "đề, không tự in đậm")
                continue
            titles.append(p)
        else:
            sentences.append(p)
    fx.ensure_runs("R29", titles, BOLD, want_value(True), "tiêu đề khoản")
    fx.ensure_runs("R29", [p for p in sentences if p.bold], BOLD, want_value(False), "khoản")


@fixer("R30")
def fix_points(fx: FixContext) -> None:
    _relabel(fx, "R30", _point_series(fx))
    points = []
    for p in fx.layout.body_paragraphs:
        m = POINT.match(p.text)
        if not m or not m.group(1).islower():
            continue
        if p.text.rstrip().endswith(":"):
            fx.leave("R30", p, "điểm dùng làm tiêu đề nhỏ (kết thúc «:»): có thể là chủ ý")
            continue
        if any(r.props.bold for r in p.visible_runs):
            points.append(p)
    fx.ensure_runs("R30", points, BOLD, want_value(False), "điểm")


@fixer("R47")
def fix_articles(fx: FixContext) -> None:
    _relabel(fx, "R47", _article_series(fx))
    for p in fx.layout.body_paragraphs:
        m = ARTICLE.match(p.text)
        if m is None:
            continue

        def label_runs(q: Paragraph, end: int = m.end()) -> list:
            return [r.el for r in q.runs_in(0, end)]

        fx.ensure_runs("R47", [p], BOLD, want_value(True), "«Điều …»", runs=label_runs)
        fx.ensure_runs("R47", [p], ITALIC, want_value(False), "«Điều …»", runs=label_runs)


@fixer("R46")
def fix_enacting(fx: FixContext) -> None:
    """The issuing authority and «QUYẾT ĐỊNH:» of a Quyết định (Mẫu 1.2, 1.3): bold, upright,
    centred, at the title's size; the enacting word as the decree writes it."""
    lay, kind = fx.layout, fx.ctx.doctype
    blocks = []
    if lay.authority is not None and is_upper(lay.authority.text):
        blocks.append(lay.authority)
    if lay.enacting is not None and kind.enacting:
        if lay.enacting.text != kind.enacting:
            fx.fix_text("R46", lay.enacting, "enacting",
                        make=lambda raw, word=kind.enacting: enacting(raw, word))
        blocks.append(lay.enacting)
    for p in blocks:
        style_block(fx, "R46", [p], "thẩm quyền ban hành" if p is lay.authority
                    else f"«{kind.enacting}»", size_key="size_title", bold=True, italic=False)


# ------------------------------------------------------------------------------------ order

@fixer("R42")
def fix_order(fx: FixContext) -> None:
    """Body paragraphs typed after the signature table (the closing sentence, ``…./.``) go
    back before it, whole and in order, when the document shows where the body ends: the
    paragraphs after the table end with ``./.`` and the body before it does not."""
    lay = fx.layout
    sig = lay.signature
    if sig is None:
        return
    stray: list[Paragraph] = []
    for block in lay.after:
        if not isinstance(block, Paragraph):
            break
        if block.empty:
            continue
        if APPENDIX_HEADING.match(block.lines()[0].text) or ADDRESS.match(block.text):
            break
        stray.append(block)
        if block.el.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            break
    if not stray:
        return
    last_body = next((b for b in reversed(lay.body) if isinstance(b, Paragraph) and not b.empty),
                     None)
    body = fx.package.document.find(w("body"))
    reason = None
    if not stray[-1].text.endswith("./."):
        reason = "nội dung sau chữ ký không kết thúc bằng «./.»: không biết có phải phần cuối " \
                 "nội dung không"
    elif last_body is not None and last_body.text.endswith("./."):
        reason = "nội dung trước chữ ký đã kết thúc bằng «./.»"
    elif len(stray) > 10 or any(p.el.getparent() is not body or has_revisions(p.el)
                                or p.el.find(f"{w('pPr')}/{w('sectPr')}") is not None
                                for p in stray):
        reason = "đoạn sau chữ ký nằm trong khung, có ngắt phần hoặc theo dõi thay đổi"
    if reason is not None:
        fx.leave("R42", stray[0], reason + ": cần người sắp xếp lại")
        return
    anchor = sig.el
    node = anchor.getprevious()
    while node is not None and node.tag == w("p") and not safety_text(node).strip() \
            and node.find(f"{w('pPr')}/{w('sectPr')}") is None:
        anchor, node = node, node.getprevious()
    moved = tuple(safety_text(p.el) for p in stray if safety_text(p.el).strip())
    for p in stray:
        anchor.addprevious(p.el)
    fx.dirty()
    fx.record("R42", stray[0].loc.describe(), f"{len(stray)} đoạn nội dung sau bảng chữ ký",
              "chuyển lên trước bảng nơi nhận, chữ ký (giữ nguyên chữ và thứ tự)", kind=MOVE,
              part=fx.part_of(sig.el), moved=moved)
