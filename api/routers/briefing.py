"""The daily briefing and the evening digest on demand (previews of what is sent)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep
from api.routing import unit_of_work_router
from assistant.briefing.digest import preview
from assistant.briefing.service import briefing_for, traffic_provider, weather_provider

router = unit_of_work_router(tags=["briefing"])


class SectionPublic(BaseModel):
    kind: str
    text: str


class BriefingPublic(BaseModel):
    lang: str
    day: str
    text: str
    push: str
    ssml: str
    sections: list[SectionPublic]
    weather_available: bool


class DigestItemPublic(BaseModel):
    event_id: int | None
    title: str
    starts_at: str
    reasons: list[str]
    seats: int
    booking_link: str | None


class DigestPublic(BaseModel):
    title: str
    body: str
    push: str
    items: list[DigestItemPublic]


@router.get("/me/briefing", response_model=BriefingPublic)
def my_briefing(
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    lang: Literal["fr", "en"] | None = None,
) -> BriefingPublic:
    """Today's briefing as it would be sent now; without weather when it is unreachable."""
    briefing = briefing_for(session=session, household=household, now=now, lang=lang,
                            weather=weather_provider(settings),
                            traffic=traffic_provider(settings))  # fmt: skip
    return BriefingPublic(
        lang=briefing.lang, day=briefing.day.isoformat(), text=briefing.text,
        push=briefing.push, ssml=briefing.ssml,
        sections=[SectionPublic(kind=s.kind, text=s.text) for s in briefing.sections],
        weather_available=briefing.weather is not None,
    )  # fmt: skip


@router.get("/me/digest", response_model=DigestPublic)
def my_digest(
    household: CurrentCustomer, session: SessionDep, settings: SettingsDep, now: NowDep
) -> DigestPublic:
    """This weekend's outings chosen for the household, with their booking links."""
    choices, title, body, push = preview(session=session, household=household, now=now,
                                         settings=settings)  # fmt: skip
    lang = "en" if household.lang == "en" else "fr"
    return DigestPublic(
        title=title, body=body, push=push,
        items=[
            DigestItemPublic(event_id=c.event.id, title=c.event.title,
                             starts_at=c.event.starts_at.isoformat(),
                             reasons=list(c.reasons(lang)), seats=c.seats, booking_link=c.link)
            for c in choices
        ],
    )  # fmt: skip
