"""Bytes to text: byte-order marks, UTF-8, UTF-16, and the Windows/Latin-1 fallbacks.

News files arrive as UTF-8 (with or without a byte-order mark), UTF-16 from
Windows tools, or cp1252 from older systems.  A file is binary, not text,
when it holds NUL bytes that no UTF-16 reading explains, or when control
characters make up a noticeable share of it.
"""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
CONTROL_SHARE = 0.05  # more control characters than this and it is not prose
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")


class DecodeError(ValueError):
    """The bytes are not text in any encoding kg reads; the message says why."""


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name).  Raises :class:`DecodeError` for binary data."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding} (byte {err.start})") from err
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise DecodeError("binary file (contains NUL bytes), not text")
        try:
            return _checked(raw.decode(utf16), utf16)
        except UnicodeDecodeError as err:
            raise DecodeError(f"binary file (NUL bytes, and not valid {utf16})") from err
    try:
        return _checked(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _checked(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 defines them all
        return _checked(raw.decode("latin-1"), "latin-1")


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text of mostly ASCII letters has a NUL in every other byte."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if text:
        controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in _ALLOWED_CONTROLS)
        if controls / min(len(text), 20000) > CONTROL_SHARE:
            raise DecodeError("binary file (mostly control characters), not text")
    return text, encoding
