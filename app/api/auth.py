"""Sign-in (OAuth2 password flow), sign-out and "who am I".

No `from __future__ import annotations`: FastAPI must see the annotations."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import Principal, require_role, store
from app.auth.dependencies import bearer
from app.db.routing import pool_for
from app.errors import ProblemError, TooManyRequests, Unauthorized
from app.messages import msg

router = APIRouter(prefix="/api/auth", tags=["accounts"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class InvalidGrant(ProblemError):
    # RFC 6749 §5.2 answers a wrong password with 400 invalid_grant.
    status = 400
    title = "Sign-in failed"


@router.post("/token", summary="Sign in: a short-lived bearer token for a user name and password")
async def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> JSONResponse:
    settings = request.app.state.auth_settings
    client = request.client.host if request.client else "unknown"
    result = await store.login(
        pool_for(request, write=True),
        form.username,
        form.password,
        client,
        window_seconds=settings.login_window_seconds,
        max_failures=settings.login_max_failures,
        max_failures_per_client=settings.login_max_failures_per_client,
        ttl_minutes=settings.token_ttl_minutes,
    )
    if result.rate_limited:
        raise TooManyRequests(
            msg("auth.rate_limited"),
            "username",
            headers={"Retry-After": str(settings.login_window_seconds), **NO_STORE},
        )
    if result.principal is None:
        raise InvalidGrant(
            msg("auth.bad_login"),
            "password",
            headers=NO_STORE,
            error="invalid_grant",
        )
    body = {
        "access_token": result.token,
        "token_type": "bearer",
        "expires_in": settings.token_ttl_minutes * 60,
        "expires_at": result.expires_at.isoformat(),
        "username": result.principal.username,
        "role": result.principal.role,
    }
    return JSONResponse(body, headers=NO_STORE)


@router.post("/logout", status_code=204, summary="Sign out: revoke the token of this request")
async def logout(
    request: Request,
    principal: Annotated[Principal, Depends(require_role("editor"))],
    token: Annotated[str | None, Depends(bearer)],
) -> None:
    if not token or not await store.revoke(pool_for(request, write=True), token):
        raise Unauthorized(msg("auth.logout_invalid"))


@router.get("/me", summary="The signed-in user")
async def me(principal: Annotated[Principal, Depends(require_role("editor"))]) -> dict:
    return {"username": principal.username, "role": principal.role}
