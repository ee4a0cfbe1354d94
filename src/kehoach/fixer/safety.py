"""An toàn khi sửa: what the fixer refuses, and the proof that it changed no other word.

Before a fix, :func:`refusal` says why a whole document must be left alone (a digital signature
that a change would break, OOXML Strict, editing protection). After it, :func:`verify` compares
:func:`snapshot` of the input and of the output, read afresh from the bytes: the text of every
paragraph of the body, tables, text boxes, headers, footers, footnotes, endnotes and comments
(deleted text and field codes included), and the count of images, tables, comments, tracked
changes, fields, content controls and section breaks. Any difference that is not one of the
fixed forms the fixer recorded (:mod:`kehoach.fixer.forms`) raises :class:`UnsafeChange`, and
nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from typing import Final

import attrs
from lxml import etree

from kehoach.errors import KehoachError
from kehoach.fixer.forms import FORMS, Form
from kehoach.fixer.report import MOVE, SECTION, TEXT, Change

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W: Final = f"{{{W_NS}}}"
STRICT_NS: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_TEXT_ROOTS: Final = frozenset(W + n for n in ("document", "hdr", "ftr", "footnotes",
                                              "endnotes", "comments"))
#: Elements whose number must not change: what a fix must keep.
FEATURES: Final = {
    "ảnh, hình vẽ": (W + "drawing", W + "pict", W + "object"),
    "bảng": (W + "tbl",),
    "chú thích (comment)": (W + "commentRangeStart", W + "commentReference"),
    "theo dõi thay đổi": (W + "ins", W + "del", W + "moveFrom", W + "moveTo"),
    "trường (field)": (W + "fldSimple",),
    "điều khiển nội dung": (W + "sdt",),
    "ngắt phần (section)": (W + "sectPr",),
    "chú thích cuối trang": (W + "footnoteReference", W + "endnoteReference"),
    "siêu liên kết": (W + "hyperlink",),
    "dấu trang": (W + "bookmarkStart",),
}
#: Revision marks: a paragraph holding one is left as it is.
REVISIONS: Final = (W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "pPrChange",
                    W + "rPrChange")


class UnsafeChange(KehoachError):
    """The fix would change text outside the fixed forms (a bug): nothing is written."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False)


def paragraph_text(p: etree._Element) -> str:
    """Everything a paragraph holds as characters: text, deleted text, field codes, tabs and
    breaks (its nested paragraphs, in text boxes, are paragraphs of their own)."""
    out: list[str] = []
    for el in p.iter():
        if el is p or not isinstance(el.tag, str):
            continue
        owner = el.getparent()
        while owner is not None and owner.tag != W + "p":
            owner = owner.getparent()
        if owner is not p:
            continue
        tag = el.tag
        if tag in (W + "t", W + "delText", W + "instrText", W + "delInstrText"):
            out.append(el.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag == W + "cr" or (tag == W + "br" and el.get(W + "type", "textWrapping")
                                  == "textWrapping"):
            out.append("\n")
        elif tag == W + "br":  # a page or column break: not a line of the text
            out.append("\f")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            out.append(f"[sym {el.get(W + 'char')}]")
    return "".join(out)


@attrs.frozen
class Snapshot:
    """Texts of non-empty paragraphs by part, and feature counts by part."""

    texts: dict[str, list[str]]
    features: dict[str, Counter]


def snapshot(data: bytes) -> Snapshot:
    """The words and features of a .docx, read from its bytes (no shared state with the fix)."""
    texts: dict[str, list[str]] = {}
    features: dict[str, Counter] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml") or not name.startswith("word/"):
                continue
            raw = archive.read(name)
            if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
                continue
            try:
                root = etree.fromstring(raw, _parser())
            except etree.XMLSyntaxError:
                continue
            if root.tag not in _TEXT_ROOTS:
                continue
            texts[name] = [t for p in root.iter(W + "p") if (t := paragraph_text(p)).strip()]
            count: Counter = Counter()
            for label, tags in FEATURES.items():
                count[label] = sum(1 for _ in root.iter(*tags))
            count["trường (field)"] += sum(1 for el in root.iter(W + "fldChar")
                                           if el.get(W + "fldCharType") == "begin")
            features[name] = count
    return Snapshot(texts, features)


#: The text of a paragraph holding nothing but a page number: the field code and its result.
PAGE_ONLY: Final = re.compile(r"^\s*PAGE(\s+\\\*\s*\w+)*\s*\d*\s*$")


def _is_header_part(part: str) -> bool:
    return part.rsplit("/", 1)[-1].startswith(("header", "footer"))


#: How many fixed forms one line may have gone through (e.g. the Lưu line: its punctuation,
#: then the drafter's mark in capitals).
MAX_CHAIN: Final = 3


def _allowed(old: str, new: str, forms: list[Form]) -> bool:
    """Whether ``old`` → ``new`` is a chain of at most :data:`MAX_CHAIN` fixed forms, line by
    line (a paragraph split by line breaks is fixed one line at a time)."""
    if old == new:
        return True
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):
        return False
    return all(a == b or _chain(a, b, forms, MAX_CHAIN) for a, b in zip(old_lines, new_lines))


