"""FastAPI dependencies: `Depends(require_role("editor"))` yields the signed-in Principal or
answers 401 (no or bad token) / 403 (a role that does not allow it).

No `from __future__ import annotations`: FastAPI must see the dependency annotations."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from app.auth import store
from app.auth.principal import ROLES, Principal, role_allows
from app.db.routing import pool_for
from app.errors import Forbidden, Unauthorized
from app.messages import msg

ROLE_NAMES = {"editor": {"en": "editor", "zh": "编辑"}, "admin": {"en": "admin", "zh": "管理员"}}

TOKEN_URL = "/api/auth/token"

# Declares the OAuth2 password flow in the OpenAPI document; auto_error=False so that a missing
# token is our own problem+json 401, not FastAPI's.
bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


async def optional_principal(
    request: Request, token: Annotated[str | None, Depends(bearer)]
) -> Principal | None:
    """The signed-in user, None when anonymous; a token that is not (or no longer) valid is 401."""
    if not token:
        return None
    principal = await store.principal_for_token(pool_for(request, authenticated=True), token)
    if principal is None:
        raise Unauthorized(msg("auth.token_invalid"))
    request.state.principal = principal
    return principal


def require_role(role: str):
    """A dependency that lets through users whose role includes `role` (editor ⊂ admin)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    async def dependency(
        principal: Annotated[Principal | None, Depends(optional_principal)],
    ) -> Principal:
        if principal is None:
            raise Unauthorized(msg("auth.sign_in_first"))
        if not role_allows(principal.role, role):
            raise Forbidden(
                msg("auth.role_needed", role=ROLE_NAMES.get(role, role), user=principal.username,
                    has=ROLE_NAMES.get(principal.role, principal.role))
            )  # fmt: skip
        return principal

    dependency.required_role = role  # read by the test that enumerates guarded routes
    return dependency
