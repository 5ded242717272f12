from __future__ import annotations

import socket

import httpx
import pytest

from brinkwatch.errors import FetchError
from brinkwatch.intake.fetch import fetch_url

ARTICLE = "<html><body><article><p>Talks resumed in Geneva on Monday.</p></article></body></html>"


def _transport(handler: object) -> httpx.MockTransport:
    return httpx.MockTransport(handler)  # type: ignore[arg-type]


def test_fetch_reads_an_html_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text=ARTICLE)

    fetched = fetch_url("https://news.example/story", transport=_transport(handler))
    assert fetched.text == ARTICLE and fetched.content_type == "text/html"


def test_fetch_follows_redirects_and_reports_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://news.example/new"})
        return httpx.Response(200, headers={"content-type": "text/html"}, text=ARTICLE)

    assert fetch_url("https://news.example/old", transport=_transport(handler)).url == "https://news.example/new"


def test_fetch_redirect_loop_is_stopped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "https://news.example/loop"})

    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url("https://news.example/loop", max_redirects=3, transport=_transport(handler))


@pytest.mark.parametrize(("status", "text"), [(404, "HTTP 404"), (503, "HTTP 503")])
def test_fetch_http_errors_name_the_status(status: int, text: str) -> None:
    with pytest.raises(FetchError, match=text):
        fetch_url("https://news.example/x", transport=_transport(lambda r: httpx.Response(status)))


def test_fetch_wrong_content_type_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF-1.4")

    with pytest.raises(FetchError, match="'application/pdf' is not an article page"):
        fetch_url("https://news.example/report.pdf", transport=_transport(handler))


@pytest.mark.parametrize("declare_length", [True, False])
def test_fetch_size_limit_holds_with_or_without_content_length(declare_length: bool) -> None:
    body = b"<html>" + b"x" * 5000

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/html"}
        if declare_length:
            return httpx.Response(200, headers=headers, content=body)
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    with pytest.raises(FetchError, match="1,000-byte limit"):
        fetch_url("https://news.example/big", max_bytes=1000, transport=_transport(handler))


def test_fetch_timeout_says_how_long_it_waited() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(FetchError, match="no answer within 2 s"):
        fetch_url("https://news.example/slow", timeout=2, transport=_transport(handler))


def test_fetch_unreachable_host_is_a_clear_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on: bind, read its number, close
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="unreachable"):
        fetch_url(f"http://127.0.0.1:{port}/story", timeout=2)


def test_fetch_refuses_non_http_urls() -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetch_url("ftp://news.example/x")
