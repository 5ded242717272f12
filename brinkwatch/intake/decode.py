"""Bytes to text: size limit, binary detection and encoding detection for news files.

News files arrive as UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 or Latin-1. We try
them in that order and refuse anything that still looks binary, so a PDF or an image never reaches
the pipeline as mojibake. A file that is mostly UTF-8 with a few bad bytes stays UTF-8 (the bad bytes
become U+FFFD): read as Windows-1252, every accented letter of it would be garbled instead. Whatever
was not plain UTF-8 is said in `Decoded.notes`, which intake keeps on the article.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from brinkwatch.errors import (
    BinaryInputError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    UnknownEncodingError,
)

__all__ = [
    "MAX_BYTES",
    "Decoded",
    "count_escaped",
    "decode_bytes",
    "decode_text",
    "read_file",
    "read_path",
    "replace_escaped",
    "replaced_bytes_note",
]

MAX_BYTES = 10 * 1024 * 1024  # far above any article; stops a stray archive or dump early

# Control characters that never occur in text (tab, LF, CR and form feed are fine).
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F}
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


@dataclass(slots=True)
class Decoded:
    """Text and what decoding it took, in words: replaced bytes, a legacy codec."""

    text: str
    notes: list[str] = field(default_factory=list)


def read_path(path: Path, *, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> str:
    """Read a file as text, with clear errors for missing, empty, huge, binary or undecodable files."""
    return read_file(path, max_bytes=max_bytes, encoding=encoding).text


def read_file(path: Path, *, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> Decoded:
    """`read_path` with the notes on how the file was decoded."""
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file; check the path (relative paths start at {Path.cwd()})")
    if path.is_dir():
        raise InputNotFoundError(f"{path}: is a folder; pass one article file, or use `brinkwatch ingest` for folders")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(
            f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for one article; "
            "split the file, or raise the limit with --max-bytes"
        )
    return decode_text(path.read_bytes(), name=str(path), encoding=encoding, max_bytes=max_bytes)


def decode_bytes(data: bytes, *, name: str = "input", encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    return decode_text(data, name=name, encoding=encoding, max_bytes=max_bytes).text


def decode_text(
    data: bytes, *, name: str = "input", encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> Decoded:
    """Bytes to text with the checks above; `notes` say what was not plain UTF-8."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte limit for one article; "
            "split the input, or raise the limit with --max-bytes"
        )
    if not data.strip():
        raise EmptyInputError(f"{name}: is empty (or only whitespace); give it an article's text")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"{name}: looks like {kind}, not text; convert it to text or HTML first")
    if encoding is not None:
        return Decoded(_decode_declared(data, name, encoding))
    decoded = _decode_guess(data, name)
    _refuse_binary(decoded.text, name)
    if not decoded.text.strip():
        raise EmptyInputError(f"{name}: holds no text after decoding; give it an article's text")
    return decoded


def replaced_bytes_note(where: str, count: int, first: int | None = None) -> str:
    """The words for `count` invalid UTF-8 bytes replaced with U+FFFD (`first`: the offset of the first)."""
    what = "1 byte that is not valid UTF-8" if count == 1 else f"{count} bytes that are not valid UTF-8"
    at = f" (the first at byte {first})" if first is not None else ""
    verb = "was" if count == 1 else "were"
    tail = "; the rest is UTF-8" if first is not None else ""
    return f"{where}: {what}{at} {verb} replaced with U+FFFD{tail}"


def _decode_declared(data: bytes, name: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise UnknownEncodingError(
            f"{name}: unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1"
        ) from exc
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnknownEncodingError(
            f"{name}: is not valid {encoding} (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "drop --encoding to let brinkwatch detect it"
        ) from exc
    return text.removeprefix("\ufeff")


def _decode_guess(data: bytes, name: str) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace").removeprefix("\ufeff"))
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    escaped = data.decode("utf-8", errors="surrogateescape")  # each bad byte becomes one lone surrogate
    bad = count_escaped(escaped)
    good = sum(1 for ch in escaped if ord(ch) > 0x7F) - bad
    if good > bad:
        # Most non-ASCII characters are valid UTF-8: a few stray bytes in a UTF-8 file, not a legacy file.
        return Decoded(replace_escaped(escaped), [replaced_bytes_note(name, bad, first_bad)])
    try:
        # cp1252 is a superset of latin-1's printable range and is what "latin-1" news files really are,
        # except for five bytes it leaves undefined; those fall through to latin-1.
        text, codec = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, codec = data.decode("latin-1"), "Latin-1"
    return Decoded(text, [f"{name}: is not UTF-8; read as {codec} (pass --encoding if that is wrong)"])


_ESCAPED_BYTE, _ESCAPED_LAST = "\udc80", "\udcff"


def replace_escaped(text: str) -> str:
    """U+FFFD for every byte that surrogateescape kept as a lone surrogate."""
    return "".join("\ufffd" if _ESCAPED_BYTE <= ch <= _ESCAPED_LAST else ch for ch in text)


def count_escaped(text: str) -> int:
    """How many undecodable bytes a surrogateescape-decoded text holds."""
    return sum(1 for ch in text if _ESCAPED_BYTE <= ch <= _ESCAPED_LAST)


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:65536]
    if "\x00" in sample:
        raise BinaryInputError(
            f"{name}: contains NUL bytes, so it is binary or UTF-16/32 without a byte-order mark; "
            "save it as UTF-8 text, or pass --encoding"
        )
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > max(8, len(sample) // 100):
        raise UnknownEncodingError(
            f"{name}: {controls} control characters in the first {len(sample):,} characters; this is not text in "
            "UTF-8, Windows-1252 or Latin-1. Convert it to UTF-8, or pass --encoding with its real encoding"
        )
