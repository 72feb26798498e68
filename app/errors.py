"""One map from exceptions to HTTP status, registered once; every error is RFC 7807
problem+json that names what was wrong, and never carries a stack trace or the database's own
words. What went wrong inside is logged with the request's id, and the client gets that id."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.messages import MESSAGES, Message, language_of, msg, render
from app.messages.validation import validation_problem

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Where the request id lives in the ASGI scope (set by app.http.envelope).
REQUEST_ID = "im.request_id"


class ProblemError(Exception):
    """Base of the app's own errors. `parameter` names the offending input, if any."""

    status = 400
    title = "Bad request"
    retry_after: int | None = None

    def __init__(
        self,
        detail: str | Message,
        parameter: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: object,
    ):
        # A Message is told in the reader's language (app/messages); a plain text is English
        # only, and a Chinese reader gets the generic words of its status instead.
        self.message = detail if isinstance(detail, Message) else None
        detail = render(detail) if isinstance(detail, Message) else detail
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
    retry_after = 1


class DatabaseUnavailable(ProblemError):
    status = 503
    title = "Database unavailable"
    retry_after = 5


class PoolBusy(ProblemError):
    """Every pooled connection stayed in use for the whole acquire timeout: the database is
    up but this process has no connection to spare (app.db.pool)."""

    status = 503
    title = "Server busy"
    retry_after = 1


@dataclass(frozen=True)
class Fault:
    """A failure that is nobody's bad input: how it is answered."""

    exceptions: tuple[type[BaseException], ...]
    status: int
    title: str
    detail: str
    retry_after: int | None
    code: str  # its message in app/messages (the Chinese words)


# Checked in order; the first match answers. A database that is shut down, crashing,
# restarting, refusing connections or out of connections, a connection that died mid-query,
# a closed pool: all "unavailable, try again", never a 500.
FAULTS: tuple[Fault, ...] = (
    Fault(
        # Values the database or the driver refuses (a NUL byte, a number past int64): the
        # client's input, answered without the database's words.
        (asyncpg.DataError, asyncpg.exceptions._base.DataError),
        400,
        "Invalid parameter",
        "A value in the request cannot be used (out of range, wrong type or a bad character).",
        None,
        "fault.data",
    ),
    Fault(
        (asyncpg.QueryCanceledError,),
        503,
        "Query too slow",
        "The query took too long and was cancelled; narrow it.",
        10,
        "fault.slow",
    ),
    Fault(
        # 40xxx (deadlock, serialization failure) and 55P03: transient; the same request
        # succeeds when retried.
        (asyncpg.exceptions.TransactionRollbackError, asyncpg.exceptions.LockNotAvailableError),
        503,
        "Database busy",
        "The database was busy with a conflicting change; try again.",
        1,
        "fault.busy",
    ),
    Fault(
        (
            OSError,  # refused, reset, unreachable, and TimeoutError while connecting
            asyncpg.PostgresConnectionError,  # 08xxx, ConnectionDoesNotExistError
            asyncpg.exceptions.OperatorInterventionError,  # 57P0x: admin/crash shutdown
            asyncpg.exceptions.InsufficientResourcesError,  # 53xxx: too many connections
            asyncpg.exceptions.InvalidAuthorizationSpecificationError,  # 28xxx
            asyncpg.exceptions.InvalidCatalogNameError,  # the database is gone
            asyncpg.InternalClientError,
            asyncpg.InterfaceError,  # pool closed/closing, connection closed
        ),
        503,
        "Database unavailable",
        "The database cannot be reached; try again later.",
        5,
        "fault.database",
    ),
)

# SQLSTATEs of data errors a client's own values cause, and what to tell it instead of the
# database's message (which may quote internals).
DATA_ERRORS = {
    "22012": "division by zero",
    "22003": "a number is out of range",
    "22P02": "a value has the wrong type",
    "22021": "a value contains a character that is not allowed",
    "22023": "a value is not valid here",
    "2201B": "an invalid regular expression",
    "22025": "an invalid escape in a LIKE pattern",
}


def data_error_message(exc: asyncpg.PostgresError) -> str:
    return DATA_ERRORS.get(getattr(exc, "sqlstate", ""), "a value the database cannot use")


def request_id(request: Request) -> str | None:
    return request.scope.get(REQUEST_ID)


def reader_language(request: Request) -> str:
    """The language of the reader (Accept-Language: zh when it prefers zh, else en)."""
    return language_of(request.headers.get("accept-language"))


