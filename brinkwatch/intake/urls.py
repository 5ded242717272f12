"""Article addresses: only http(s) URLs become an article's link.

A feed `<link>`, a JSONL/CSV `url` column or an API caller can name any string as an article's
address; a `javascript:` or `data:` one, shown as a link, runs in the dashboard's origin. So intake
keeps an address only when it is an absolute http(s) URL, and records any other as a note on the
article (text, never a link). The dashboard checks again when it renders, for stores written before.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from brinkwatch.model import Article, StageError

__all__ = ["NOT_A_WEB_ADDRESS", "set_url", "web_url"]

NOT_A_WEB_ADDRESS = "NotAWebAddress"
_SHOWN = 200  # characters of a refused address kept in the note; the rest says nothing more


def web_url(value: str | None) -> str | None:
    """`value` stripped when it is an absolute http(s) URL with a host, else None.

    Browsers drop tabs, newlines and leading control characters from an address, so "java\\tscript:"
    is a script; any control character or space inside is therefore refused, not cleaned.
    """
    if not value:
        return None
    text = value.strip()
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def set_url(article: Article, value: str | None) -> Article:
    """Give the article `value` as its link when it is an http(s) URL; otherwise keep it as a note."""
    if not value or not value.strip():
        return article
    url = web_url(value)
    if url is not None:
        article.url = url
        return article
    shown = value.strip()
    shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "..."
    message = f"the address {shown!r} is not an http(s) address; kept here as text, not as the article's link"
    if not any(e.stage == "intake" and e.message == message for e in article.errors):  # read, then given again
        article.errors.append(StageError(stage="intake", error=NOT_A_WEB_ADDRESS, message=message))
    return article
