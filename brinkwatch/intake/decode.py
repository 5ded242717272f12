"""Bytes to text: size limit, binary detection and encoding detection for news files.

News files arrive as UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 or Latin-1. We try
them in that order and refuse anything that still looks binary, so a PDF or an image never reaches
the pipeline as mojibake.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from brinkwatch.errors import (
    BinaryInputError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    UnknownEncodingError,
)

__all__ = ["MAX_BYTES", "decode_bytes", "read_path"]

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


def read_path(path: Path, *, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> str:
    """Read a file as text, with clear errors for missing, empty, huge, binary or undecodable files."""
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
    return decode_bytes(path.read_bytes(), name=str(path), encoding=encoding, max_bytes=max_bytes)


def decode_bytes(data: bytes, *, name: str = "input", encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
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
        return _decode_declared(data, name, encoding)
    text = _decode_guess(data)
    _refuse_binary(text, name)
    if not text.strip():
        raise EmptyInputError(f"{name}: holds no text after decoding; give it an article's text")
    return text


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


def _decode_guess(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 is a superset of latin-1's printable range and is what "latin-1" news files really are,
        # except for five bytes it leaves undefined; those fall through to latin-1.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


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
