"""Actor and event coding: who did what to whom, in CAMEO/PLOVER terms.

The actor dictionary and its matcher (`dictionary`, `actors`), the CAMEO verb table and our own
triggers (`verbs`, `triggers`), the dependency-parse roles (`syntax`), the event coder (`events`),
the quad-class model (`quad`) and the PETRARCH file readers (`petrarch_format`). It exports the
`actors` and `events` stages (`stages.actor_stage`, `stages.event_stage`). It may import the core
(`model`, `errors`, `pipeline`, `serialize`) and `language`; never `geo` or `provenance` (its peers)
nor anything above them (tests/test_layers.py, docs/architecture.md).
"""
