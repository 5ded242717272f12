"""Convert the shared treebanks (UD CoNLL-U, UNER IOB2) into spaCy DocBins.

UD EWT and UNER EWT annotate the same sentences, so the entity tags are merged onto
the UD sentences by ``sent_id``: one joint corpus trains every component at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

# UNER tags entities as PER, ORG, LOC and OTH ("other", e.g. nationalities). PUD, the
# news test set, uses only the first three, so OTH is dropped (mapped to "O") to keep
# the label set of the shipped model identical to what it is scored against.
KEPT_ENTITY_LABELS = frozenset({"PER", "ORG", "LOC"})

# Sentences per training document: the parser learns sentence boundaries only where
# a document holds more than one sentence.
SENTENCES_PER_DOC = 10


@dataclass
class Sentence:
    """One UD sentence in syntactic words, with the entity tags of UNER where known."""

    sent_id: str
    newdoc: bool
    text: str = ""
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0 = root, else 1-based word index
    deprels: list[str] = field(default_factory=list)
    ents: list[str] | None = None  # IOB2 tags or None when UNER lacks the sentence


def _parse_misc(misc: str) -> dict[str, str]:
    if misc == "_":
        return {}
    pairs = (item.split("=", 1) for item in misc.split("|") if "=" in item)
    return {key: value for key, value in pairs}


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Yield the sentences of a CoNLL-U file as syntactic words.

    Multiword-token lines (``19-20 don't``) only carry the spacing of their last word;
    empty nodes (``8.1``) belong to enhanced dependencies and are skipped.
    """
    sentence: Sentence | None = None
    newdoc = False
    mwt_start = mwt_end = 0
    mwt_space = True
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc"):
                newdoc = True
            elif line.startswith("# sent_id"):
                sentence = Sentence(sent_id=line.split("=", 1)[1].strip(), newdoc=newdoc)
                newdoc = False
                mwt_start = mwt_end = 0
            elif line.startswith("# text =") and sentence is not None:
                sentence.text = line.split("=", 1)[1].strip()
            elif not line:
                if sentence is not None and sentence.words:
                    yield sentence
                sentence = None
            elif not line.startswith("#"):
                if sentence is None:
                    raise ValueError(f"{path}: token line before any '# sent_id': {line!r}")
                cols = line.split("\t")
                if len(cols) != 10:
                    raise ValueError(f"{path}: expected 10 columns, got {len(cols)}: {line!r}")
                token_id = cols[0]
                if "." in token_id:
                    continue
                if "-" in token_id:
                    mwt_start, mwt_end = (int(part) for part in token_id.split("-"))
                    mwt_space = _parse_misc(cols[9]).get("SpaceAfter") != "No"
                    continue
                index = int(token_id)
                if mwt_start <= index < mwt_end:
                    space = False
                elif index == mwt_end:
                    space = mwt_space
                else:
                    space = _parse_misc(cols[9]).get("SpaceAfter") != "No"
                sentence.words.append(cols[1])
                sentence.spaces.append(space)
                sentence.lemmas.append(cols[2] if cols[2] != "_" or cols[1] == "_" else "")
                sentence.upos.append(cols[3])
                sentence.xpos.append(cols[4] if cols[4] != "_" else "")
                sentence.feats.append(cols[5] if cols[5] != "_" else "")
                sentence.heads.append(int(cols[6]))
                sentence.deprels.append(cols[7])
    if sentence is not None and sentence.words:
        yield sentence


def read_iob2(path: Path) -> dict[str, list[str]]:
    """Map each sentence of a UNER IOB2 file to its tags, keeping only PER/ORG/LOC.

    Keys are the sent_id and also ``"text:" + sentence text``, because UNER PUD numbers
    its sentences differently from UD PUD.
    """
    tags_by_id: dict[str, list[str]] = {}
    sent_id: str | None = None
    text = ""
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
                text = ""
                tags = []
            elif line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif not line:
                if sent_id is not None:
                    tags_by_id[sent_id] = tags
                    if text:
                        tags_by_id["text:" + text] = tags
                sent_id = None
            elif not line.startswith("#"):
                cols = line.split("\t")
                tags.append(_keep_label(cols[2] if len(cols) > 2 else "O"))
    if sent_id is not None:
        tags_by_id[sent_id] = tags
        if text:
            tags_by_id["text:" + text] = tags
    return tags_by_id


