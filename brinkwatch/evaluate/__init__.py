"""Evaluations against public test sets: PETRARCH unit tests, ConfliBERT quad classes."""
