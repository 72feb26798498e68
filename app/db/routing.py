"""Which pool a request uses — decided here and nowhere else.

Anonymous reads use the serving pool (`app.state.pool`; issue 14 may point it at replicas).
Writes, and everything done for a signed-in user (whose next read must see their own write),
use the write pool on the primary, connected as the narrowly granted writer role
(`DatabaseSettings.write_url`, falling back to the serving URL)."""

from __future__ import annotations

import asyncpg
from starlette.datastructures import State


def pool_for(state: State, *, write: bool = False, authenticated: bool = False) -> asyncpg.Pool:
    if write or authenticated:
        return state.write_pool
    return state.pool
