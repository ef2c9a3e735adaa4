"""A request-body limit for the demo's server, enforced before anything parses the body.

Gradio reads a whole JSON or form body before our handlers see it, so a size check in a handler comes
after the memory is spent (a 702 MB POST took the server to 1.98 GB). This ASGI middleware refuses a
body whose Content-Length is over the limit without reading it, and stops a chunked body as soon as
the bytes received pass the limit: 413 with a one-line JSON message.
"""
from __future__ import annotations

import json


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: `max_bytes` for multipart uploads (files), `max_other_bytes` for every other body."""

    def __init__(self, app, max_bytes: int, max_other_bytes: int):
        self.app, self.max_bytes, self.max_other_bytes = app, max_bytes, max_other_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        upload = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.max_bytes if upload else self.max_other_bytes
        length = headers.get(b"content-length", b"")
        if length.strip().isdigit() and int(length) > limit:
            return await _refuse(send, limit)
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, limit)


async def _refuse(send, limit: int) -> None:
    body = json.dumps({"error": f"request body larger than {limit / 2**20:g} MB, the demo's limit"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
