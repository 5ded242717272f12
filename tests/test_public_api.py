from __future__ import annotations

import brinkwatch


def test_public_api_all_names_exist() -> None:
    for name in brinkwatch.__all__:
        assert hasattr(brinkwatch, name), name


def test_public_api_extract_runs_on_a_string() -> None:
    article = brinkwatch.process(brinkwatch.article_from_text("Title\n\nTroops withdrew. Talks resumed."))
    assert [s.text for s in article.sentences] == ["Troops withdrew.", "Talks resumed."]
