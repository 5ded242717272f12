"""Rerunnable evaluations: PETRARCH unit tests, ConfliBERT quad classes, geo, synthetic streams, fusion."""
