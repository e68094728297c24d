"""EmulatorClient: the emulator's control API over HTTP, for use from another process.

Mirrors the in-process BotState API (all methods are coroutines): act as users, read what the bot
did, set faults. Failures raise EmulatorError with the emulator's description and status.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import Any

import httpx

from bot.emulator.objects import EmulatorError


class EmulatorClient:
    """Control one bot (by token) on an emulator at base_url, e.g. http://127.0.0.1:8081."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.AsyncClient(base_url=f"{self.base_url}/_emulator", timeout=timeout, trust_env=False)

    async def _call(self, method: str, path: str, body: dict | None = None, params: dict | None = None,
                    timeout: float | None = None) -> Any:
        response = await self._http.request(method, f"/{self.token}{path}", json=body, params=params,
                                            timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout)
        try:
            answer = response.json()
        except ValueError:
            raise EmulatorError(f"unexpected answer {response.status_code}: {response.text[:200]}",
                                response.status_code) from None
        if not answer.get("ok"):
            raise EmulatorError(answer.get("description", "error"), answer.get("error_code", response.status_code),
                                answer.get("parameters"))
        return answer["result"]

    async def wait_until_up(self, timeout: float = 10.0) -> None:
        """Wait until the emulator answers (e.g. after starting it as a subprocess)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                response = await self._http.get("/health", timeout=1.0)
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if loop.time() >= deadline:
                raise TimeoutError(f"the emulator at {self.base_url} did not come up within {timeout} s")
            await asyncio.sleep(0.05)

    async def register_chats(self, ids: Iterable[int | str]) -> int:
        """Bulk-create chats so the bot may message them; returns how many chats are known."""
        return await self._call("POST", "/chats", {"ids": [int(i) for i in ids]})

    async def send_message(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
                           first_name: str | None = None, language_code: str | None = None) -> dict:
        """Inject a text message from a user; returns the update."""
        return await self._call("POST", "/messages", {
            "user_id": user_id, "text": text, "chat_id": chat_id, "chat_type": chat_type,
            "first_name": first_name, "language_code": language_code})

    async def send_media(self, user_id: int, kind: str, **extra: object) -> dict:
        """Inject a sticker/photo/voice/document/location/contact message; returns the update."""
        return await self._call("POST", "/media", {"user_id": user_id, "kind": kind, **extra})

    async def edit_message(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict:
        """The user edits an earlier message; returns the edited_message update."""
        return await self._call("POST", "/edits", {"user_id": user_id, "message_id": message_id, "text": text,
                                                   "chat_id": chat_id})

    async def press_button(self, user_id: int, message_id: int, data: str | None = None, *,
                           chat_id: int | None = None, button_text: str | None = None, forge: bool = False,
                           first_name: str | None = None) -> dict:
        """Press an inline button; returns the callback_query update."""
        return await self._call("POST", "/presses", {
            "user_id": user_id, "message_id": message_id, "data": data, "chat_id": chat_id,
            "button_text": button_text, "forge": forge, "first_name": first_name})

    async def events(self, chat_id: int, after: int = 0) -> list[dict]:
        """What the bot did in the chat with seq > after."""
        return await self._call("GET", f"/chats/{int(chat_id)}/events", params={"after": after})

    async def wait_events(self, chat_id: int, after: int = 0, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """Wait for at least `count` events with seq > after (or timeout); returns them."""
        return await self._call("GET", f"/chats/{int(chat_id)}/events",
                                params={"after": after, "count": count, "timeout": timeout}, timeout=timeout + 10)

    async def message(self, chat_id: int, message_id: int) -> dict | None:
        """A message's current state, or None."""
        return await self._call("GET", f"/chats/{int(chat_id)}/messages/{int(message_id)}")

    async def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a file the bot sent."""
        response = await self._http.get(f"/{self.token}/files/{file_id}")
        if response.status_code != 200:
            raise EmulatorError(response.json().get("description", "error"), response.status_code)
        return response.content

    async def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """The commands the bot registered for a scope (default) and language."""
        params = {"language_code": language_code}
        if scope is not None:
            params["scope"] = json.dumps(scope)
        return await self._call("GET", "/commands", params=params)

    async def faults(self) -> dict:
        """The current fault settings."""
        return await self._call("GET", "/faults")

    async def set_faults(self, **settings: Any) -> dict:
        """Set faults (rate_limit, per_chat_rate_limit, blocked_chats, fail_next, delay_next, delay_seconds)."""
        if "blocked_chats" in settings:
            settings["blocked_chats"] = [int(c) for c in settings["blocked_chats"] or ()]
        return await self._call("POST", "/faults", settings)

    async def clear_faults(self) -> dict:
        """Remove every fault."""
        return await self._call("DELETE", "/faults")

    async def counters(self) -> dict:
        """Calls per method, messages accepted per chat (int keys), updates injected and pending."""
        result = await self._call("GET", "/counters")
        result["messages"] = {int(chat): n for chat, n in result["messages"].items()}
        return result

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