def _chain(old: str, new: str, forms: list[Form], depth: int) -> bool:
    if any(form.allows(old, new) for form in forms):
        return True
    if depth <= 1:
        return False
    # one form's canon of the old text, then the rest of the chain on what remains
    for form in forms:
        a, b = form.canon(old), form.canon(new)
        if a != old and _chain(a, b, [f for f in forms if f is not form], depth - 1):
            return True
    return False


def _forms_on(text: str, steps: list[Change]) -> list[Form]:
    """The forms of the recorded text changes that start from a line of ``text`` (or from
    what an earlier change of that line made of it): a change records its line, whole or cut
    short, as ``before`` and the line it made as ``after``."""
    seen = {line.strip() for line in text.split("\n")}
    forms: list[Form] = []
    grew = True
    while grew:
        grew = False
        for c in steps:
            before, after = c.before.strip("«»").strip(), c.after.strip("«»").strip()
            if FORMS[c.form] in forms and after in seen:
                continue
            if before in seen or (before and any(s.startswith(before) for s in seen)):
                if FORMS[c.form] not in forms:
                    forms.append(FORMS[c.form])
                    grew = True
                if after not in seen:
                    seen.add(after)
                    grew = True
    return forms


def _find_block(texts: list[str], block: list[str], forms: list[Form]) -> int | None:
    for i in range(len(texts) - len(block) + 1):
        if all(_allowed(texts[i + k], b, forms) for k, b in enumerate(block)):
            return i
    return None


