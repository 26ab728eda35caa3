"""The support hotline's telephony platform: as a call comes in it asks what to say (the
greeting, as text and SSML) and which hold music to play. Behind an API key with the
`hotline:answer` scope: the answer names a household."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, ConfigDict, Field

from api.deps import SessionDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.hotline.greeting import greet

router = unit_of_work_router(tags=["channels"])

Platform = Annotated[ApiKeyIdentity, Depends(require_scopes("hotline:answer"))]


class IncomingCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The caller's number as the network presents it; null or empty when withheld.
    caller: str | None = Field(default=None, max_length=32)


class HoldMusic(BaseModel):
    title: str
    artist: str
    seconds: int


class CallGreeting(BaseModel):
    lang: str
    known: bool = Field(description="the number is a household's")
    text: str
    ssml: str
    hold_music: HoldMusic | None = Field(description="null: the platform's own hold music")
    why: str = Field(description="what was recognised and used, for the adviser's screen")


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


@router.post(
    "/voice/hotline/calls",
    response_model=CallGreeting,
    responses={422: _error("invalid_phone, validation_error")},
)
def incoming_call(call: IncomingCall, session: SessionDep, _key: Platform) -> CallGreeting:
    """What to say to a caller: a household's family is greeted by name, with its music."""
    greeting = greet(session, call.caller)
    track = greeting.hold_music
    return CallGreeting(
        lang=greeting.lang,
        known=greeting.known,
        text=greeting.text,
        ssml=greeting.ssml,
        hold_music=HoldMusic(title=track.title, artist=track.artist, seconds=track.seconds)
        if track is not None
        else None,
        why=greeting.why,
    )
