from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.errors import (
    BinaryInputError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    UnknownEncodingError,
)
from brinkwatch.intake.decode import decode_bytes, decode_text, read_path

TEXT = "Café owners in Zürich said the “ceasefire” held – for now."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-bom"],
)
def test_decode_reads_common_encodings(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_decode_reads_latin1_with_bytes_cp1252_leaves_undefined() -> None:
    text = "Ñandú \x81 reporters in Asunción"
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t  "], ids=["empty", "whitespace"])
def test_decode_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(data, name="story.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.7 ...", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"), (b"PK\x03\x04zip", "ZIP")],
)
def test_decode_known_binary_formats_are_named(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError, match=kind):
        decode_bytes(data)


def test_decode_nul_bytes_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(bytes(range(256)) * 4)


def test_decode_control_character_soup_is_unknown_encoding() -> None:
    with pytest.raises(UnknownEncodingError, match="control characters"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 65]) * 50)


def test_decode_unknown_declared_encoding_is_named() -> None:
    with pytest.raises(UnknownEncodingError, match="'klingon'"):
        decode_bytes(b"text", encoding="klingon")


def test_decode_wrong_declared_encoding_says_how_to_fix() -> None:
    with pytest.raises(UnknownEncodingError, match="drop --encoding"):
        decode_bytes("Zürich".encode("latin-1"), encoding="utf-8")


def test_decode_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputTooLargeError, match="52,428,800 bytes"):
        read_path(big)


def test_decode_missing_path_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_path(tmp_path / "nope.txt")


def test_decode_folder_is_not_an_article(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="folder"):
        read_path(tmp_path)


def test_decode_mostly_utf8_keeps_utf8_and_says_which_bytes_were_replaced() -> None:
    """A few bad bytes in a UTF-8 file must not turn every accented letter into cp1252 mojibake."""
    good = TEXT.encode("utf-8")
    data = good[:12] + b"\xff" + good[12:] + b" \x80"
    decoded = decode_text(data, name="story.txt")
    assert decoded.text == TEXT[:11] + "\ufffd" + TEXT[11:] + " \ufffd"
    assert decoded.notes == [
        "story.txt: 2 bytes that are not valid UTF-8 (the first at byte 12) were replaced with U+FFFD; "
        "the rest is UTF-8"
    ]


def test_decode_legacy_file_says_which_codec_read_it() -> None:
    decoded = decode_text(TEXT.encode("cp1252"), name="story.txt")
    assert decoded.text == TEXT
    assert decoded.notes == ["story.txt: is not UTF-8; read as Windows-1252 (pass --encoding if that is wrong)"]


def test_decode_utf8_has_no_notes() -> None:
    assert decode_text(TEXT.encode("utf-8")).notes == []