def verify(before: Snapshot, after: Snapshot, changes: list[Change]) -> list[str]:
    """Raise :class:`UnsafeChange` unless ``after`` has the words and features of ``before``
    but for the recorded changes: fixed forms (:mod:`kehoach.fixer.forms`), paragraphs moved
    whole, section breaks added. Returns the new parts (e.g. a header added)."""
    old_texts = {part: list(texts) for part, texts in before.texts.items()}
    new_texts = {part: list(texts) for part, texts in after.texts.items()}
    forms_of: dict[str, list[Form]] = {}
    for c in changes:
        if c.kind == TEXT:
            forms_of.setdefault(c.part, [])
            if FORMS[c.form] not in forms_of[c.part]:
                forms_of[c.part].append(FORMS[c.form])
    for c in changes:
        if c.kind != MOVE:
            continue
        block = list(c.moved)
        target = c.target or c.part
        source_forms, target_forms = forms_of.get(c.part, []), forms_of.get(target, [])
        old = old_texts.get(c.part, [])
        new = new_texts.get(target, [])
        i, j = _find_block(old, block, source_forms), _find_block(new, block, target_forms)
        if i is None or j is None:
            raise UnsafeChange(f"{c.part}: đoạn chuyển chỗ không khớp: «{block[0][:60]}»")
        moved_old, moved_new = old[i:i + len(block)], new[j:j + len(block)]
        del old[i:i + len(block)]
        del new[j:j + len(block)]
        for a, b in zip(moved_old, moved_new):
            if not _allowed(a, b, source_forms + target_forms):
                raise UnsafeChange(f"{c.part}: chữ bị đổi ngoài các mẫu cố định: «{a}» → «{b}»")
    steps_of: dict[str, list[Change]] = {}
    for c in changes:
        if c.kind == TEXT:
            steps_of.setdefault(c.part, []).append(c)
    for part, texts in old_texts.items():
        new = new_texts.get(part)
        if new is None:
            raise UnsafeChange(f"phần {part} bị mất sau khi sửa")
        if len(new) != len(texts):
            raise UnsafeChange(f"{part}: số đoạn có chữ đổi từ {len(texts)} thành {len(new)}")
        for old, now in zip(texts, new):
            # each paragraph only through the forms recorded on it (its own text), not
            # through any form used somewhere in its part
            if old != now and not _allowed(old, now, _forms_on(old, steps_of.get(part, []))):
                raise UnsafeChange(f"{part}: chữ bị đổi ngoài các mẫu cố định: «{old}» → «{now}»")
    known = {t for part, texts in before.texts.items() if _is_header_part(part) for t in texts}
    for part, texts in new_texts.items():
        if part in old_texts:
            continue
        for text in texts:  # a new header: page numbers, or a copy of a header's own text
            if not (PAGE_ONLY.match(text) or text in known):
                raise UnsafeChange(f"phần mới {part} có chữ không có trong văn bản: «{text[:60]}»")
    # a paragraph moved to another part (a page number to the header) takes its field
    # along: the parts it moved between are counted together
    joined = {p for c in changes if c.kind == MOVE and c.target and c.target != c.part
              for p in (c.part, c.target)}
    groups = [[part] for part in before.features if part not in joined]
    if joined:
        groups.append(sorted(joined))
    for parts in groups:
        count = sum((before.features.get(p, Counter()) for p in parts), Counter())
        now_count = sum((after.features.get(p, Counter()) for p in parts), Counter())
        added = sum(1 for c in changes if c.kind == SECTION and c.part in parts)
        name = ", ".join(parts)
        for label in FEATURES:
            expected = count[label] + (added if label == "ngắt phần (section)" else 0)
            if now_count[label] != expected:
                raise UnsafeChange(f"{name}: số {label} đổi từ {count[label]} thành "
                                   f"{now_count[label]}")
    return sorted(set(after.texts) - set(before.texts))


def refusal(package, names: list[str]) -> str | None:
    """Why the whole document must not be changed, or ``None`` (``names``: the zip entries)."""
    if any(n.startswith("_xmlsignatures/") for n in names):
        return ("văn bản có chữ ký số: mọi thay đổi sẽ làm chữ ký mất hiệu lực; hãy sửa bản "
                "chưa ký rồi ký lại")
    root = package.document
    if root.tag.startswith(f"{{{STRICT_NS}}}"):
        return ("văn bản lưu theo chuẩn OOXML Strict: chưa hỗ trợ sửa (hãy lưu lại ở dạng .docx "
                "thường)")
    settings = package.xml(package.related(package.main_part, "settings"))
    if settings is not None:
        protect = settings.find(W + "documentProtection")
        enforced = protect is not None and \
            protect.get(W + "enforcement", "0").lower() in ("1", "true", "on")
        if enforced:
            return "văn bản được bảo vệ chống sửa (Restrict Editing): không sửa"
    return None


def has_revisions(p: etree._Element) -> bool:
    """Whether a paragraph holds tracked changes (insertions, deletions, formatting changes)."""
    return any(True for _ in p.iter(*REVISIONS))
