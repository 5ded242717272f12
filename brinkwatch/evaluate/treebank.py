"""Penn Treebank constituency parses -> spaCy Docs with Universal Dependencies-style arcs.

PETRARCH's unit-test records carry a hand-checked Penn Treebank parse of each sentence; PETRARCH2
itself codes from that parse. Converting it with head rules lets the evaluation run without our
trained model and compare coders on the same syntax. The labels are the UD ones our own parser
produces (nsubj, nsubj:pass, obj, obl, obl:agent, nmod, nmod:poss, compound, amod, conj, xcomp,
ccomp, advcl, acl:relcl, appos, aux, case, mark, det, nummod), close enough for actor and event
coding; this is not a full UD converter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Node", "parse_tree", "tree_to_doc"]

_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "get", "got", "gets"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "TO"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD", "NP", "NML", "QP", "EX", "DT", "PRP$"})
_PUNCT = frozenset({",", ".", ":", "``", "''", "-LRB-", "-RRB-", "#", "$", "HYPH"})
_POS = {"N": "NOUN", "V": "VERB", "J": "ADJ", "R": "ADV", "I": "ADP", "D": "DET", "C": "CCONJ", "M": "AUX"}


@dataclass(slots=True)
class Node:
    label: str
    children: list[Node] = field(default_factory=list)
    word: str | None = None
    index: int = -1  # token index for leaves

    @property
    def is_leaf(self) -> bool:
        return self.word is not None


def parse_tree(text: str) -> Node:
    """An s-expression `(ROOT (S (NP (NNP Arnor)) ...))` into Nodes; leaves numbered left to right."""
    tokens = re.findall(r"\(|\)|[^\s()]+", text)
    if tokens.count("(") != tokens.count(")"):
        raise ValueError("unbalanced parse: the brackets do not match")
    position = 0
    counter = [0]

    def read() -> Node:
        nonlocal position
        position += 1  # "("
        label = tokens[position]
        position += 1
        node = Node(label)
        while tokens[position] != ")":
            if tokens[position] == "(":
                node.children.append(read())
            else:
                node.word = tokens[position]
                node.index = counter[0]
                counter[0] += 1
                position += 1
        position += 1  # ")"
        return node

    return read()


def _leaves(node: Node) -> list[Node]:
    if node.is_leaf:
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


class _Converter:
    def __init__(self, root: Node) -> None:
        self.leaves = _leaves(root)
        self.heads = [i for i in range(len(self.leaves))]
        self.deps = ["dep"] * len(self.leaves)
        top = self.head_of(root)
        self.heads[top] = top
        self.deps[top] = "ROOT"

    def attach(self, child: int, head: int, label: str) -> None:
        self.heads[child] = head
        self.deps[child] = label

    def head_of(self, node: Node) -> int:
        if node.is_leaf:
            return node.index
        kids = [c for c in node.children if c.label != "-NONE-"]
        if len(kids) == 1:
            return self.head_of(kids[0])
        label = node.label.split("-")[0]
        head_child = self._head_child(label, kids)
        head = self.head_of(head_child)
        if self._is_coordination(kids, head_child):
            self._coordinate(kids, head_child, head)
            return head
        seen_head = False
        for kid in kids:
            if kid is head_child:
                seen_head = True
                continue
            self.attach(self.head_of(kid), head, self._label(label, kid, head_child, seen_head, kids))
        return head

    @staticmethod
    def _is_coordination(kids: list[Node], head_child: Node) -> bool:
        labels = [k.label for k in kids]
        return "CC" in labels and sum(k.label == head_child.label for k in kids) >= 2

    def _coordinate(self, kids: list[Node], head_child: Node, head: int) -> None:
        for kid in kids:
            if kid is head_child:
                continue
            kid_head = self.head_of(kid)
            if kid.label == head_child.label:
                self.attach(kid_head, head, "conj")
            elif kid.label == "CC":
                self.attach(kid_head, head, "cc")
            elif kid.label in _PUNCT:
                self.attach(kid_head, head, "punct")
            else:
                self.attach(kid_head, head, "dep")

    @staticmethod
    def _head_child(label: str, kids: list[Node]) -> Node:
        def first(labels: tuple[str, ...], nodes: list[Node] = kids) -> Node | None:
            return next((k for k in nodes if k.label.split("-")[0] in labels), None)

        def last(labels: tuple[str, ...]) -> Node | None:
            return next((k for k in reversed(kids) if k.label.split("-")[0] in labels), None)

        if label in ("S", "SINV", "SQ", "ROOT"):
            return first(("VP",)) or first(("S", "SINV")) or first(("NP", "ADJP")) or kids[0]
        if label == "VP":
            return first(("VP",)) or first(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")) or kids[0]
        if label == "SBAR":
            return first(("S", "SQ", "SINV", "SBAR")) or kids[-1]
        if label == "PP":
            return first(("NP", "S", "SBAR", "ADJP", "ADVP")) or kids[0]
        if label in ("NP", "NX", "NML", "NAC", "WHNP"):
            possessor = bool(kids[0].children) and kids[0].children[-1].label == "POS"
            if kids[0].label == "NP" and not possessor and not (len(kids) > 1 and kids[1].label == "POS"):
                return kids[0]
            return last(("NN", "NNS", "NNP", "NNPS", "NML", "NX", "PRP", "CD", "QP", "JJ", "NP")) or kids[-1]
        if label in ("ADJP", "WHADJP"):
            return last(("JJ", "JJR", "JJS", "ADJP", "VBN")) or kids[-1]
        if label in ("ADVP", "WHADVP"):
            return last(("RB", "RBR", "RBS", "ADVP")) or kids[-1]
        return kids[0]

    def _label(self, parent: str, kid: Node, head_child: Node, after_head: bool, kids: list[Node]) -> str:
        tag = kid.label.split("-")[0]
        if tag in _PUNCT:
            return "punct"
        if tag == "CC":
            return "cc"
        if parent in ("S", "SINV", "SQ", "ROOT"):
            if tag == "NP" and not after_head:
                return "nsubj"
            if tag in ("S", "SBAR"):
                return "advcl" if not after_head else "ccomp"
            if tag == "PP":
                return "obl"
            if tag == "VP":
                return "parataxis"
            return "advmod" if tag in ("ADVP", "RB") else "dep"
        if parent == "VP":
            if tag in _VERB_TAGS:
                return "aux"
            if tag == "NP":
                return "obj" if after_head else "nsubj"
            if tag == "PP":
                return "obl"
            if tag == "PRT":
                return "compound:prt"
            if tag == "S":
                subject = any(k.label.startswith("NP") for k in kid.children)
                return "ccomp" if subject else "xcomp"
            if tag == "SBAR":
                mark = kid.children[0].word if kid.children and kid.children[0].is_leaf else None
                return "ccomp" if (mark or "that").lower() in ("that", "whether", "if") else "advcl"
            if tag in ("ADJP",):
                return "xcomp"
            return "advmod" if tag in ("ADVP", "RB") else "dep"
        if parent in ("NP", "NX", "NML", "NAC", "WHNP"):
            if tag == "POS":
                return "case"
            if tag == "NP":
                ends_pos = bool(kid.children) and kid.children[-1].label == "POS"
                if ends_pos:
                    return "nmod:poss"
                return "appos" if after_head else "compound"
            if tag in ("DT", "WDT", "PDT"):
                return "det"
            if tag == "PRP$":
                return "nmod:poss"
            if tag in ("JJ", "JJR", "JJS", "ADJP", "VBN", "VBG"):
                return "amod"
            if tag in ("CD", "QP"):
                return "nummod"
            if tag in ("NN", "NNS", "NNP", "NNPS", "NML", "FW"):
                return "compound"
            if tag == "PP":
                return "nmod"
            if tag in ("SBAR", "RRC"):
                return "acl:relcl"
            if tag == "VP":
                return "acl"
            return "dep"
        if parent in ("PP", "WHPP"):
            return "case" if tag in ("IN", "TO", "RP") else "mark" if tag == "SBAR" else "dep"
        if parent == "SBAR":
            return "mark"
        if parent in ("ADJP", "ADVP"):
            return "advmod" if tag in ("RB", "ADVP") else "obl" if tag == "PP" else "dep"
        return "dep"

    def fix_passives(self) -> None:
        words = [leaf.word or "" for leaf in self.leaves]
        for verb, leaf in enumerate(self.leaves):
            if leaf.label != "VBN":
                continue
            children = [i for i, h in enumerate(self.heads) if h == verb and i != verb]
            if not any(self.deps[i] == "aux" and words[i].lower() in _BE for i in children):
                continue
            for child in children:
                if self.deps[child] == "nsubj":
                    self.deps[child] = "nsubj:pass"
                elif self.deps[child] == "obl" and self._case(child) == "by":
                    self.deps[child] = "obl:agent"

    def _case(self, token: int) -> str:
        for i, head in enumerate(self.heads):
            if head == token and self.deps[i] == "case":
                return (self.leaves[i].word or "").lower()
        return ""


def tree_to_doc(vocab: Any, parse: str) -> Any:
    """A spaCy Doc for a Penn Treebank parse string, with tags, POS and UD-style arcs."""
    from spacy.tokens import Doc

    root = parse_tree(parse)
    converter = _Converter(root)
    converter.fix_passives()
    leaves = converter.leaves
    words = [_unescape(leaf.word or "") for leaf in leaves]
    tags = [leaf.label for leaf in leaves]
    spaces = [
        not (i + 1 < len(words) and (words[i + 1] in {",", ".", "'s", "'", ":", "n't"})) for i in range(len(words))
    ]
    pos = [
        _POS.get(tag[0], "PROPN" if tag.startswith("NNP") else "X") if tag not in _PUNCT else "PUNCT" for tag in tags
    ]
    pos = [
        "PROPN" if tag.startswith("NNP") else "PRON" if tag.startswith("PRP") else "NUM" if tag == "CD" else p
        for tag, p in zip(tags, pos, strict=True)
    ]
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, heads=converter.heads, deps=converter.deps)


def _unescape(word: str) -> str:
    return {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}.get(word, word)
