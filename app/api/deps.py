"""Shared FastAPI dependencies."""

from __future__ import annotations

import asyncpg
from fastapi import Request


def get_db(request: Request) -> asyncpg.Pool:
    return request.app.state.pool
