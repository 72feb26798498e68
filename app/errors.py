"""One map from exceptions to HTTP status, registered once; every error is RFC 7807
problem+json that names what was wrong, and never carries a stack trace."""

from __future__ import annotations

import logging

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class ProblemError(Exception):
    """Base of the app's own errors. `parameter` names the offending input, if any."""

    status = 400
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        parameter: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: object,
    ):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter
        self.headers = headers or {}
        # More members of the problem document (e.g. a validation report's rows).
        self.extra = extra


class InvalidParameter(ProblemError):
    status = 400
    title = "Invalid parameter"


class UnprocessableParameter(ProblemError):
    """A well-formed parameter whose value cannot be used (an unknown district, a malformed
    point): 422, the status FastAPI gives its own validation errors, so a client sees one status
    for every bad parameter."""

    status = 422
    title = "Invalid parameter"


class NotFound(ProblemError):
    status = 404
    title = "Not found"


class NotAcceptable(ProblemError):
    status = 406
    title = "Not acceptable"


class Unauthorized(ProblemError):
    """No valid credentials (issue 12): 401 with a Bearer challenge."""

    status = 401
    title = "Not signed in"

    def __init__(self, detail: str, **kwargs):
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class Forbidden(ProblemError):
    status = 403
    title = "Forbidden"


class Conflict(ProblemError):
    status = 409
    title = "Conflict"


class PreconditionFailed(ProblemError):
    """If-Match did not match: someone changed the record since the client read it."""

    status = 412
    title = "Precondition failed"


class PayloadTooLarge(ProblemError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(ProblemError):
    status = 415
    title = "Unsupported media type"


class TooManyRequests(ProblemError):
    status = 429
    title = "Too many requests"


class DatabaseUnavailable(ProblemError):
    status = 503
    title = "Database unavailable"


def problem(
    status: int, title: str, detail: str, parameter: str | None = None, **extra
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if parameter:
        body["parameter"] = parameter
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _problem_error(request: Request, exc: ProblemError) -> JSONResponse:
    response = problem(exc.status, exc.title, exc.detail, exc.parameter, **exc.extra)
    response.headers.update(exc.headers)
    return response


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")]
    parameter = ".".join(loc) or None
    detail = f"{parameter}: {first.get('msg', 'invalid value')}" if parameter else "invalid request"
    invalid = [
        {"parameter": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]} for e in errors
    ]
    return problem(422, "Invalid parameter", detail, parameter, invalid_params=invalid)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    titles = {404: "Not found", 405: "Method not allowed", 406: "Not acceptable"}
    return problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database error: %s", exc)
    return problem(503, "Database unavailable", "The database cannot be reached; try again later.")


async def _query_cancelled(request: Request, exc: Exception) -> JSONResponse:
    log.warning("query cancelled on %s: %s", request.url.path, exc)
    return problem(503, "Query too slow", "The query took too long and was cancelled; narrow it.")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s", request.url.path)
    return problem(500, "Internal server error", "An unexpected error occurred.")


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for exc in (OSError, asyncpg.CannotConnectNowError, asyncpg.InterfaceError):
        app.add_exception_handler(exc, _database_down)
    app.add_exception_handler(asyncpg.QueryCanceledError, _query_cancelled)
    app.add_exception_handler(Exception, _unexpected)