def _keep_label(tag: str) -> str:
    if tag == "O" or tag[2:] not in KEPT_ENTITY_LABELS:
        return "O"
    return tag


def attach_entities(sentences: Iterable[Sentence], tags_by_id: dict[str, list[str]]) -> Iterator[Sentence]:
    """Give each sentence its UNER tags; a sentence UNER lacks (or tokenises differently) keeps none."""
    for sentence in sentences:
        tags = tags_by_id.get(sentence.sent_id) or tags_by_id.get("text:" + sentence.text)
        if tags is not None and len(tags) == len(sentence.words):
            sentence.ents = _repair_iob(tags)
        yield sentence


def _repair_iob(tags: list[str]) -> list[str]:
    # Dropping OTH can leave an I- tag after O; spaCy rejects that, so it becomes B-.
    repaired: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        repaired.append(tag)
        previous = tag
    return repaired


def group_sentences(sentences: Iterable[Sentence], size: int = SENTENCES_PER_DOC) -> Iterator[list[Sentence]]:
    """Group consecutive sentences into documents of at most ``size``, never across a newdoc."""
    group: list[Sentence] = []
    for sentence in sentences:
        if group and (sentence.newdoc or len(group) >= size):
            yield group
            group = []
        group.append(sentence)
    if group:
        yield group


def sentences_to_doc(vocab: Vocab, sentences: list[Sentence]) -> Doc:
    """Build one annotated Doc from consecutive sentences."""
    words: list[str] = []
    spaces: list[bool] = []
    lemmas: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    morphs: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool | int | None] = []
    # Sentences without UNER tags are marked missing (""), not "O", so they teach nothing.
    ents: list[str] | None = [] if any(s.ents is not None for s in sentences) else None
    for sentence in sentences:
        offset = len(words)
        words.extend(sentence.words)
        spaces.extend(sentence.spaces)
        # A sentence ends with a space so that documents read as running text.
        spaces[-1] = True
        lemmas.extend(sentence.lemmas)
        pos.extend(sentence.upos)
        tags.extend(sentence.xpos)
        morphs.extend(sentence.feats)
        for index, head in enumerate(sentence.heads):
            heads.append(offset + (head - 1 if head else index))
        deps.extend("ROOT" if rel == "root" else rel for rel in sentence.deprels)
        sent_starts.extend([True] + [False] * (len(sentence.words) - 1))
        if ents is not None:
            ents.extend(sentence.ents if sentence.ents is not None else [""] * len(sentence.words))
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        tags=tags,
        morphs=morphs,
        heads=heads,
        deps=deps,
        sent_starts=sent_starts,
        ents=ents,
    )


def convert_ud(conllu: Path, iob2: Path | None, output: Path, size: int = SENTENCES_PER_DOC) -> int:
    """Write a DocBin of UD sentences (with UNER entities if ``iob2`` is given); return the doc count."""
    if not conllu.is_file():
        raise FileNotFoundError(f"UD file not found: {conllu} (is --shared pointing at ../shared?)")
    sentences: Iterable[Sentence] = read_conllu(conllu)
    if iob2 is not None:
        if not iob2.is_file():
            raise FileNotFoundError(f"UNER file not found: {iob2}")
        sentences = attach_entities(sentences, read_iob2(iob2))
    vocab = Vocab()
    docbin = DocBin(store_user_data=False)
    count = 0
    for group in group_sentences(sentences, size):
        docbin.add(sentences_to_doc(vocab, group))
        count += 1
    output.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(output)
    return count
