"""Schemathesis against the OpenAPI document: no input the schema allows (or nearly
allows) makes the server fail with a 5xx, and every error uses the one JSON shape.

Bounded: a few examples per operation, so the run takes seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from mindmuscle.web.app import create_app

from .conftest import make_settings

_ROOT = Path(tempfile.mkdtemp(prefix="mm-fuzz-"))
app = create_app(make_settings(_ROOT))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"message", "field"}
