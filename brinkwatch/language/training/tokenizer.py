"""News tokenizer rules, matched to the UD English EWT conventions the model is trained on.

spaCy's English tokenizer already keeps ``U.S.``, splits possessives (``Iraq's`` and the curly
``Iraq’s``) and separates curly quotes. Two EWT conventions differ from its defaults:

* a hyphen after a bound prefix stays inside the word (``e-mail``, ``ex-minister``,
  ``anti-war``, ``non-state``), while every other letter-hyphen-letter word is split into three
  tokens. Arabic names therefore split consistently, as EWT and UNER annotate them:
  ``al-Muhandis`` -> ``al`` ``-`` ``Muhandis``, with the entity span covering all three.
* a hyphen after an abbreviation's full stop splits: ``U.S.-led`` -> ``U.S.`` ``-`` ``led``.
* runs of ``!`` and ``?`` are one token (``!!!``, ``?!``).

The prefix list is derived from EWT train+dev: prefixes seen unsplit at least twice there.
The rules are written into the tokenizer itself, so the shipped pipeline loads with plain spaCy.
"""

from __future__ import annotations

from typing import Any

from spacy.lang.char_classes import ALPHA, ALPHA_UPPER, HYPHENS
from spacy.util import compile_infix_regex, compile_suffix_regex

__all__ = ["BOUND_PREFIXES", "customize_tokenizer", "news_infixes"]

BOUND_PREFIXES = (
    "e",
    "ex",
    "co",
    "re",
    "pre",
    "pro",
    "non",
    "mid",
    "sub",
    "neo",
    "anti",
    "post",
    "over",
    "semi",
    "vice",
    "multi",
    "cross",
    "micro",
    "intra",
    "socio",
    "counter",
)


def _not_after_prefix() -> str:
    # Python's `re` needs fixed-width look-behinds, so each prefix (and its capitalised form)
    # gets its own. `\b` keeps the guard to whole prefixes: "some-" still splits, "e-" does not.
    guards = []
    for prefix in BOUND_PREFIXES:
        for form in {prefix, prefix.capitalize(), prefix.upper()}:
            guards.append(rf"(?<!\b{form})")
    return "".join(guards)


# spaCy's own letter-hyphen-letter infix (spacy/lang/punctuation.py), which is replaced.
_SPACY_HYPHEN_INFIX = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA}])"


def news_infixes(defaults: list[str]) -> list[str]:
    """spaCy's English infixes with the hyphen rule guarded by the bound prefixes."""
    if _SPACY_HYPHEN_INFIX not in defaults:
        raise RuntimeError("spaCy's hyphen infix rule changed; update brinkwatch.language.training.tokenizer")
    guarded = _not_after_prefix() + _SPACY_HYPHEN_INFIX
    after_abbreviation = rf"(?<=[{ALPHA_UPPER}]\.)(?:{HYPHENS})(?=[{ALPHA}])"
    return [guarded if rule == _SPACY_HYPHEN_INFIX else rule for rule in defaults] + [after_abbreviation]


def customize_tokenizer(nlp: Any) -> Any:
    """Apply the news rules to ``nlp.tokenizer`` in place and return ``nlp``."""
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(news_infixes(list(nlp.Defaults.infixes))).finditer
    # A run of "!"/"?" starts earlier than a single final "!", and the leftmost match wins.
    suffixes = [r"[!?][!?]+", *nlp.Defaults.suffixes]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp
