"""Places and dates: where and when each event happened.

The offline GeoNames index (`gazetteer`), place spans in text (`toponyms`), their disambiguation
(`places`), time phrases (`dates`) and the place and time of each event as opposed to those of its
report (`event_location`). It exports the `places`, `event-places` and `event-times` stages
(`places.places_stage`, `event_location.event_places_stage`, `event_location.event_times_stage`). It
may import the core (`model`, `errors`, `pipeline`, `serialize`) and `language`; never `coding` or
`provenance` (its peers) nor anything above them (tests/test_layers.py, docs/architecture.md).
"""
