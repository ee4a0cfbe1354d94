"""Gói tài liệu để sửa: a .docx opened for editing, written back with every other part intact.

The checker's reader (:class:`kehoach.checker.docx_reader.DocxPackage`) drops XML comments and
processing instructions, which is right for reading and wrong for writing. :class:`EditablePackage`
reads the same parts within the same caps and refusals (DOCTYPE, zip bombs) but keeps every
node, remembers how each part serialised when it was read, and at the end writes back only the
parts whose XML changed. Every other zip entry is copied as stored, byte for byte.
"""

from __future__ import annotations

import posixpath
from typing import Final

from lxml import etree

from kehoach.checker.docx_reader import DocxPackage, DocxReadError
from kehoach.rendering.package import Entry, deflate, read_entries, write_entries

_FORBIDDEN: Final = (b"<!DOCTYPE", b"<!ENTITY")
CT_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=False,
                           remove_pis=False)


def serialize(root: etree._Element) -> bytes:
    """A part as Word writes it: UTF-8, with a ``standalone="yes"`` declaration."""
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8",
                          standalone=True)


class EditablePackage(DocxPackage):
    """A :class:`DocxPackage` whose parsed parts may be changed and written back."""

    def __init__(self, *args, **kwargs) -> None:
        self._trees: dict[str, etree._Element | None] = {}
        self._original: dict[str, bytes] = {}
        self.new_parts: dict[str, etree._Element] = {}
        super().__init__(*args, **kwargs)

    def xml(self, part: str | None) -> etree._Element | None:
        if part is None:
            return None
        if part in self.new_parts:
            return self.new_parts[part]
        if not self.has(part):
            return None
        if part not in self._trees:
            data = self.read(part)
            if any(marker in data for marker in _FORBIDDEN) or b"<!doctype" in data[:4096].lower():
                raise DocxReadError(self.name, f"phần {part} khai báo DOCTYPE/ENTITY")
            try:
                root = etree.fromstring(data, _parser())
            except etree.XMLSyntaxError as exc:
                raise DocxReadError(self.name,
                                    f"phần {part} không phải XML hợp lệ: {exc}") from None
            self._trees[part] = root
            self._original[part] = serialize(root)
        return self._trees[part]

    # ---------------------------------------------------------------- changes
    def changed_parts(self) -> list[str]:
        """The parsed parts whose XML is not what was read (new parts not included)."""
        return [name for name, root in self._trees.items()
                if root is not None and serialize(root) != self._original[name]]

    def add_part(self, name: str, root: etree._Element, content_type: str) -> None:
        """A new XML part, declared in ``[Content_Types].xml``."""
        self.new_parts[name] = root
        types = self.xml("[Content_Types].xml")
        assert types is not None
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", content_type)

    def add_relationship(self, source: str, rel_type: str, target_part: str) -> str:
        """A new relationship of ``source`` to ``target_part``; returns its id."""
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        rels = self.xml(rels_name)
        if rels is None:
            rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
            self.new_parts[rels_name] = rels
        used = {rel.get("Id") for rel in rels}
        n = 1
        while f"rIdKh{n}" in used:
            n += 1
        rid = f"rIdKh{n}"
        rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", rel_type)
        rel.set("Target", posixpath.relpath(target_part, folder or "."))
        return rid

    def unused_part_name(self, pattern: str) -> str:
        """``word/header{n}.xml`` with the smallest ``n`` not in the package."""
        n = 1
        while self.has(pattern.format(n)) or pattern.format(n) in self.new_parts:
            n += 1
        return pattern.format(n)


def write(package: EditablePackage, data: bytes) -> bytes:
    """The package as bytes: changed parts serialised again, new parts appended, every other
    entry copied as stored (same order, fixed zip metadata); the input itself when nothing
    changed."""
    changed = set(package.changed_parts())
    if not changed and not package.new_parts:
        return data  # nothing to mend: the file as it came, byte for byte
    entries: list[Entry] = []
    for entry, _ in read_entries(data):
        if entry.name in changed:
            entries.append(deflate(entry.name, serialize(package.xml(entry.name))))
        else:
            entries.append(entry)
    names = {e.name for e in entries}
    for name in sorted(package.new_parts):
        if name not in names:
            entries.append(deflate(name, serialize(package.new_parts[name])))
    return write_entries(entries)
