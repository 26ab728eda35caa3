"""Stopping marketing messages, and the customer's data rights."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from actions.base import Ctx, DataAction
from assistant.customers.models import Channel, Consent, Purpose
from assistant.customers.records import set_consents
from assistant.customers.schemas import ConsentUpdate

MARKETING_CHANNELS = (Channel.push, Channel.email, Channel.in_app)
CHANNEL_NAMES = {
    "push": ("notifications push", "push notifications"),
    "email": ("e-mail", "email"),
    "in_app": ("messages dans l'application", "in-app messages"),
}


class NotificationsStop(DataAction):
    def name(self) -> str:
        return "action_notifications_stop"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        granted = {
            row.channel
            for row in ctx.session.exec(
                select(Consent).where(
                    Consent.household_id == ctx.household_id,
                    Consent.purpose == Purpose.marketing,
                    Consent.granted == True,  # noqa: E712
                )
            ).all()
        }
        set_consents(
            session=ctx.session,
            household=ctx.household,
            changes=[
                ConsentUpdate(channel=channel, purpose=Purpose.marketing, granted=False)
                for channel in MARKETING_CHANNELS
            ],
            source="assistant",
            now=ctx.now,
        )
        stopped = [channel.value for channel in MARKETING_CHANNELS if channel.value in granted]
        service_fr = " Les messages de service (commandes, retraits, réservations) continuent."
        service_en = " Service messages (orders, pickups, bookings) continue."
        if not stopped:
            ctx.say(
                fr="Vous ne receviez déjà aucun message promotionnel." + service_fr,
                en="You were not receiving any promotional message already." + service_en,
            )
            return []
        ctx.say(
            fr="C'est fait : plus de messages promotionnels par "
            + ", ".join(CHANNEL_NAMES[c][0] for c in stopped)
            + "."
            + service_fr,
            en="Done: no more promotional messages by "
            + ", ".join(CHANNEL_NAMES[c][1] for c in stopped)
            + "."
            + service_en,
        )
        return []


class DataRequest(DataAction):
    def name(self) -> str:
        return "action_data_request"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        # Nothing is recorded here: the export and erasure API handles the request itself.
        ctx.say(
            fr=f"Vous pouvez télécharger toutes les données du foyer {ctx.household.name} "
            "(profil, tickets, commandes, points, consentements) depuis l'application : "
            "c'est l'export (GET /me/export). Vous pouvez aussi demander l'effacement de "
            "votre compte dans Profil > Mes données ; l'effacement supprime le foyer et son "
            "historique.",
            en=f"You can download all the data of the {ctx.household.name} household "
            "(profile, receipts, orders, points, consents) from the app: that is the export "
            "(GET /me/export). You can also ask for your account to be erased in Profile > "
            "My data; erasure deletes the household and its history.",
        )
        return []