def message_of(exc: ProblemError) -> Message:
    """What to tell of a refusal: its own message, or its English text with the generic Chinese
    words of its status."""
    if exc.message is not None:
        return exc.message
    return msg(
        "http.text", detail={"en": exc.detail, "zh": render(msg(_generic(exc.status)), "zh")}
    )


def _generic(status: int) -> str:
    return f"http.{status}" if f"http.{status}" in MESSAGES else "http.error"


def localized(lang: str, status: int, detail: str, message: Message | None = None) -> dict:
    """The members that say what went wrong: `code`, and `detail` in the reader's language."""
    if message is not None:
        return {"code": message.code, "detail": render(message, lang)}
    code = _generic(status)
    return {"code": code, "detail": detail if lang == "en" else render(msg(code), lang)}


def problem(
    status: int,
    title: str,
    detail: str,
    parameter: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    **extra,
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if parameter:
        body["parameter"] = parameter
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _retry(seconds: int | None) -> dict[str, str] | None:
    return {"Retry-After": str(seconds)} if seconds is not None else None


def _told(response: JSONResponse, lang: str) -> JSONResponse:
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    response.headers["Vary"] = "Accept-Language"
    return response


async def _problem_error(request: Request, exc: ProblemError) -> JSONResponse:
    lang = reader_language(request)
    extra = {"request_id": request_id(request)} if exc.status >= 500 else {}
    told = localized(lang, exc.status, exc.detail, exc.message)
    extra = {**extra, **exc.extra, "code": told["code"]}
    response = problem(
        exc.status,
        exc.title,
        told["detail"],
        exc.parameter,
        headers=_retry(exc.retry_after),
        **extra,
    )
    response.headers.update(exc.headers)
    return _told(response, lang)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = reader_language(request)
    told = validation_problem(exc.errors(), lang)
    return _told(problem(422, "Invalid parameter", **told), lang)


class MethodNotAllowed(StarletteHTTPException):
    """A 405 whose Allow list the raiser knows better than the route table (a route that
    exists for writable collections only)."""

    def __init__(self, detail: str, allow: list[str]):
        super().__init__(405, detail, headers={"Allow": ", ".join(allow)})


HTTP_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Content too large",
    414: "URI too long",
    429: "Too many requests",
    431: "Request header fields too large",
}


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = dict(exc.headers or {})
    if exc.status_code == 405 and not isinstance(exc, MethodNotAllowed):
        from app.http.routes import allowed_methods

        headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    title = HTTP_TITLES.get(exc.status_code, "Error")
    lang = reader_language(request)
    told = localized(lang, exc.status_code, str(exc.detail))
    response = problem(
        exc.status_code, title, told["detail"], headers=headers or None, code=told["code"]
    )
    return _told(response, lang)


def fault_response(
    request_id: str | None, exc: BaseException, lang: str = "en"
) -> JSONResponse | None:
    """The answer to a fault (database down, query cancelled), or None if `exc` is not one."""
    for fault in FAULTS:
        if isinstance(exc, fault.exceptions):
            extra = {"request_id": request_id} if fault.status >= 500 else {}
            log.warning("[%s] %s: %s: %s", request_id, fault.title, type(exc).__name__, exc)
            detail = fault.detail if lang == "en" else render(msg(fault.code), lang)
            response = problem(
                fault.status,
                fault.title,
                detail,
                headers=_retry(fault.retry_after),
                code=fault.code,
                **extra,
            )
            return _told(response, lang)
    return None


def unexpected_response(
    request_id: str | None, exc: BaseException, lang: str = "en"
) -> JSONResponse:
    """A bug: logged in full under the request id; the client gets the id, nothing else."""
    log.error("[%s] unhandled error", request_id, exc_info=exc)
    told = msg("fault.unexpected", request_id=request_id or "")
    response = problem(
        500,
        "Internal server error",
        render(told, lang),
        request_id=request_id,
        code=told.code,
    )
    return _told(response, lang)


async def _fault(request: Request, exc: Exception) -> JSONResponse:
    lang = reader_language(request)
    return fault_response(request_id(request), exc, lang) or unexpected_response(
        request_id(request), exc, lang
    )


def register_error_handlers(app: FastAPI) -> None:
    """Known errors are answered here; anything else is answered by app.http.envelope (the
    outermost layer, so that a 500 carries the same headers as every other response)."""
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for fault in FAULTS:
        for exc in fault.exceptions:
            app.add_exception_handler(exc, _fault)
