"""Đọc tệp .docx an toàn: open a .docx that may be damaged or hostile, with bounded work.

A .docx is a zip of XML parts. A file received from outside may be a zip bomb (a small file that
inflates to gigabytes), a huge or deeply nested XML part, an XML part with a DTD (entity
expansion, external entities) or simply not a .docx at all. :func:`read_docx` refuses each of
these quickly with a :class:`DocxReadError` whose message says what is wrong:

* the file itself is capped (:data:`MAX_FILE_BYTES`), and so are the number of zip entries and
  the uncompressed size, in bytes, of each part and of all parts together. The bound is on the
  bytes a part inflates to, not on its compression ratio: a real document of one paragraph
  repeated is 300 times smaller zipped and is read, a zip bomb stops at the cap;
* parts are inflated in chunks and reading stops as soon as a cap is passed, so a zip whose
  headers lie about sizes is caught too;
* a part compressed with anything but deflate (or stored), which zip allows and Word cannot
  open (bzip2, lzma), is refused, as is a part encrypted;
* XML is parsed with lxml with ``resolve_entities=False, no_network=True, huge_tree=False``
  (libxml2 then refuses nesting deeper than 256 levels and text nodes over 10 MB). A part that
  declares a ``<!DOCTYPE`` (and so any ``<!ENTITY``) is refused: decided on the parsed
  document, whatever its encoding, after a quick look at the bytes for the usual ones. A part in
  an encoding other than UTF-8 or UTF-16 (UTF-32, a code page), which the Open Packaging
  Conventions forbid and Word does not open, is refused too.

Only the parts the checker needs are parsed (document, styles, settings, theme, numbering,
headers and footers, relationships), and each only once. Every other XML part (``.xml``,
``.rels``, ``.vml``: custom XML, document properties, glossary, charts …) is read up to its first
element, which is where a DOCTYPE must stand, so a DOCTYPE hidden in a part the checker never
reads is refused too (:meth:`DocxPackage.refuse_doctypes`).
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from functools import cached_property
from pathlib import Path
from typing import Final

from lxml import etree

from kehoach.errors import KehoachError, describe_os_error, grouped

#: A .docx larger than this is not a Kế hoạch (bytes on disk).
MAX_FILE_BYTES: Final = 50 * 1024 * 1024
#: Most zip entries a .docx may hold.
MAX_ENTRIES: Final = 2000
#: Largest uncompressed XML part read (bytes).
MAX_PART_BYTES: Final = 32 * 1024 * 1024
#: Largest total of the uncompressed parts read (bytes).
MAX_TOTAL_BYTES: Final = 96 * 1024 * 1024
_CHUNK: Final = 64 * 1024
#: The compressions Word reads in a .docx (ECMA-376 Part 2, Annex C: stored and deflate).
_WORD_COMPRESSIONS: Final = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_COMPRESSION_NAMES: Final = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
#: Encodings a part may use (ECMA-376 Part 2, §8.1.4: UTF-8 or UTF-16); ASCII is UTF-8.
_ENCODINGS: Final = frozenset({"UTF-8", "UTF8", "UTF-16", "UTF-16LE", "UTF-16BE", "ASCII",
                                "US-ASCII"})

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL_TYPE: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

_FORBIDDEN: Final = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("utf-8", "utf-16-le", "utf-16-be"))


#: Names of the parts read for a DOCTYPE even when the checker does not parse them.
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")
_PROLOG_CHUNK: Final = 4096


class _PrologEnd(Exception):
    """The prolog of a part was read: ``args[0]`` says whether it declares a DOCTYPE."""


class _Prolog:
    """A parser target that stops at the first element, or at a DOCTYPE before it."""

    def doctype(self, *args: object) -> None:
        raise _PrologEnd(True)

    def start(self, *args: object) -> None:
        raise _PrologEnd(False)

    def end(self, *args: object) -> None:
        pass

    def data(self, *args: object) -> None:
        pass

    def comment(self, *args: object) -> None:
        pass

    def pi(self, *args: object) -> None:
        pass

    def close(self) -> None:
        return None


class DocxReadError(KehoachError):
    """Không đọc được tệp: the file is not a readable .docx (or is refused as hostile)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(data: bytes, *, name: str = "xml", path: str = "") -> etree._Element:
    """Parse one XML part safely; a DOCTYPE (and its entities) or an encoding other than UTF-8
    or UTF-16 is refused with :class:`DocxReadError`."""
    refused = DocxReadError(path, f"phần {name} khai báo DOCTYPE/ENTITY (bị từ chối vì an toàn)")
    head = data[:4096]
    if any(marker in data for marker in _FORBIDDEN) or b"<!doctype" in head.lower():
        raise refused  # the usual encodings, before parsing
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        raise DocxReadError(path, f"phần {name} không phải XML hợp lệ: {exc}") from None
    if root is None:  # pragma: no cover - lxml returns None only for empty input
        raise DocxReadError(path, f"phần {name} rỗng")
    info = root.getroottree().docinfo
    # Decided on the document as parsed, whatever bytes spelled it (UTF-32, a code page …).
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise refused
    encoding = (info.encoding or "UTF-8").upper().replace("_", "-")
    if encoding not in _ENCODINGS:
        raise DocxReadError(path, f"phần {name} dùng bảng mã {info.encoding}; văn bản Word chỉ "
                                  "dùng UTF-8 hoặc UTF-16 (Word không mở được tệp này)")
    return root


