"""read_article end to end over a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from brinkwatch.errors import FetchError
from brinkwatch.intake import read_article

PAGES = {
    "/story": (
        "text/html; charset=utf-8",
        (Path(__file__).parents[1] / "samples" / "ceasefire-talks.html").read_bytes(),
    ),
    "/plain": ("text/plain; charset=windows-1252", "Talks Resume\n\nEnvoys met in Muscat – again.".encode("cp1252")),
    "/image": ("image/png", b"\x89PNG\r\n\x1a\n"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        content_type, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_read_article_from_a_url_follows_redirects(server: str) -> None:
    article = read_article(f"{server}/moved")
    assert article.title == "Envoys Meet in Muscat as Ceasefire Talks Resume"
    assert article.url == f"{server}/story" and article.source == f"{server}/moved"


def test_read_article_plain_text_url_uses_declared_charset(server: str) -> None:
    assert read_article(f"{server}/plain").text == "Envoys met in Muscat – again."


@pytest.mark.parametrize(("path", "message"), [("/image", "image/png"), ("/missing", "HTTP 404")])
def test_read_article_bad_urls_are_fetch_errors(server: str, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        read_article(f"{server}{path}")
