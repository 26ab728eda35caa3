"""The app's chat over a WebSocket (`/ws/chat`), with proactive pushes on the same socket;
and over HTTP, what the app opens the chat with (its greeting and its history).

Protocol (see `api.channels.protocol`): authenticate first (`auth` frame or `?token=`), then
`message`, `ping`, `location` (a batch of location pings), `subscribe_notifications` and
`unsubscribe` frames, each answered by one `result`. Frames of one socket are handled one
after the other, so replies keep the order of the questions; pushed events go through the
same writer and never interleave with a frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NoReturn

from fastapi import Depends, Query, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.channels.deps import (
    DialogueDep,
    DialogueHandler,
    SessionFactory,
    SessionFactoryDep,
)
from api.channels.hub import SESSION_REVOKED, Hub, hub_for
from api.channels.protocol import (
    AuthFrame,
    ChatFrame,
    ClientFrame,
    ErrorCode,
    FrameError,
    LocationFrame,
    PingFrame,
    SubscribeFrame,
    UnsubscribeFrame,
    event_frame,
    parse_frame,
    result_error,
    result_ok,
    turn_result,
)
from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep, get_nlu, get_now
from api.ratelimit import check_chat_rate, refusal_message
from api.routing import unit_of_work_router
from assistant.auth.service import authenticate_customer
from assistant.customers.models import Household
from assistant.dialogue.greeting import greeting
from assistant.dialogue.history import recent_messages
from assistant.dialogue.types import Turn
from assistant.errors import AppError, Unauthorized
from geofences.schemas import IngestResult, PingIn
from geofences.service import ingest_pings

log = logging.getLogger(__name__)
router = unit_of_work_router(tags=["channels"])

CHANNEL = "app"
POLICY_VIOLATION = 1008
MESSAGE_TOO_BIG = 1009
MAX_AUTH_FRAME = 16 * 1024


@dataclass(frozen=True)
class WSLimits:
    auth_timeout: float = 10.0
    # A socket silent this long is closed; clients keep it open with `ping`.
    idle_timeout: float = 300.0
    # Pushed events queued for a slow client beyond this are dropped, never block a sender.
    outbox_size: int = 256


def get_ws_limits(settings: SettingsDep) -> WSLimits:
    return WSLimits(
        auth_timeout=settings.ws_auth_timeout_seconds,
        idle_timeout=settings.ws_idle_timeout_seconds,
    )


def sender_id_for(household_id: int) -> str:
    """One conversation per household on the app, whichever socket or device it comes from."""
    return f"{CHANNEL}:{household_id}"


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


class _Revoked(Exception):
    pass


class ChatConnection:
    def __init__(
        self,
        websocket: WebSocket,
        *,
        dialogue: DialogueHandler,
        sessions: SessionFactory,
        limits: WSLimits,
        hub: Hub,
    ) -> None:
        self.websocket = websocket
        self.dialogue = dialogue
        self.sessions = sessions
        self.limits = limits
        self.hub = hub
        self.outbox: asyncio.Queue[dict[str, Any] | _Close] = asyncio.Queue(limits.outbox_size)
        self.household_id = 0
        self.token_version = 0
        self.last_id = 0
        self.closing = False
        self.revoked = False
        self.subscriptions: dict[int, int] = {}  # subscription (frame) id -> hub token
        self.watch: int | None = None  # hub token of the sign-out watcher

    async def run(self, query_token: str | None) -> None:
        writer = asyncio.create_task(self._write())
        try:
            if await self._authenticate(query_token):
                await self._serve()
        except WebSocketDisconnect:
            pass
        finally:
            for token in self.subscriptions.values():
                self.hub.unsubscribe(self.household_id, token)
            self.subscriptions.clear()
            if self.watch is not None:
                self.hub.unwatch(self.household_id, self.watch)
                self.watch = None
            if self.closing:
                # Let the writer flush the last frames (auth_invalid, an error) and the close.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(writer), timeout=5)
            if not writer.done():
                writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    # --- transport -------------------------------------------------------------------------

    async def _receive(self) -> str | bytes:
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        data: str | bytes | None = message.get("text")
        if data is None:
            data = message.get("bytes") or b""
        return data

    async def _send(self, frame: dict[str, Any]) -> None:
        await self.outbox.put(frame)

    async def _close(self, code: int, reason: str) -> NoReturn:
        """Queue the close behind what is queued, and end the reader (never returns)."""
        self.closing = True
        await self.outbox.put(_Close(code, reason))
        raise WebSocketDisconnect(code)

    async def _write(self) -> None:
        try:
            while True:
                item = await self.outbox.get()
                if isinstance(item, _Close):
                    await self.websocket.close(item.code, item.reason)
                    return
                await self.websocket.send_json(item)
        except (WebSocketDisconnect, RuntimeError, OSError):
            # The client went away: the reader notices on its next receive.
            return

    def _push(self, subscription_id: int, event: dict[str, Any]) -> None:
        if self.revoked or event.get("kind") == SESSION_REVOKED:
            return
        self.outbox.put_nowait(event_frame(subscription_id, event))

    def _watch_sign_out(self, event: dict[str, Any]) -> None:
        """Sign-out everywhere (or erasure) closes this socket at once, pushes and all: the
        revocation is published to the household's sockets in every process."""
        if event.get("kind") != SESSION_REVOKED or self.revoked:
            return
        version = event.get("token_version")
        if isinstance(version, int) and version <= self.token_version:
            return  # a newer token than the revocation's (signed in again since)
        self.revoked = self.closing = True
        while not self.outbox.empty():  # nothing queued reaches a signed-out device
            self.outbox.get_nowait()
        self.outbox.put_nowait(_Close(POLICY_VIOLATION, "token_revoked"))

    # --- authentication --------------------------------------------------------------------

    async def _authenticate(self, query_token: str | None) -> bool:
        frame_id: int | None = None
        token = query_token
        if token is None:
            try:
                async with asyncio.timeout(self.limits.auth_timeout):
                    data = await self._receive()
            except TimeoutError:
                await self._close(POLICY_VIOLATION, "auth_timeout")
            if len(data) > MAX_AUTH_FRAME:
                # An auth frame is a token and an id: a big first frame is not a client's.
                await self._close(MESSAGE_TOO_BIG, "auth_frame_too_big")
            try:
                frame = parse_frame(data)
            except FrameError as exc:
                await self._auth_invalid(exc.id, exc.code, exc.message)
                return False
            if not isinstance(frame, AuthFrame):
                await self._send(
                    result_error(frame.id, ErrorCode.not_authenticated, "authenticate first")
                )
                await self._close(POLICY_VIOLATION, "not_authenticated")
            frame_id, token = frame.id, frame.token
            self.last_id = frame_id or 0
        try:
            self.household_id, self.token_version = await run_in_threadpool(
                self._check_token, token
            )
        except Unauthorized as exc:
            await self._auth_invalid(frame_id, exc.code, exc.message)
            return False
        self.watch = self.hub.watch(self.household_id, self._watch_sign_out)
        await self._send({"type": "auth_ok", "id": frame_id, "household_id": self.household_id})
        return True

    def _check_token(self, token: str) -> tuple[int, int]:
        settings = self.websocket.app.state.settings
        with self.sessions() as session:
            household = authenticate_customer(
                session=session, settings=settings, token=token, now=get_now(self.websocket)
            )
            assert household.id is not None
            return household.id, household.token_version

    async def _auth_invalid(self, frame_id: int | None, code: str, message: str) -> None:
        await self._send(
            {"type": "auth_invalid", "id": frame_id, "error": {"code": code, "message": message}}
        )
        await self._close(POLICY_VIOLATION, code)

    # --- commands --------------------------------------------------------------------------

    async def _serve(self) -> None:
        while True:
            try:
                async with asyncio.timeout(self.limits.idle_timeout):
                    data = await self._receive()
            except TimeoutError:
                await self._close(1000, "idle_timeout")
            try:
                frame = parse_frame(data)
            except FrameError as exc:
                await self._send(result_error(exc.id, exc.code, exc.message))
                continue
            await self._dispatch(frame)

    async def _dispatch(self, frame: ClientFrame) -> None:
        if frame.id is None or frame.id <= self.last_id:
            await self._send(
                result_error(frame.id, ErrorCode.id_reused, "ids must increase on a socket")
            )
            return
        self.last_id = frame.id
        try:
            if isinstance(frame, ChatFrame):
                await self._chat(frame)
            elif isinstance(frame, PingFrame):
                await self._send({"type": "pong", "id": frame.id})
            elif isinstance(frame, LocationFrame):
                await self._location(frame)
            elif isinstance(frame, SubscribeFrame):
                token = self.hub.subscribe(
                    self.household_id, functools.partial(self._push, frame.id)
                )
                self.subscriptions[frame.id] = token
                await self._send(result_ok(frame.id))
            elif isinstance(frame, UnsubscribeFrame):
                await self._unsubscribe(frame)
            else:
                await self._send(
                    result_error(frame.id, ErrorCode.invalid_format, "already authenticated")
                )
        except _Revoked:
            await self._send(
                result_error(frame.id, ErrorCode.not_authenticated, "the token has been revoked")
            )
            await self._close(POLICY_VIOLATION, "token_revoked")
        except Exception:
            log.exception("chat frame %s failed (household %s)", frame.id, self.household_id)
            await self._send(
                result_error(frame.id, ErrorCode.internal_error, "an unexpected error occurred")
            )

    async def _chat(self, frame: ChatFrame) -> None:
        refused = await check_chat_rate(self.websocket.app.state, self.household_id)
        if refused is not None:
            await self._send(
                result_error(frame.id, ErrorCode.rate_limited, refusal_message(refused))
            )
            return
        turn = await run_in_threadpool(self._turn, frame.text, frame.lang)
        await self._send(result_ok(frame.id, turn_result(turn)))

    def _turn(self, text: str, lang: str | None) -> Turn:
        nlu = get_nlu(self.websocket)
        with self.sessions() as session:
            household = session.get(Household, self.household_id)
            # Sign-out everywhere (or erasure) also ends the sockets already open.
            if household is None or household.token_version != self.token_version:
                raise _Revoked
            return self.dialogue(
                session=session,
                nlu=nlu,
                sender_id=sender_id_for(self.household_id),
                text=text,
                channel=CHANNEL,
                household=household,
                lang=lang,
                now=get_now(self.websocket),
            )

    async def _location(self, frame: LocationFrame) -> None:
        try:
            result = await run_in_threadpool(self._ingest, frame.pings)
        except AppError as exc:
            # Consent, batch size, future timestamps: the REST endpoint's codes.
            await self._send(result_error(frame.id, exc.code, exc.message))
            return
        await self._send(result_ok(frame.id, result.model_dump(mode="json")))

    def _ingest(self, pings: list[PingIn]) -> IngestResult:
        settings = self.websocket.app.state.settings
        with self.sessions() as session:
            household = session.get(Household, self.household_id)
            if household is None or household.token_version != self.token_version:
                raise _Revoked
            return ingest_pings(
                session=session,
                household_id=self.household_id,
                pings=pings,
                settings=settings,
                source="ws",
                now=get_now(self.websocket),
            )

    async def _unsubscribe(self, frame: UnsubscribeFrame) -> None:
        token = self.subscriptions.pop(frame.subscription, None)
        if token is None:
            await self._send(result_error(frame.id, ErrorCode.not_found, "no such subscription"))
            return
        self.hub.unsubscribe(self.household_id, token)
        await self._send(result_ok(frame.id))


