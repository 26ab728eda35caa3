"""Loyalty points and the rewards they buy, with the household's wishes in mind."""

from __future__ import annotations

from typing import Any

from actions.base import Ctx, DataAction
from assistant.loyalty.models import Reward
from assistant.loyalty.service import active_rewards, balance
from assistant.loyalty.wishes import wished_rewards as find_wishes
from assistant.text import fold


def _reward_name(reward: Reward, lang: str) -> str:
    return reward.name_en if lang == "en" else reward.name_fr


def wished_rewards(ctx: Ctx, rewards: list[Reward]) -> dict[int, str]:
    """Reward id -> who wished for it (a member's first name, or the household)."""
    return find_wishes(session=ctx.session, household_id=ctx.household_id, rewards=rewards)


def _of(who: str) -> str:
    """ "d'André", "de Marc", "du foyer"."""
    if not who:
        return "du foyer"
    return f"d'{who}" if fold(who)[:1] in "aeiouyh" else f"de {who}"


def _wish_sentence(points: int, rewards: list[Reward], wished: dict[int, str]) -> tuple[str, str]:
    """Whether each wished reward is affordable now, or how many points it still needs."""
    fr, en = "", ""
    for reward in rewards:
        if reward.id not in wished:
            continue
        who = wished[reward.id]
        whose = f"{who}'s" if who else "your household's"
        if reward.points_cost <= points:
            fr += f" Le souhait {_of(who)} est à votre portée : {reward.name_fr} !"
            en += f" {whose[:1].upper()}{whose[1:]} wish is within reach: {reward.name_en}!"
        else:
            missing = reward.points_cost - points
            fr += f" Pour le souhait {_of(who)} ({reward.name_fr}), il manque {missing} points."
            en += f" For {whose} wish ({reward.name_en}), {missing} more points are needed."
    return fr, en


class LoyaltyBalance(DataAction):
    def name(self) -> str:
        return "action_loyalty_balance"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        points = balance(session=ctx.session, household_id=ctx.household_id)
        rewards = active_rewards(session=ctx.session)
        wished = wished_rewards(ctx, rewards)
        ahead = [reward for reward in rewards if reward.points_cost > points]
        # The next reward: the cheapest one out of reach, a wished one first on a tie.
        ahead.sort(key=lambda reward: (reward.points_cost, reward.id not in wished))
        fr, en = f"Vous avez {points} points.", f"You have {points} points."
        if ahead:
            nxt = ahead[0]
            missing = nxt.points_cost - points
            fr += (
                f" Encore {missing} point{'s' if missing > 1 else ''} pour : {nxt.name_fr} "
                f"({nxt.points_cost} points)."
            )
            en += (
                f" {missing} more point{'s' if missing != 1 else ''} for: {nxt.name_en} "
                f"({nxt.points_cost} points)."
            )
        affordable = [reward for reward in rewards if reward.points_cost <= points]
        if affordable:
            fr += " Déjà possible : " + ", ".join(r.name_fr for r in affordable) + "."
            en += " Already within reach: " + ", ".join(r.name_en for r in affordable) + "."
        wish_fr, wish_en = _wish_sentence(points, rewards, wished)
        ctx.say(fr=fr + wish_fr, en=en + wish_en)
        return []


class LoyaltyRewards(DataAction):
    def name(self) -> str:
        return "action_loyalty_rewards"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        points = balance(session=ctx.session, household_id=ctx.household_id)
        rewards = active_rewards(session=ctx.session)
        if not rewards:
            ctx.say(
                fr=f"Vous avez {points} points, mais aucune récompense n'est proposée "
                "en ce moment.",
                en=f"You have {points} points, but no reward is on offer right now.",
            )
            return []
        wished = wished_rewards(ctx, rewards)
        parts_fr, parts_en = [], []
        for reward in rewards:
            ok = reward.points_cost <= points
            mark_fr = "accessible" if ok else f"il manque {reward.points_cost - points} points"
            mark_en = "you can have it" if ok else f"{reward.points_cost - points} points short"
            parts_fr.append(f"{reward.name_fr} ({reward.points_cost} points, {mark_fr})")
            parts_en.append(f"{reward.name_en} ({reward.points_cost} points, {mark_en})")
        fr = f"Vous avez {points} points. Récompenses : " + " ; ".join(parts_fr) + "."
        en = f"You have {points} points. Rewards: " + "; ".join(parts_en) + "."
        for reward in rewards:
            if reward.id in wished:
                who = wished[reward.id]
                fr += f" {reward.name_fr} : c'est le souhait {_of(who)} !"
                en += f" {reward.name_en}: that's {who + chr(39) + 's' if who else 'your'} wish!"
        ctx.say(fr=fr, en=en)
        return []
