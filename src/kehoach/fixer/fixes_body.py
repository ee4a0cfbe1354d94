"""Sửa nội dung văn bản: alignment, size, indent, spacing (R23–R26), căn cứ (R27), the bold of
headings, khoản titles and điểm (R28–R30)."""

from __future__ import annotations

from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.layout import available_width
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range, limit
from kehoach.checker.rules_body import ITEM, PART, POINT, SINGLE_LINE_EM, SUB_ITEM, body_with_bases
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
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import RANGES, TWIPS_PER_CM
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


@fixer("R28")
def fix_parts(fx: FixContext) -> None:
    heads = [p for p in fx.layout.body_paragraphs if PART.match(p.text)]
    fx.ensure_runs("R28", heads, BOLD, want_value(True), "tên mục")
    low, high = hp_range("size_body")
    fx.ensure_runs("R28", heads, SIZE, want_range(low, high), "tên mục")


@fixer("R29")
def fix_items(fx: FixContext) -> None:
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


