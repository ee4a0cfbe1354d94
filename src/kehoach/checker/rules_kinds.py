"""Quy tắc theo loại văn bản: "Kính gửi" (R45), a Quyết định's authority and enacting word
(R46), articles (R47).

* R45: Công văn, Tờ trình and Báo cáo sent upward are addressed with "Kính gửi" (Phụ lục I,
  II.9.b–d, annex lines 91–96): the word and a colon, 13–14 pt, upright; one recipient on the
  same line; several on lines of their own, each "- …;", the last "- … .".
* R46: a Quyết định (Mẫu 1.2, 1.3) or a Nghị quyết (Mẫu 1.1) names the issuing authority in
  capitals, bold and centred under the trích yếu, gives its căn cứ (R27), then enacts with
  "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" on a line of its own, centred, bold (Phụ lục III lines 17–35).
* R47: articles: "Điều 1.", "Điều 2." in order, the word, number and title bold and upright,
  at the size of the body (Phụ lục I, II.6.đ, annex line 59); a Quyết định and a Nghị quyết
  are laid out in articles.
"""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.doctype import ADDRESS_REQUIRED, fold
from kehoach.checker.document import Paragraph
from kehoach.checker.rules import (
    ADDRESSED,
    ALL_KINDS,
    DECISIONS,
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    check_upright,
    is_upper,
    rule,
)
from kehoach.checker.rules_body import ARTICLE

ADDRESS_WORD: Final = re.compile(r"^Kính gửi\s*(?P<colon>:?)\s*(?P<rest>.*)$")


@rule("R45", "«Kính gửi»", "title", hard=True, kinds=ADDRESSED,
      what="công văn (và tờ trình, báo cáo gửi cấp trên) có «Kính gửi:» 13–14 pt, chữ đứng; "
           "gửi một nơi: cùng dòng; gửi nhiều nơi: mỗi nơi một dòng «- …;», dòng cuối «- … .»",
      source="NĐ 30, Phụ lục I, II.9.b–d; Phụ lục III, Mẫu 1.5")
def r45(ctx: Context, c: Check) -> None:
    lines = ctx.layout.address
    if not lines:
        if ctx.doctype.address == ADDRESS_REQUIRED:
            c.fail(None, "công văn không có «Kính gửi»",
                   "«Kính gửi: <cơ quan, người nhận>» trước nội dung công văn")
        else:
            c.not_applicable(f"{ctx.doctype.name.lower()} không có «Kính gửi» (văn bản không "
                             "gửi cấp trên)")
        return
    head = lines[0]
    m = ADDRESS_WORD.match(head.text)
    if m is None or not m["colon"]:
        c.fail(head, f"«{head.text}»", "«Kính gửi:» (có dấu hai chấm)")
    for p in lines:
        check_size(c, p, "size_body", "«Kính gửi»")
        check_upright(c, p, "«Kính gửi»")
    items = lines[1:]
    if m is not None and m["rest"] and items:
        c.fail(items[0], "gửi nhiều nơi nhưng nơi đầu cùng dòng với «Kính gửi:»",
               "gửi nhiều nơi: «Kính gửi:» rồi mỗi nơi một dòng «- …;»")
    elif m is not None and not m["rest"] and not items:
        c.fail(head, "«Kính gửi:» không có nơi nhận", "«Kính gửi: <cơ quan, người nhận>»")
    for i, p in enumerate(items):
        last = i == len(items) - 1
        end = "." if last else ";"
        if not p.text.startswith("- ") or not p.text.endswith(end):
            c.fail(p, f"«{p.text}»", "«- <nơi nhận>.» (dòng cuối)" if last
                   else "«- <nơi nhận>;»")


def _caps_bold_centred(c: Check, ctx: Context, p: Paragraph, what: str) -> None:
    if not is_upper(p.text):
        c.fail(p, f"{what} không in hoa", f"{what} in hoa")
    check_bold(c, p, what)
    check_upright(c, p, what)
    check_size(c, p, "size_title", what)
    check_centred(c, p, what, ctx.doc)


@rule("R46", "Thẩm quyền ban hành, «QUYẾT ĐỊNH:»", "body", hard=True, kinds=DECISIONS,
      what="quyết định, nghị quyết: dưới trích yếu là thẩm quyền ban hành (in hoa, đậm, căn "
           "giữa), rồi căn cứ, rồi «QUYẾT ĐỊNH:» («QUYẾT NGHỊ:») một dòng riêng, in hoa, đậm, "
           "căn giữa, trước Điều 1",
      source="NĐ 30, Phụ lục III, Mẫu 1.1–1.3")
