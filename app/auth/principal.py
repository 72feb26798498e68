"""Who is asking, and what their role allows."""

from __future__ import annotations

from dataclasses import dataclass

# Each role includes the ones before it: an admin may do everything an editor may.
ROLES = ("editor", "admin")


def role_allows(role: str, required: str) -> bool:
    return ROLES.index(role) >= ROLES.index(required)


@dataclass(frozen=True)
class Principal:
    username: str
    role: str
