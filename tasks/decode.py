"""Bytes -> text: BOM-marked Unicode, UTF-16 without a BOM, UTF-8, legacy code pages, with a
note whenever the text was not plain UTF-8; binary data is refused with a reason."""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Share of control bytes (other than tab/newline/carriage return/form feed/escape) above which
# the bytes are taken to be binary, after NUL bytes are set aside. Real text has none.
MAX_CONTROL_BYTE_SHARE = 0.05
# Bytes inspected for binary signatures / control bytes; enough to judge, cheap on big files.
SNIFF_BYTES = 8192

# Legacy encodings of non-Latin scripts that charset-normalizer may pick for bytes that are not
# UTF-8 (Python codec names). Anything else falls back to cp1252.
NON_WESTERN_CODECS = frozenset({
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
    "cp949", "euc_kr", "iso2022_kr", "johab", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "mac_cyrillic", "cp866", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp874", "tis_620",
})
# Share of bytes >= 0x80 above which non-UTF-8 bytes are taken to be a non-Latin script.
MIN_NON_WESTERN_HIGH_BYTE_SHARE = 0.3


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None


class DecodeError(Exception):
    """The bytes are not text we can read; the message is the rejection reason."""


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]*")


def is_blank(text: str) -> bool:
    """Whitespace-only, counting zero-width characters and stray BOMs as whitespace too."""
    return _INVISIBLE.fullmatch(text) is not None


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "decoded as UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32", "decoded as UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF8, "utf-8-sig", "decoded as UTF-8 (byte-order mark removed)"),
    (codecs.BOM_UTF16_LE, "utf-16", "decoded as UTF-16 (byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "decoded as UTF-16 (byte-order mark)"),
)
# Control bytes that never occur in text (NUL is handled separately: it is stripped if the rest
# is text). Tab, LF, VT, FF, CR and ESC are allowed.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20),
                        0x7F])


@lru_cache(maxsize=1)
def _binary_signatures() -> tuple[tuple[int, bytes, str], ...]:
    with open(DATA_DIR / "input_binary_signatures.csv", newline="", encoding="utf-8") as handle:
        return tuple(
            (int(row["offset"]), bytes.fromhex(row["hex_signature"]), row["description"])
            for row in csv.DictReader(handle)
        )


def decode_bytes(raw: bytes) -> Decoded:
    """Bytes to text: BOM-marked Unicode, UTF-16 without BOM, UTF-8, then cp1252/latin-1.

    Anything but plain UTF-8 is recorded in the note, so a legacy fallback is never silent.
    Raises DecodeError (reason text) for binary data.
    """
    for offset, signature, description in _binary_signatures():
        if raw[offset:offset + len(signature)] == signature:
            raise DecodeError(f"looks like binary data ({description}), not text")
    for bom, codec, note in _BOMS:
        if raw.startswith(bom):
            try:
                return _strip_nul_chars(raw.decode(codec), note)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} (bad bytes at offset {error.start})") from error
    utf16 = _decode_utf16_without_bom(raw)
    if utf16 is not None:
        return utf16

    nul_count = raw.count(0)
    text_bytes = raw.replace(b"\x00", b"") if nul_count else raw
    if nul_count and not text_bytes.strip():
        raise DecodeError("contains only NUL bytes, no text")
    sample = text_bytes[:SNIFF_BYTES]
    control_share = sum(sample.count(byte) for byte in _CONTROL_BYTES) / len(sample)
    if control_share > MAX_CONTROL_BYTE_SHARE:
        raise DecodeError(f"looks like binary data ({control_share:.0%} of the first bytes are "
                           "control characters), not text")
    plural = "s" if nul_count != 1 else ""
    nul_note = f"removed {nul_count:,} NUL byte{plural}" if nul_count else None
    try:
        return Decoded(text_bytes.decode("utf-8"), nul_note)
    except UnicodeDecodeError as error:
        utf8_error = error
    non_western = _decode_non_western(text_bytes)
    if non_western is not None:
        text, codec_note = non_western
    else:
        # Not UTF-8: the usual culprit in news feeds is Windows-1252 (a superset of latin-1's
        # printable range). Its five undefined bytes fall back to latin-1, which maps any byte.
        try:
            text, codec_note = text_bytes.decode("cp1252"), "decoded as cp1252 (Windows-1252)"
        except UnicodeDecodeError:
            text, codec_note = text_bytes.decode("latin-1"), "decoded as latin-1 (ISO-8859-1)"
    note = (f"not valid UTF-8 (byte 0x{text_bytes[utf8_error.start]:02x} at offset "
            f"{utf8_error.start}); {codec_note}")
    return Decoded(text, f"{note}; {nul_note}" if nul_note else note)


def _decode_non_western(raw: bytes) -> tuple[str, str] | None:
    """Legacy CJK, Cyrillic, Greek, Hebrew, Arabic or Thai encodings, via charset-normalizer.

    Only trusted when most bytes are non-ASCII, as in those scripts: for Western text (mostly
    ASCII, a few accented letters) the detector's choice among Latin code pages is unreliable,
    so that case stays with cp1252.
    """
    sample = raw[:SNIFF_BYTES * 8]
    high_share = sum(byte >= 0x80 for byte in sample) / len(sample)
    if high_share < MIN_NON_WESTERN_HIGH_BYTE_SHARE:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding not in NON_WESTERN_CODECS:
        return None
    try:
        text = raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text, f"decoded as {best.encoding} (detected by charset-normalizer)"


def _decode_utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 text without a BOM shows NULs in every other byte (for Latin-script text)."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even_nuls = raw[0::2].count(0)
    odd_nuls = raw[1::2].count(0)
    half = len(raw) // 2
    for codec, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls,
                                                                     odd_nuls)):
        if nuls >= 0.6 * half and other <= 0.05 * half:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return _strip_nul_chars(text, f"decoded as {codec.upper()} (no byte-order mark; "
                                          "guessed from its NUL bytes)")
    return None


def _strip_nul_chars(text: str, note: str) -> Decoded:
    nul_count = text.count("\x00")
    if not nul_count:
        return Decoded(text, note)
    return Decoded(text.replace("\x00", ""), f"{note}; removed {nul_count:,} NUL characters")
