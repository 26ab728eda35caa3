"""The smart speaker: Alexa-style request and response JSON, spoken as SSML.

Account linking gives the skill our customer token (`accessToken`). The platform waits at
most 8 seconds for an answer: the dialogue runs in a worker thread under a shorter deadline,
and past it the speaker says so honestly rather than going silent; the abandoned turn still
finishes and commits in its thread, so the conversation stays consistent.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import HTTPConnection

from api.channels.alexa_auth import AlexaVerifier, HttpCertificateFetcher, trusted_roots
from api.channels.deps import (
    DialogueDep,
    DialogueHandler,
    SessionFactory,
    SessionFactoryDep,
)
from api.deps import get_nlu, get_now
from api.ratelimit import check_chat_rate
from api.routing import unit_of_work_router
from assistant.auth.service import authenticate_customer
from assistant.config import Settings
from assistant.dialogue.types import Reply, Turn
from assistant.errors import Unauthorized
from assistant.i18n import render
from assistant.speech import paragraph, plain_text, speak, to_ssml

router = unit_of_work_router(tags=["channels"])

CHANNEL = "speaker"
CARD_TITLE = "Carchan"
DEADLINE_SECONDS = 6.5
# The catch-all slot of the skill's interaction model carries the whole utterance.
QUERY_SLOT = "query"
# Built-in intents answered through the dialogue as Rasa-style payloads, without NLU.
BUILTIN_PAYLOADS = {
    "AMAZON.StopIntent": "/goodbye",
    "AMAZON.CancelIntent": "/goodbye",
    "AMAZON.HelpIntent": "/help",
    "AMAZON.YesIntent": "/affirm",
    "AMAZON.NoIntent": "/deny",
    "AMAZON.FallbackIntent": "/out_of_scope",
}
ENDING_INTENTS = {"AMAZON.StopIntent", "AMAZON.CancelIntent"}


def get_voice_deadline() -> float:
    """Seconds the dialogue may take: the platform's 8 s minus network and rendering."""
    return DEADLINE_SECONDS


class AlexaUser(BaseModel):
    model_config = ConfigDict(extra="ignore")

    userId: str = ""
    accessToken: str | None = None


class AlexaApplication(BaseModel):
    model_config = ConfigDict(extra="ignore")

    applicationId: str | None = None


class AlexaSession(BaseModel):
    model_config = ConfigDict(extra="ignore")

    sessionId: str = ""
    new: bool = False
    user: AlexaUser = Field(default_factory=AlexaUser)
    application: AlexaApplication = Field(default_factory=AlexaApplication)


class AlexaSystem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user: AlexaUser = Field(default_factory=AlexaUser)
    application: AlexaApplication = Field(default_factory=AlexaApplication)


class AlexaContext(BaseModel):
    model_config = ConfigDict(extra="ignore")

    System: AlexaSystem = Field(default_factory=AlexaSystem)


class AlexaSlot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    value: str | None = None


class AlexaIntent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, Field(min_length=1, max_length=200)]
    slots: dict[str, AlexaSlot] = Field(default_factory=dict)


class AlexaRequestBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: Annotated[str, Field(min_length=1, max_length=80)]
    requestId: str = ""
    timestamp: dt.datetime | None = None
    locale: str | None = None
    intent: AlexaIntent | None = None


class AlexaRequest(BaseModel):
    """The parts of an Alexa request envelope this endpoint reads (others are ignored)."""

    model_config = ConfigDict(extra="ignore")

    version: str = "1.0"
    session: AlexaSession | None = None
    context: AlexaContext | None = None
    request: AlexaRequestBody

    def access_token(self) -> str | None:
        token = self.session.user.accessToken if self.session else None
        if not token and self.context:
            token = self.context.System.user.accessToken
        return token or None

    def application_id(self) -> str | None:
        if self.context and self.context.System.application.applicationId:
            return self.context.System.application.applicationId
        return self.session.application.applicationId if self.session else None

    def signed_at(self) -> dt.datetime | None:
        stamp = self.request.timestamp
        if stamp is None:
            return None
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


def lang_for(locale: str | None, default: str) -> str:
    prefix = (locale or "").split("-")[0].lower()
    return prefix if prefix in ("fr", "en") else default


def utterance(request: AlexaRequestBody) -> str:
    """What the customer said, as text for the dialogue (a payload for built-in intents)."""
    if request.type == "LaunchRequest" or request.intent is None:
        return "/greet"
    if request.intent.name in BUILTIN_PAYLOADS:
        return BUILTIN_PAYLOADS[request.intent.name]
    slots = request.intent.slots
    query = slots.get(QUERY_SLOT)
    values = [query.value] if query and query.value else []
    values += [slot.value for name, slot in slots.items() if name != QUERY_SLOT and slot.value]
    return values[0].strip()[:2000] if values and values[0].strip() else "/help"


def _speech(ssml: str) -> dict[str, str]:
    return {"type": "SSML", "ssml": ssml}


def envelope(response: dict[str, Any]) -> dict[str, Any]:
    return {"version": "1.0", "response": response}


def link_account_response(lang: str) -> dict[str, Any]:
    return envelope(
        {
            "outputSpeech": _speech(speak([paragraph(render(lang, "chat.speaker.link_account"))])),
            "card": {"type": "LinkAccount"},
            "shouldEndSession": True,
        }
    )


