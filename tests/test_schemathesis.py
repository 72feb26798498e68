"""The OpenAPI document describes what the server really answers: schemathesis, every
operation (from the app's own document, so routes added later are covered), all its checks,
against the live server (real uvicorn, real PostGIS). Deterministic (derandomized) and bounded
(a few examples per operation)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from app.main import create_app

pytestmark = pytest.mark.clients

# Every check is on. Where a parameter's valid values are data (a district named as 璧山区,
# 璧山 or Bishan; park levels as words in either language; a chain, measure or area id; the
# measures a ranking may weigh) the schema cannot enumerate them, so a schema-valid value may
# still be refused as unusable: 422, as documented, for those operations only.
DATA_VALUED = (
    "site-selection",
    "chain-targets",
    "pipeline",
    "actuals/compare",
    "progress",
    "rankings",
)
CONFIG = SchemathesisConfig.from_str(
    f"""
[[operations]]
include-path-regex = "^/api/({"|".join(DATA_VALUED)})"
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "422"]
"""
)

# The document needs no database: an app made here describes the one the live server runs.
schema = schemathesis.openapi.from_dict(
    create_app(url="postgresql://unused@127.0.0.1:1/unused").openapi(), config=CONFIG
)


@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case, live_server):
    case.call_and_validate(base_url=live_server, timeout=30)
