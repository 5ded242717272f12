from __future__ import annotations

from brinkwatch.intake import article_from_text
from brinkwatch.intake.html import parse_html
from brinkwatch.model import RemovedReason

PAGE = """<html><head><title>Border Clashes Leave Six Dead | The Daily Ridge</title>
<meta property="og:site_name" content="The Daily Ridge"></head><body><article>
<h1>Border Clashes Leave Six Dead</h1>
<p>Troops from the two countries exchanged fire along the disputed border on Sunday, killing six soldiers,
the defence ministry said in a statement released late in the evening.</p>
<ul><li><a href="/x">Cheese Prices Hit Record High</a></li><li><a href="/y">Local Team Wins Cup Final</a></li></ul>
<p>Both governments accused each other of starting the clashes, which came a week after talks on the border
collapsed in the capital without any agreement on troop withdrawals.</p>
<div class="more-stories"><p>Tourism Booms on the Coast</p></div>
</article></body></html>"""


def test_html_extracts_main_text_title_and_site() -> None:
    article = parse_html(PAGE)
    assert article.title == "Border Clashes Leave Six Dead"
    assert article.outlet == "The Daily Ridge"
    assert article.text.startswith("Troops from the two countries")
    assert "accused each other" in article.text


def test_html_related_boxes_are_dropped_with_or_without_class_names() -> None:
    article = parse_html(PAGE)
    for headline in ("Cheese Prices", "Local Team Wins", "Tourism Booms"):
        assert headline not in article.text
        assert any(headline in r.text for r in article.removed)
    assert any(r.reason is RemovedReason.RELATED_HEADLINE for r in article.removed)


def test_html_is_detected_from_content() -> None:
    assert article_from_text(PAGE).title == "Border Clashes Leave Six Dead"
