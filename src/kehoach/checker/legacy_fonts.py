"""Phông mã cũ và phông ký hiệu: fonts whose characters are not what the file's letters say.

Text typed in a TCVN3 (ABC) font such as ``.VnTime`` or a VNI font such as ``VNI-Times`` stores
Vietnamese letters as other characters (``Lµ c¨n cø`` shows as «Là căn cứ» only in that font);
text in a symbol font (Wingdings, Symbol, Webdings) shows pictures for ordinary letters. Giving
such a run Times New Roman changes what it shows without changing a character: it garbles the
text. The checker's R6 says so, and :mod:`kehoach.fixer` leaves such runs for a person (convert
the encoding to Unicode with Unikey's Công cụ chuyển mã first, or replace the symbols).
"""

from __future__ import annotations

from typing import Final

#: Symbol fonts: a letter typed in them prints as a picture.
SYMBOL_FONTS: Final = frozenset(name.casefold() for name in (
    "Wingdings", "Wingdings 2", "Wingdings 3", "Webdings", "Symbol", "Marlett",
    "ZapfDingbats", "Zapf Dingbats", "MT Extra", "MS Outlook", "Bookshelf Symbol 7"))


def legacy_encoding(font: str | None) -> str | None:
    """The legacy encoding a font's name shows, or ``None`` for an ordinary Unicode font.

    ``"TCVN3"`` for ABC fonts (``.VnTime``, ``.VnTimeH``, ``.VnArial``…), ``"VNI"`` for VNI
    fonts (``VNI-Times``, ``VNI-Helve``…), ``"VPS"`` for VPS fonts (``VPS Times``), ``"ký
    hiệu"`` for symbol fonts (:data:`SYMBOL_FONTS`).
    """
    if not font:
        return None
    name = font.strip().casefold()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "VNI"
    if name.startswith("vps "):
        return "VPS"
    if name in SYMBOL_FONTS:
        return "ký hiệu"
    return None


def legacy_advice(font: str) -> str:
    """What a person does with text in ``font`` (a legacy or symbol font), in Vietnamese."""
    kind = legacy_encoding(font)
    if kind == "ký hiệu":
        return (f"phông ký hiệu {font}: chữ hiện thành hình, đổi phông sẽ đổi điều văn bản "
                "hiện ra; cần người thay bằng ký tự Unicode rồi đặt phông Times New Roman")
    return (f"phông {font} dùng bảng mã {kind}, không phải Unicode: chỉ đổi phông sẽ làm chữ "
            "thành vô nghĩa; cần chuyển mã sang Unicode bằng Unikey (Công cụ chuyển mã, "
            f"nguồn {kind}, đích Unicode) rồi đặt phông Times New Roman")


def legacy_seen(font: str) -> str:
    """R6's short description of text in a legacy or symbol font ``font``."""
    if legacy_encoding(font) == "ký hiệu":
        return f"phông ký hiệu {font} (chữ hiện thành hình: cần thay bằng ký tự Unicode)"
    return (f"phông {font} (bảng mã {legacy_encoding(font)}, không phải Unicode: cần chuyển mã "
            "bằng Unikey, không chỉ đổi phông)")
