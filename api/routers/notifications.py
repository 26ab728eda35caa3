"""The customer's notifications (in-app inbox, why am I seeing this)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.notify import service
from assistant.notify.models import OutboxMessage
from assistant.notify.unsubscribe import read_token, withdraw

router = unit_of_work_router(tags=["notifications"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "notification_not_found"}
}


class NotificationPublic(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    explanation: str
    payload: dict[str, Any]
    created_at: dt.datetime
    sent_at: dt.datetime | None
    read_at: dt.datetime | None


class WhyPublic(BaseModel):
    """Why this message reached the customer, and what to change to stop it."""

    id: int
    kind: str
    explanation: str
    channel: str
    purpose: str
    transactional: bool
    status: str
    consent: str  # the (channel, purpose) consent the message relied on


class UnsubscribePublic(BaseModel):
    channel: str
    purpose: str
    withdrawn: bool


def _public(message: OutboxMessage) -> NotificationPublic:
    assert message.id is not None
    return NotificationPublic(
        id=message.id,
        kind=message.kind,
        title=message.title,
        body=message.body,
        explanation=message.explanation,
        payload=message.payload,
        created_at=message.created_at,
        sent_at=message.sent_at,
        read_at=message.read_at,
    )


@router.get("/me/notifications", response_model=list[NotificationPublic])
def list_notifications(
    customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[NotificationPublic]:
    """The in-app inbox, newest first; each with its explanation."""
    assert customer.id is not None
    rows = service.inbox(session=session, household_id=customer.id, now=now, limit=limit)
    return [_public(row) for row in rows]


@router.post(
    "/me/notifications/{notification_id}/read",
    response_model=NotificationPublic,
    responses=NOT_FOUND,
)
def read_notification(
    notification_id: int, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> NotificationPublic:
    assert customer.id is not None
    message = service.mark_read(
        session=session, household_id=customer.id, message_id=notification_id, now=now
    )
    return _public(message)


@router.get(
    "/me/notifications/{notification_id}/why", response_model=WhyPublic, responses=NOT_FOUND
)
def why(notification_id: int, customer: CurrentCustomer, session: SessionDep) -> WhyPublic:
    """Why am I seeing this: for any channel's message of the household."""
    assert customer.id is not None
    message = service.get_message(
        session=session, household_id=customer.id, message_id=notification_id
    )
    assert message.id is not None
    return WhyPublic(
        id=message.id,
        kind=message.kind,
        explanation=message.explanation,
        channel=message.channel,
        purpose=message.purpose,
        transactional=message.transactional,
        status=message.status,
        consent=f"{message.channel}:{message.purpose}",
    )


@router.post(
    "/notifications/unsubscribe/{token}",
    response_model=UnsubscribePublic,
    responses={404: {"model": ErrorResponse, "description": "unsubscribe_link_invalid"}},
)
def unsubscribe(
    token: str, session: SessionDep, settings: SettingsDep, now: NowDep
) -> UnsubscribePublic:
    """One-click unsubscribe (RFC 8058) from an email's List-Unsubscribe link."""
    claim = read_token(settings=settings, token=token)
    withdrawn = withdraw(session=session, claim=claim, now=now)
    return UnsubscribePublic(channel=claim.channel, purpose=claim.purpose, withdrawn=withdrawn)
