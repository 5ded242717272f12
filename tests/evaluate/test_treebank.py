from __future__ import annotations

import pytest
import spacy

from brinkwatch.evaluate.treebank import tree_to_doc

VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    ("parse", "arcs"),
    [
        (
            "(ROOT (S (NP (NNP Elbonia)) (VP (VBD attacked) (NP (DT the) (NN town))) (. .)))",
            {"Elbonia": ("nsubj", "attacked"), "town": ("obj", "attacked"), "the": ("det", "town")},
        ),
        (
            "(ROOT (S (NP (DT The) (NN town)) (VP (VBD was) (VP (VBN shelled) (PP (IN by) (NP (NNS rebels))))) (. .)))",
            {"town": ("nsubj:pass", "shelled"), "rebels": ("obl:agent", "shelled"), "was": ("aux", "shelled")},
        ),
        (
            "(ROOT (S (NP (NP (NNP Elbonia) (POS 's)) (NN army)) (VP (VBD left)) (. .)))",
            {"Elbonia": ("nmod:poss", "army"), "army": ("nsubj", "left")},
        ),
        (
            "(ROOT (S (NP (NP (NNP Elbonia)) (CC and) (NP (NNP Freedonia))) (VP (VBD met)) (. .)))",
            {"Freedonia": ("conj", "Elbonia"), "and": ("cc", "Elbonia"), "Elbonia": ("nsubj", "met")},
        ),
    ],
)
def test_treebank_arcs(parse: str, arcs: dict[str, tuple[str, str]]) -> None:
    doc = tree_to_doc(VOCAB, parse)
    found = {t.text: (t.dep_, t.head.text) for t in doc}
    for word, arc in arcs.items():
        assert found[word] == arc, word


def test_treebank_unbalanced_parse_is_an_error() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        tree_to_doc(VOCAB, "(ROOT (S (NP (NNP Elbonia)) (VP (VBD left))")
