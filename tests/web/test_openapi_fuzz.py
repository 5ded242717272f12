"""Schemathesis against the OpenAPI spec: every operation, generated inputs, responses checked
against the spec (status codes, content types, schemas) and never a 500. Examples are bounded so
the whole run stays in seconds; `POST /api/extract` is fuzzed with the token on a writable app.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from brinkwatch.api import create_app
from tests.web.conftest import TOKEN, build_repository

# Schemathesis's ASGI client sends Host: testserver; the app answers only the names it is given.
app = create_app(build_repository(), api_token=TOKEN, read_only=False, allowed_hosts=["testserver"])
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_openapi_fuzz_every_operation_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
