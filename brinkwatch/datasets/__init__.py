"""Labelled data sets read from ../shared: where they are, how they split, and the real-news gold standard.

`shared` finds the shared data folder (or says how to point at it), `plv` reads plv-train with its fixed
dev split, and `gold` joins the stored gold annotations (ids and offsets only) with the Wikinews text.
These modules import only the data model and errors: the event coder's training recipe and
`brinkwatch evaluate events` both read them.
"""
