"""The emulator's HTTP server: api.telegram.org's URL layout on 127.0.0.1, for several bots at once.

Bots call `<base_url>/bot<token>/<method>` (GET or POST; query string, form, multipart or JSON) and
download files from `<base_url>/file/bot<token>/<path>`; tests and tools use the control API under
`<base_url>/_emulator/` (see control.py) or `server.state` in-process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from aiohttp import web

from bot.emulator.bot_api import call_method
from bot.emulator.control import add_control_routes
from bot.emulator.objects import EmulatorError, Upload, bad_request
from bot.emulator.state import EmulatorState
from bot.emulator.webhook import stop_webhooks

MAX_REQUEST_BYTES = 60 * 1024 * 1024  # Telegram accepts 50 MB documents
NOT_FOUND = EmulatorError("Not Found", 404)


def json_response(body: dict, status: int = 200) -> web.Response:
    """A JSON answer shaped like Telegram's."""
    return web.Response(body=json.dumps(body, ensure_ascii=False).encode("utf-8"), status=status,
                        content_type="application/json")


def error_response(error: EmulatorError) -> web.Response:
    """Telegram's error body with the matching HTTP status."""
    return json_response(error.body(), error.error_code)


async def read_params(request: web.Request) -> tuple[dict, dict]:
    """Parameters from the query string and the body (form, multipart or JSON), and uploaded files."""
    params: dict = dict(request.query)
    files: dict[str, Upload] = {}
    if request.method != "POST" or not request.body_exists:
        return params, files
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON encoded request") from None
        if isinstance(body, dict):
            params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                params[name] = value
    return params, files


def build_app(state: EmulatorState) -> web.Application:
    """The aiohttp application serving the Bot API, file downloads and the control API."""

    async def bot_api(request: web.Request) -> web.Response:
        try:
            bot = state.bot(request.match_info["token"])
            params, files = await read_params(request)
            result = await call_method(bot, request.match_info["method"], params, files)
        except EmulatorError as error:
            return error_response(error)
        return json_response({"ok": True, "result": result})

    async def file_download(request: web.Request) -> web.Response:
        try:
            bot = state.bot(request.match_info["token"])
        except EmulatorError as error:
            return error_response(error)
        stored = bot.files.get(request.match_info["path"].rsplit("/", 1)[-1])
        if stored is None:
            return error_response(NOT_FOUND)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def not_found(request: web.Request) -> web.Response:
        return error_response(NOT_FOUND)

    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app.router.add_route("*", "/bot{token}/{method}", bot_api)
    app.router.add_get("/file/bot{token}/{path:.+}", file_download)
    add_control_routes(app, state)
    app.router.add_route("*", "/{tail:.*}", not_found)
    return app


class EmulatorServer:
    """A local Telegram Bot API emulator; `async with EmulatorServer() as emu:` or start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, accept_any_token: bool = True,
                 tokens: Iterable[str] | None = None) -> None:
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self.state = EmulatorState(accept_any_token=accept_any_token, tokens=tokens)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one)."""
        self._runner = web.AppRunner(build_app(self.state), access_log=None, handle_signals=False,
                                     shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """End parked requests at once and close the server."""
        self.state.close()
        await stop_webhooks(list(self.state.bots.values()))
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        """The port listened on."""
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """e.g. http://127.0.0.1:PORT (configure the bot with TELEGRAM_API_URL=<base_url>)."""
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(self.host, self.host)
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The same as base_url: bots call <api_url>/bot<token>/<method>."""
        return self.base_url

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