def slow_down_response(lang: str, seconds: int) -> dict[str, Any]:
    text = render(lang, "chat.speaker.slow_down", seconds=seconds)
    return envelope(
        {
            "outputSpeech": _speech(speak([paragraph(text)])),
            "card": {"type": "Simple", "title": CARD_TITLE, "content": text},
            "shouldEndSession": True,
        }
    )


def too_slow_response(lang: str) -> dict[str, Any]:
    text = render(lang, "chat.speaker.too_slow")
    return envelope(
        {
            "outputSpeech": _speech(speak([paragraph(text)])),
            "card": {"type": "Simple", "title": CARD_TITLE, "content": text},
            "shouldEndSession": False,
        }
    )


def turn_response(turn: Turn, lang: str, *, launch: bool, ending: bool) -> dict[str, Any]:
    replies: list[Reply] = turn.replies
    asks = turn.requested_slot is not None or any(reply.buttons for reply in replies)
    response: dict[str, Any] = {
        "outputSpeech": _speech(to_ssml(replies, lang)),
        "card": {"type": "Simple", "title": CARD_TITLE, "content": plain_text(replies)},
        # A question (a form's slot, a choice) keeps the microphone open for the answer.
        "shouldEndSession": ending or not (asks or launch),
    }
    if asks and replies and not ending:
        response["reprompt"] = {"outputSpeech": _speech(to_ssml(replies[-1:], lang))}
    return envelope(response)


def get_alexa_verifier(connection: HTTPConnection) -> AlexaVerifier | None:
    """The app's request verifier (built on first use); None when verification is off."""
    state = connection.app.state
    settings: Settings = state.settings
    if not settings.alexa_verify_requests:
        return None
    verifier: AlexaVerifier | None = getattr(state, "alexa_verifier", None)
    if verifier is None:
        verifier = AlexaVerifier(
            fetcher=HttpCertificateFetcher(),
            roots=trusted_roots(settings.alexa_trusted_roots_file),
            skill_id=settings.alexa_skill_id,
        )
        state.alexa_verifier = verifier
    return verifier


async def _verified(request: Request, body: AlexaRequest, verifier: AlexaVerifier) -> None:
    raw = await request.body()
    check = functools.partial(
        verifier.verify,
        body=raw,
        chain_url=request.headers.get("SignatureCertChainUrl"),
        signature=request.headers.get("Signature-256"),
        timestamp=body.signed_at(),
        application_id=body.application_id(),
        now=get_now(request),
    )
    # A chain fetched once per URL and cached: a thread keeps the event loop free meanwhile.
    await anyio.to_thread.run_sync(check)


def _household_id(*, request: Request, sessions: SessionFactory, token: str) -> int:
    settings: Settings = request.app.state.settings
    with sessions() as session:
        household = authenticate_customer(
            session=session, settings=settings, token=token, now=get_now(request)
        )
        assert household.id is not None
        return household.id


def _run_turn(
    *,
    request: Request,
    dialogue: DialogueHandler,
    sessions: SessionFactory,
    token: str,
    text: str,
    lang: str,
) -> Turn:
    settings: Settings = request.app.state.settings
    nlu = get_nlu(request)
    now = get_now(request)
    with sessions() as session:
        household = authenticate_customer(session=session, settings=settings, token=token, now=now)
        return dialogue(
            session=session,
            nlu=nlu,
            sender_id=f"{CHANNEL}:{household.id}",
            text=text,
            channel=CHANNEL,
            household=household,
            lang=lang,
            now=now,
        )


@router.post("/voice/alexa")
async def alexa(
    body: AlexaRequest,
    request: Request,
    dialogue: DialogueDep,
    sessions: SessionFactoryDep,
    deadline: Annotated[float, Depends(get_voice_deadline)],
    verifier: Annotated[AlexaVerifier | None, Depends(get_alexa_verifier)],
) -> dict[str, Any]:
    """Answer an Alexa skill request (LaunchRequest, IntentRequest, SessionEndedRequest),
    once Amazon's signature, certificate chain and timestamp are checked (400 otherwise)."""
    settings: Settings = request.app.state.settings
    if verifier is not None:
        await _verified(request, body, verifier)
    lang = lang_for(body.request.locale, settings.default_lang)
    if body.request.type == "SessionEndedRequest":
        # The platform accepts no speech here; only an acknowledgement.
        return envelope({})
    token = body.access_token()
    if token is None:
        return link_account_response(lang)
    try:
        household_id = await anyio.to_thread.run_sync(
            functools.partial(_household_id, request=request, sessions=sessions, token=token)
        )
    except Unauthorized:
        return link_account_response(lang)
    # The same budget as the app's socket and the REST webhook: one per household.
    refused = await check_chat_rate(request.app.state, household_id)
    if refused is not None:
        return slow_down_response(lang, math.ceil(refused.retry_after))
    text = utterance(body.request)
    intent_name = body.request.intent.name if body.request.intent else ""
    work = functools.partial(
        _run_turn,
        request=request,
        dialogue=dialogue,
        sessions=sessions,
        token=token,
        text=text,
        lang=lang,
    )
    with anyio.move_on_after(deadline):
        try:
            turn = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except Unauthorized:
            # Expired or revoked link: Alexa's answer is to ask for linking again.
            return link_account_response(lang)
        return turn_response(
            turn,
            lang,
            launch=body.request.type == "LaunchRequest",
            ending=intent_name in ENDING_INTENTS,
        )
    return too_slow_response(lang)
