"""Rerunnable evaluations: synthetic streams with planted escalations, the fusion set."""
