from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from brinkwatch.language.training.corpus import (
    attach_entities,
    convert_ud,
    group_sentences,
    read_conllu,
    read_iob2,
    sentences_to_doc,
)

# Invented sentences in CoNLL-U / IOB2, written for these tests.
CONLLU = """# newdoc id = d1
# sent_id = s1
# text = Envoys didn't meet al-Rami.
1\tEnvoys\tenvoy\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t_\t_
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tmeet\tmeet\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\t_
5\tal\tal\tPROPN\tNNP\t_\t7\tcompound\t_\tSpaceAfter=No
6\t-\t-\tPUNCT\tHYPH\t_\t7\tpunct\t_\tSpaceAfter=No
7\tRami\tRami\tPROPN\tNNP\t_\t4\tobj\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = s2
# text = Talks resumed in Oslo.
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
1.1\tresumed\tresume\tVERB\tVBD\t_\t_\t_\t_\t_
2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_
3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_
4\tOslo\tOslo\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# newdoc id = d2
# sent_id = s3
# text = Norwegians cheered.
1\tNorwegians\tNorwegian\tPROPN\tNNPS\t_\t2\tnsubj\t_\t_
2\tcheered\tcheer\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""

IOB2 = """# sent_id = s1
# text = Envoys didn't meet al-Rami.
1\tEnvoys\tO
2\tdid\tO
3\tn't\tO
4\tmeet\tO
5\tal\tB-PER
6\t-\tI-PER
7\tRami\tI-PER
8\t.\tO

# sent_id = other-numbering-2
# text = Talks resumed in Oslo.
1\tTalks\tO
2\tresumed\tO
3\tin\tO
4\tOslo\tB-LOC
5\t.\tO

# sent_id = s3
# text = Norwegians cheered.
1\tNorwegians\tB-OTH
2\tcheered\tI-OTH
3\t.\tO

"""


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    conllu = tmp_path / "toy.conllu"
    iob2 = tmp_path / "toy.iob2"
    conllu.write_text(CONLLU, encoding="utf-8")
    iob2.write_text(IOB2, encoding="utf-8")
    return conllu, iob2


def test_corpus_reads_words_not_multiword_tokens(files: tuple[Path, Path]) -> None:
    first, second, _ = read_conllu(files[0])
    assert first.words == ["Envoys", "did", "n't", "meet", "al", "-", "Rami", "."]
    # "didn't" is one surface token: no space inside it, the space after it comes from the range line.
    assert first.spaces[:4] == [True, False, True, True]
    assert second.words == ["Talks", "resumed", "in", "Oslo", "."], "empty nodes are skipped"


def test_corpus_multiword_spacing_does_not_leak_into_next_sentence(files: tuple[Path, Path]) -> None:
    _, second, _ = read_conllu(files[0])
    assert second.spaces[:3] == [True, True, True]


def test_corpus_merges_entities_by_id_or_text_and_drops_oth(files: tuple[Path, Path]) -> None:
    sentences = list(attach_entities(read_conllu(files[0]), read_iob2(files[1])))
    assert sentences[0].ents == ["O", "O", "O", "O", "B-PER", "I-PER", "I-PER", "O"]
    assert sentences[1].ents == ["O", "O", "O", "B-LOC", "O"], "matched by text when ids differ"
    assert sentences[2].ents == ["O", "O", "O"], "OTH is not a shipped label"


def test_corpus_groups_never_cross_a_new_document(files: tuple[Path, Path]) -> None:
    groups = list(group_sentences(read_conllu(files[0]), size=10))
    assert [[s.sent_id for s in group] for group in groups] == [["s1", "s2"], ["s3"]]


def test_corpus_doc_carries_heads_sentences_and_entities(files: tuple[Path, Path]) -> None:
    sentences = list(attach_entities(read_conllu(files[0]), read_iob2(files[1])))
    doc = sentences_to_doc(spacy.blank("en").vocab, sentences[:2])
    assert doc.text == "Envoys didn't meet al-Rami. Talks resumed in Oslo. "
    assert [sent.text for sent in doc.sents] == ["Envoys didn't meet al-Rami.", "Talks resumed in Oslo."]
    assert doc[0].head.text == "meet" and doc[3].dep_ == "ROOT" and doc[9].head.i == 9
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("al-Rami", "PER"), ("Oslo", "LOC")]
    assert doc[1].lemma_ == "do" and doc[0].tag_ == "NNS" and doc[0].pos_ == "NOUN"


def test_corpus_convert_writes_a_docbin(files: tuple[Path, Path], tmp_path: Path) -> None:
    output = tmp_path / "out" / "toy.spacy"
    assert convert_ud(files[0], files[1], output) == 2
    docs = list(DocBin().from_disk(output).get_docs(spacy.blank("en").vocab))
    assert sum(len(doc) for doc in docs) == 16


def test_corpus_convert_missing_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nowhere\.conllu"):
        convert_ud(tmp_path / "nowhere.conllu", None, tmp_path / "x.spacy")
