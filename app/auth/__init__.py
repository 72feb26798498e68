"""Accounts and roles (issue 12): `Depends(require_role("editor"))` guards every write."""

from app.auth.dependencies import optional_principal, require_role
from app.auth.principal import ROLES, Principal

__all__ = ["ROLES", "Principal", "optional_principal", "require_role"]