def r46(ctx: Context, c: Check) -> None:
    lay, kind = ctx.layout, ctx.doctype
    if lay.authority is None:
        c.fail(lay.subject[-1] if lay.subject else lay.title,
               "không thấy thẩm quyền ban hành dưới trích yếu",
               "thẩm quyền ban hành in hoa, đậm, căn giữa (ví dụ «ỦY BAN NHÂN DÂN XÃ …», "
               "«CHỦ TỊCH ỦY BAN NHÂN DÂN …»)")
    else:
        if lay.authority_after:
            above = lay.authority_after[-1].text
            above = above if len(above) <= 40 else above[:39] + "…"
            c.fail(lay.authority, f"thẩm quyền ban hành «{lay.authority.text}» nằm dưới căn cứ "
                                  f"(sau «{above}»)",
                   "thẩm quyền ban hành ngay dưới trích yếu, rồi đến các căn cứ, rồi "
                   f"«{kind.enacting}»")
        _caps_bold_centred(c, ctx, lay.authority, "thẩm quyền ban hành")
    if lay.enacting is None:
        c.fail(None, f"không thấy dòng «{kind.enacting}»",
               f"«{kind.enacting}» một dòng riêng sau căn cứ, trước Điều 1")
        return
    p = lay.enacting
    if fold(p.text) != kind.enacting:
        c.fail(p, f"«{p.text}»", f"«{kind.enacting}» (có dấu hai chấm)")
    _caps_bold_centred(c, ctx, p, f"«{kind.enacting}»")
    body = lay.body_paragraphs
    first_article = next((q for q in body if ARTICLE.match(q.text)), None)
    if first_article is not None and body.index(first_article) > 0 and \
            _before(ctx, first_article, p):
        c.fail(p, f"«{kind.enacting}» sau «{first_article.text[:12]}…»",
               f"«{kind.enacting}» trước Điều 1")


def _before(ctx: Context, a: Paragraph, b: Paragraph) -> bool:
    order = {id(p): i for i, p in enumerate(ctx.doc.paragraphs)}
    return order.get(id(a.origin), 0) < order.get(id(b.origin), 0)


@rule("R47", "Điều: «Điều 1.», «Điều 2.»…", "body", hard=True, kinds=ALL_KINDS,
      what="điều đánh số Ả Rập liên tục từ 1, sau số có dấu chấm; «Điều», số và tiêu đề điều "
           "in đậm, chữ đứng, cỡ chữ như nội dung; quyết định, nghị quyết phải có điều",
      source="NĐ 30, Phụ lục I, II.6.đ; Phụ lục III, Mẫu 1.1–1.3")
def r47(ctx: Context, c: Check) -> None:
    articles = [p for p in ctx.layout.body_paragraphs if re.match(r"^Điều\s+\d", p.text)]
    if not articles:
        if ctx.doctype.articles:
            c.fail(None, f"{ctx.doctype.name.lower()} không có điều",
                   "nội dung chia thành «Điều 1.», «Điều 2.»…")
        else:
            c.not_applicable("văn bản không chia thành điều")
        return
    for n, p in enumerate(articles, 1):
        m = ARTICLE.match(p.text)
        if m is None:
            c.fail(p, f"«{p.text[:12]}…»", f"«Điều {n}.» (sau số có dấu chấm)")
            continue
        if int(m.group(1)) != n:
            c.fail(p, f"«Điều {m.group(1)}.» ở vị trí thứ {n}", f"«Điều {n}.» (liên tục 1, 2, 3…)")
        label_runs = _runs_until(p, m.end())
        if not label_runs or not all(r.props.bold for r in label_runs):
            c.fail(p, f"«{m.group(0)}» không in đậm", "«Điều», số thứ tự và tiêu đề điều in đậm")
        if any(r.props.italic for r in label_runs):
            c.fail(p, f"«{m.group(0)}» in nghiêng", "chữ đứng")
        check_size(c, p, "size_body", "điều")


def _runs_until(p: Paragraph, end: int) -> list:
    """The visible runs holding the first ``end`` characters of ``p.text``."""
    return p.runs_in(0, end)