@router.websocket("/ws/chat")
async def chat(
    websocket: WebSocket,
    dialogue: DialogueDep,
    sessions: SessionFactoryDep,
    limits: Annotated[WSLimits, Depends(get_ws_limits)],
    token: Annotated[str | None, Query(max_length=4096)] = None,
) -> None:
    """Chat with the assistant; see the module docstring for the protocol."""
    await websocket.accept()
    connection = ChatConnection(
        websocket,
        dialogue=dialogue,
        sessions=sessions,
        limits=limits,
        hub=hub_for(websocket.app.state),
    )
    await connection.run(token)


# --- the same conversation over HTTP: how the app opens it ----------------------------------


class ChipPublic(BaseModel):
    kind: str = Field(description="list, order, loyalty, outings, recipe or offers")
    text: str = Field(description="what the chip shows and sends as the customer's message")


class GreetingPublic(BaseModel):
    lang: str
    text: str
    chips: list[ChipPublic]


class HistoryButton(BaseModel):
    title: str
    payload: str


class HistoryMessage(BaseModel):
    id: int
    role: Literal["user", "bot"]
    text: str
    at: dt.datetime
    buttons: list[HistoryButton] = []
    custom: dict[str, Any] = Field(default_factory=dict, description="cards, message ids")


class HistoryPublic(BaseModel):
    messages: list[HistoryMessage] = Field(description="oldest first")


@router.get("/me/assistant/greeting", response_model=GreetingPublic)
def assistant_greeting(
    customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> GreetingPublic:
    """What the app's chat opens with: a greeting that says what is waiting for the
    household (a list to check, an order to pick up, a wish within reach, outings this
    weekend) and suggestion chips, in the household's language."""
    opening = greeting(session=session, household=customer, now=now)
    return GreetingPublic(
        lang=customer.lang,
        text=opening.text,
        chips=[ChipPublic(kind=chip.kind, text=chip.text) for chip in opening.chips],
    )


@router.get("/me/assistant/history", response_model=HistoryPublic)
def assistant_history(
    customer: CurrentCustomer,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> HistoryPublic:
    """The last messages of the household's app conversation (the one `/ws/chat` talks to),
    oldest first: the customer's (a pressed button as its title) and the assistant's, with
    their buttons and cards."""
    assert customer.id is not None
    items = recent_messages(session=session, sender_id=sender_id_for(customer.id), limit=limit)
    return HistoryPublic(
        messages=[
            HistoryMessage(
                id=item.id,
                role=item.role,
                text=item.text,
                at=item.at,
                custom=item.custom,
                buttons=[HistoryButton(**button) for button in item.buttons],
            )
            for item in items
        ]
    )
