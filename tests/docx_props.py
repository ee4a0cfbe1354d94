"""Reading a .docx back as Word shows it: formatting resolved through the style chain."""

from __future__ import annotations

from docx.oxml.ns import qn


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _defaults(document):
    rpr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    return rpr


def size_pt(document, paragraph, run) -> float:
    if run.font.size is not None:
        return run.font.size.pt
    for style in _style_chain(paragraph):
        if style.font.size is not None:
            return style.font.size.pt
    sz = _defaults(document).find(qn("w:sz"))
    return int(sz.get(qn("w:val"))) / 2


def flag(paragraph, run, name: str) -> bool:
    """``bold`` or ``italic``, as Word resolves it for ``run``."""
    direct = getattr(run.font, name)
    if direct is not None:
        return direct
    for style in _style_chain(paragraph):
        value = getattr(style.font, name)
        if value is not None:
            return value
    return False


def font_name(document, paragraph, run) -> str:
    if run.font.name:
        return run.font.name
    for style in _style_chain(paragraph):
        if style.font.name:
            return style.font.name
    fonts = _defaults(document).find(qn("w:rFonts"))
    return fonts.get(qn("w:ascii"))


def alignment(paragraph):
    if paragraph.alignment is not None:
        return paragraph.alignment
    for style in _style_chain(paragraph):
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
    return None


def texted_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def body_paragraphs(document):
    """Paragraphs of the body outside tables, in order."""
    return [p for p in document.paragraphs]
