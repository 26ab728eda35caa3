"""The evening digest for the Zertys: circus for their kids' ages, Besson's new film, the
winter sale for growing kids at their store; sent by email and push as marketing."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from assistant.briefing.digest import preview, send_digest, weekend
from assistant.customers.models import Household
from assistant.notify.models import OutboxMessage
from tests.assistant.briefing.conftest import PARIS_ZONE

# Tuesday evening, 19:00 in Paris.
EVENING = dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC)


def test_the_weekend_is_the_coming_saturday_and_sunday() -> None:
    start, end = weekend(EVENING, PARIS_ZONE)
    assert start.date() == dt.date(2026, 11, 28) and end.date() == dt.date(2026, 11, 30)


def test_the_zerty_digest_chooses_for_the_family(session: Session, zerty: Household) -> None:
    choices, title, body, push = preview(session=session, household=zerty, now=EVENING)
    titles = [c.event.title for c in choices]
    assert "Cirque des Étoiles Filantes" in titles
    assert "Le Dernier Phare" in titles
    assert "Braderie d'hiver : vêtements enfants" in titles
    assert len(titles) == len(set(titles))  # one showing per title
    film = next(c for c in choices if c.event.title == "Le Dernier Phare")
    assert film.event.starts_at.astimezone(PARIS_ZONE).weekday() == 5  # the weekend showing
    assert "le nouveau film de Luc Besson" in film.reasons("fr")
    circus = next(c for c in choices if c.event.kind == "circus")
    assert "comme vos enfants" in " ".join(circus.reasons("fr"))
    assert title == "Vos sorties du week-end" and "Cirque" in body and push


def test_the_digest_goes_out_by_email_and_push_once(session: Session, zerty: Household) -> None:
    assert zerty.id is not None
    sent = send_digest(session=session, household_id=zerty.id, now=EVENING)
    assert sorted(sent) == ["email", "push"]
    messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == zerty.id,
                                    OutboxMessage.kind == "digest")
    ).all()  # fmt: skip
    assert {m.purpose for m in messages} == {"marketing"}
    assert all(m.explanation for m in messages)
    assert send_digest(session=session, household_id=zerty.id, now=EVENING) == []