class DocxPackage:
    """The parts of a .docx, read within the caps; XML parts are parsed on first use.

    ``DocxPackage.open(path_or_bytes)`` reads and validates the zip; :meth:`xml` returns a parsed
    part, :meth:`related` follows a relationship of a part (``document`` → ``styles``…).
    """

    def __init__(self, name: str, archive: zipfile.ZipFile) -> None:
        self.name = name
        self._zip = archive
        self._infos = {info.filename: info for info in archive.infolist()}
        self._read_total = 0
        self._parsed: dict[str, etree._Element | None] = {}
        self.main_part = self._main_part()

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, source: str | os.PathLike[str] | bytes, name: str | None = None) -> DocxPackage:
        """Open ``source`` (a path or the bytes of a file); raise :class:`DocxReadError`."""
        if isinstance(source, (bytes, bytearray)):
            label = name or "<bytes>"
            data = bytes(source)
        else:
            path = Path(source)
            label = name or str(path)
            try:
                size = path.stat().st_size
                if not path.is_file():
                    raise DocxReadError(label, "không phải là tệp")
            except OSError as exc:
                raise DocxReadError(label, f"không mở được tệp ({describe_os_error(exc, with_file=False)})") from None
            if size > MAX_FILE_BYTES:
                raise DocxReadError(label, f"tệp quá lớn ({grouped(size)} byte; tối đa {grouped(MAX_FILE_BYTES)} byte)")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise DocxReadError(label, f"không đọc được tệp ({describe_os_error(exc, with_file=False)})") from None
        if len(data) > MAX_FILE_BYTES:
            raise DocxReadError(label, f"tệp quá lớn ({grouped(len(data))} byte; tối đa {grouped(MAX_FILE_BYTES)} byte)")
        if not data.startswith(b"PK"):
            hint = " (tệp .doc cũ hoặc tệp được mã hóa?)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
            raise DocxReadError(label, "không phải tệp .docx (không phải tệp nén zip)" + hint)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise DocxReadError(label, f"tệp zip hỏng: {exc}") from None
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocxReadError(label, f"quá nhiều phần trong tệp zip ({grouped(len(infos))}; tối đa {grouped(MAX_ENTRIES)})")
        for info in infos:
            if info.compress_type not in _WORD_COMPRESSIONS:
                method = _COMPRESSION_NAMES.get(info.compress_type, f"kiểu {info.compress_type}")
                raise DocxReadError(label, f"phần {info.filename} được nén bằng {method}; Word "
                                           "chỉ đọc được tệp nén kiểu deflate (Word không mở "
                                           "được tệp này)")
        declared = sum(i.file_size for i in infos)
        if declared > 4 * MAX_TOTAL_BYTES:
            raise DocxReadError(label, f"tổng dung lượng giải nén quá lớn ({grouped(declared)} byte; "
                                       "nghi là bom zip)")
        return cls(label, archive)

    # ---------------------------------------------------------------- raw parts
    def has(self, part: str) -> bool:
        return part in self._infos

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, inflated in chunks within the caps."""
        info = self._infos.get(part)
        if info is None:
            raise DocxReadError(self.name, f"thiếu phần {part}")
        if info.flag_bits & 0x1:
            raise DocxReadError(self.name, f"phần {part} được mã hóa")
        if info.file_size > MAX_PART_BYTES:
            raise DocxReadError(self.name, f"phần {part} quá lớn ({grouped(info.file_size)} byte; "
                                           f"tối đa {grouped(MAX_PART_BYTES)} byte)")
        out = bytearray()
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    if len(out) > MAX_PART_BYTES:
                        raise DocxReadError(self.name, f"phần {part} quá lớn khi giải nén (hơn "
                                                       f"{grouped(MAX_PART_BYTES)} byte; nghi là bom zip)")
                    if self._read_total + len(out) > MAX_TOTAL_BYTES:
                        raise DocxReadError(self.name, "tổng dung lượng giải nén quá lớn (hơn "
                                                       f"{grouped(MAX_TOTAL_BYTES)} byte; nghi là bom zip)")
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise DocxReadError(self.name, f"phần {part} hỏng: {exc}") from None
        except Exception as exc:  # zlib.error and friends
            if isinstance(exc, DocxReadError):
                raise
            raise DocxReadError(self.name, f"phần {part} hỏng: {exc}") from None
        self._read_total += len(out)
        return bytes(out)

    def refuse_doctypes(self) -> None:
        """Refuse the package when any of its XML parts, parsed by the checker or not,
        declares a DOCTYPE (:class:`DocxReadError`). A part not parsed is read only up to its
        first element (the DOCTYPE must come before it), within the caps of bytes; one lxml
        cannot read that way (UTF-32) is parsed whole. What is in a part is none of this
        method's business otherwise: a part that is not XML is left to Word."""
        for name, info in self._infos.items():
            if name in self._parsed or not name.lower().endswith(_XML_SUFFIXES):
                continue
            if self._declares_doctype(name, info):
                raise DocxReadError(self.name, f"phần {name} khai báo DOCTYPE/ENTITY (bị từ chối "
                                               "vì an toàn)")

    def _declares_doctype(self, name: str, info: zipfile.ZipInfo) -> bool:
        if info.flag_bits & 0x1:
            raise DocxReadError(self.name, f"phần {name} được mã hóa")
        parser = etree.XMLParser(target=_Prolog(), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
        read = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_PROLOG_CHUNK):
                    read += len(chunk)
                    if read > MAX_PART_BYTES or self._read_total + read > MAX_TOTAL_BYTES:
                        raise DocxReadError(self.name, f"phần {name} quá lớn khi giải nén "
                                                       "(nghi là bom zip)")
                    parser.feed(chunk)
                parser.close()
        except _PrologEnd as end:
            return bool(end.args[0])
        except etree.XMLSyntaxError:
            pass  # not XML lxml reads as it comes: parsed whole below
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise DocxReadError(self.name, f"phần {name} hỏng: {exc}") from None
        except DocxReadError:
            raise
        except Exception as exc:  # zlib.error and friends
            raise DocxReadError(self.name, f"phần {name} hỏng: {exc}") from None
        finally:
            self._read_total += read
        try:
            root = etree.fromstring(self.read(name), _parser())
        except (etree.XMLSyntaxError, ValueError, LookupError):
            return False
        info_ = root.getroottree().docinfo if root is not None else None
        return bool(info_ is not None and (info_.doctype or info_.internalDTD is not None
                                           or info_.externalDTD is not None))

    def xml(self, part: str | None) -> etree._Element | None:
        """The parsed part, or ``None`` when the package has no such part."""
        if part is None or part not in self._infos:
            return None
        if part not in self._parsed:
            self._parsed[part] = parse_xml(self.read(part), name=part, path=self.name)
        return self._parsed[part]

    # ---------------------------------------------------------------- relationships
    @staticmethod
    def _rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """``(id, type, target part)`` for each internal relationship of ``part``."""
        root = self.xml(self._rels_name(part))
        if root is None:
            return []
        folder = posixpath.dirname(part)
        out = []
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target)))
            out.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The first part related to ``part`` by a relationship of type ``kind`` (``styles``…)."""
        for _, rel_type, target in self.relationships(part):
            if rel_type in (_REL_TYPE + kind, _STRICT_REL_TYPE + kind):
                return target
        return None

    def target(self, part: str, rel_id: str) -> str | None:
        for rid, _, target in self.relationships(part):
            if rid == rel_id:
                return target
        return None

    def _main_part(self) -> str:
        root = self.xml("_rels/.rels") if self.has("_rels/.rels") else None
        if root is not None:
            for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self._infos:
                        return target
        if "word/document.xml" in self._infos:
            return "word/document.xml"
        raise DocxReadError(self.name, "không phải tệp .docx: thiếu word/document.xml")

    @cached_property
    def document(self) -> etree._Element:
        root = self.xml(self.main_part)
        assert root is not None
        if root.tag != f"{{{W_NS}}}document" or root.find(f"{{{W_NS}}}body") is None:
            raise DocxReadError(self.name, "word/document.xml không phải văn bản Word (thiếu w:body)")
        return root


def read_docx(source: str | os.PathLike[str] | bytes, name: str | None = None) -> DocxPackage:
    """Open a .docx within the caps and parse its main part; raise :class:`DocxReadError`."""
    package = DocxPackage.open(source, name)
    package.document  # noqa: B018 - parse now, so a broken main part fails here
    package.refuse_doctypes()
    return package

