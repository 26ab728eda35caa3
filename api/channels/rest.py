"""Rasa's REST channel, same request and response shapes, for customers holding a token.

`POST /webhooks/rest/webhook {"sender", "message", "metadata"?}` answers a list of
`{"recipient_id", "text", "buttons"?, "custom"?}`. Unlike Rasa's, the caller must present a
customer bearer token: the household comes from the token and the conversation is keyed by
household and sender, so a sender string never reaches another household's conversation.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.channels.deps import DialogueDep
from api.channels.protocol import ChatText, no_nul
from api.deps import CurrentCustomer, NLUDep, NowDep, SessionDep
from api.errors import ErrorResponse
from api.ratelimit import ChatRateLimit
from api.routing import unit_of_work_router

router = unit_of_work_router(tags=["channels"])

CHANNEL = "rest"


class RestMessage(BaseModel):
    # Rasa clients send extra keys (input_channel...): accepted and ignored, as Rasa does.
    model_config = ConfigDict(extra="ignore")

    # The conversation key is "rest:<household id>:<sender>" and must fit in 120 characters.
    sender: Annotated[str, Field(min_length=1, max_length=80), AfterValidator(no_nul)]
    message: ChatText
    metadata: dict[str, Any] | None = None


class RestButton(BaseModel):
    title: str
    payload: str


class RestReply(BaseModel):
    recipient_id: str
    text: str
    buttons: list[RestButton] | None = None
    custom: dict[str, Any] | None = None


def sender_id_for(household_id: int, sender: str) -> str:
    return f"{CHANNEL}:{household_id}:{sender}"


def _lang(metadata: dict[str, Any] | None) -> Literal["fr", "en"] | None:
    lang = (metadata or {}).get("lang")
    if lang == "fr" or lang == "en":
        return lang
    return None


@router.post(
    "/webhooks/rest/webhook",
    response_model=list[RestReply],
    response_model_exclude_none=True,
    responses={429: {"model": ErrorResponse, "description": "Too many chat messages"}},
)
def rest_webhook(
    body: RestMessage,
    household: CurrentCustomer,
    _rate: ChatRateLimit,
    session: SessionDep,
    now: NowDep,
    nlu: NLUDep,
    dialogue: DialogueDep,
) -> list[dict[str, Any]]:
    """Send a message to the assistant as Rasa's REST channel does; `metadata.lang` ("fr" or
    "en") sets the language, otherwise it is detected. Text starting with "/" is a button
    payload ("/outing_book{...}")."""
    # A plain `def`: FastAPI runs it in a worker thread, so the synchronous dialogue never
    # blocks the event loop.
    assert household.id is not None
    turn = dialogue(
        session=session,
        nlu=nlu,
        sender_id=sender_id_for(household.id, body.sender),
        text=body.message,
        channel=CHANNEL,
        household=household,
        lang=_lang(body.metadata),
        now=now,
    )
    return [reply.to_rasa(body.sender) for reply in turn.replies]
