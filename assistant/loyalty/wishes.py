"""Which rewards a household wishes for ("André wants a new football")."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from assistant.customers.models import Member, Preference
from assistant.loyalty.models import Reward
from assistant.text import FUNCTION_WORDS, fold_words

# Words that say nothing about the object wished for.
STOPWORDS = FUNCTION_WORDS | {"pour", "new", "nouveau", "nouvelle"}


def wish_words(text: str) -> set[str]:
    return {word for word in fold_words(text) if word not in STOPWORDS}


def wished_rewards(
    *, session: Session, household_id: int, rewards: Sequence[Reward]
) -> dict[int, str]:
    """Reward id -> who wished for it (a member's first name, or "" for the household)."""
    rows = session.exec(
        select(Preference, Member)
        .outerjoin(Member, col(Member.id) == col(Preference.member_id))
        .where(Preference.household_id == household_id, Preference.kind == "wish")
        .order_by(col(Preference.id))
    ).all()
    found: dict[int, str] = {}
    for preference, member in rows:
        wish = wish_words(preference.value)
        if not wish:
            continue
        # Most of the wish's words in the reward: "ballon de football dédicacé" is the
        # signed football, a mere "football" tag on a voucher is not; among those, the ones
        # naming most of the wish ("a new football": the football, not football tickets).
        scored = []
        for reward in rewards:
            name = set(fold_words(f"{reward.name_fr} {reward.name_en}"))
            every = name | set(fold_words(" ".join(reward.tags)))
            if len(wish & every) * 2 > len(wish) and reward.id is not None:
                scored.append((len(wish & name), reward.id))
        best = max((score for score, _ in scored), default=0)
        for score, reward_id in scored:
            if score == best:
                found.setdefault(reward_id, member.first_name if member else "")
    return found
