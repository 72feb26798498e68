"""The envelope's watch for a client hanging up (app.http.envelope), at the ASGI level: a slow
GET is cancelled when its client leaves, a fast one costs no task, a handler asking
`receive` itself learns of the hang-up, and a cancellation that is not the envelope's own (a
server shutting down) goes on. Through uvicorn and PostgreSQL: tests/test_limits.py."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.http import envelope
from app.http.envelope import Envelope
from tests.conftest import run_async


def scope(method: str = "GET") -> dict:
    return {
        "type": "http",
        "method": method,
        "path": "/x",
        "headers": [],
        "query_string": b"",
    }


class Client:
    """uvicorn's side: the body, then `http.disconnect` when the client leaves or the
    response is complete."""

    def __init__(self, leaves_after: float | None = None):
        self.gone = asyncio.Event()
        self.messages: list[dict] = []
        self.read = False
        if leaves_after is not None:
            asyncio.get_running_loop().call_later(leaves_after, self.gone.set)

    async def receive(self) -> dict:
        if not self.read:
            self.read = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict) -> None:
        self.messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            self.gone.set()


async def ok(send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def wrapped(app) -> Envelope:
    return Envelope(app, headers=lambda: [])


def test_a_slow_get_is_cancelled_when_its_client_leaves():
    async def scenario():
        seen = []

        async def slow(scope, receive, send):
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                seen.append("cancelled")
                raise

        client = Client(leaves_after=0.1)
        started = time.monotonic()
        await wrapped(slow)(scope(), client.receive, client.send)  # returns, does not raise
        return seen, time.monotonic() - started, client.messages

    seen, elapsed, messages = run_async(scenario())
    assert seen == ["cancelled"]
    assert elapsed < 0.1 + envelope.WATCH_AFTER + 1
    assert messages == []  # nobody to answer


def test_a_fast_get_starts_no_watcher_task():
    async def scenario():
        tasks = []

        async def fast(scope, receive, send):
            tasks.append(len(asyncio.all_tasks()))
            await ok(send)

        before = len(asyncio.all_tasks())
        client = Client()
        await wrapped(fast)(scope(), client.receive, client.send)
        await asyncio.sleep(envelope.WATCH_AFTER * 2)  # the timer, had it been left, fires
        return before, tasks, len(asyncio.all_tasks()), client.messages

    before, during, after, messages = run_async(scenario())
    assert during == [before] and after == before
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]


def test_a_slow_get_whose_client_stays_is_answered():
    async def scenario():
        async def slowish(scope, receive, send):
            await asyncio.sleep(envelope.WATCH_AFTER * 3)  # the watcher runs meanwhile
            await ok(send)

        client = Client()
        await wrapped(slowish)(scope(), client.receive, client.send)
        await asyncio.sleep(0.01)
        return client.messages, len(asyncio.all_tasks())

    messages, tasks = run_async(scenario())
    assert messages[-1]["body"] == b"ok" and tasks == 1  # the watcher is gone with the answer


def test_a_handler_reading_receive_learns_of_the_hang_up_at_once():
    async def scenario():
        async def polling(scope, receive, send):
            assert (await receive())["type"] == "http.request"
            message = await asyncio.wait_for(receive(), timeout=5)
            return message

        got = []

        async def app(scope, receive, send):
            got.append(await polling(scope, receive, send))
            await ok(send)

        client = Client(leaves_after=0.01)
        started = time.monotonic()
        await wrapped(app)(scope(), client.receive, client.send)
        return got, time.monotonic() - started

    got, elapsed = run_async(scenario())
    assert got == [{"type": "http.disconnect"}]
    assert elapsed < envelope.WATCH_AFTER  # asked, it did not wait for the timer


def test_a_shutdown_cancellation_is_not_swallowed():
    async def scenario():
        async def slow(scope, receive, send):
            await asyncio.sleep(30)

        client = Client()
        task = asyncio.ensure_future(wrapped(slow)(scope(), client.receive, client.send))
        await asyncio.sleep(envelope.WATCH_AFTER * 2)  # the watcher is running
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.01)
        return len(asyncio.all_tasks())

    assert run_async(scenario()) == 1  # and no watcher is left behind


def test_a_request_with_a_body_is_passed_through():
    async def scenario():
        bodies = []

        async def echo(scope, receive, send):
            bodies.append((await receive())["body"])
            await ok(send)

        async def receive():
            return {"type": "http.request", "body": b"data", "more_body": False}

        sent = []

        async def send(message):
            sent.append(message)

        await wrapped(echo)(scope("POST"), receive, send)
        return bodies, sent

    bodies, sent = run_async(scenario())
    assert bodies == [b"data"] and sent[-1]["body"] == b"ok"
