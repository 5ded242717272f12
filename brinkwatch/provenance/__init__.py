"""Provenance: who says an event happened, through whom, and how sure they are.

Cited outlets and agencies (`outlets`), speaker phrases as actor mentions (`speakers`), reporting
frames (`frames`), quotes (`quotes`), the certainty of each event (`certainty`, and the one order of
certainty labels that every filter ranks by, `certainty_order`), the perpetrator status
(`perpetrator`), the claim each event carries (`attribution`) and the plain-text lines
`brinkwatch extract --format text` prints (`text`). It exports the `quotes` and `attribution` stages
(`quotes.quote_stage`, `attribution.attribution_stage`). It may import the core (`model`, `errors`,
`pipeline`, `serialize`) and `language`; never `coding` or `geo` (its peers) nor anything above them
(tests/test_layers.py, docs/architecture.md).
"""
