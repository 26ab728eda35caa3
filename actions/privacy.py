"""Stopping marketing messages, and the customer's data rights."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from actions.base import Ctx, DataAction
from assistant.customers.models import Channel, Consent, Purpose
from assistant.customers.records import set_consents
from assistant.customers.schemas import ConsentUpdate
from assistant.i18n import Msg

# Each has its words in the catalogue: chat.privacy.channel.<channel>.
MARKETING_CHANNELS = (Channel.push, Channel.email, Channel.in_app)


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
        said = (
            Msg("chat.privacy.stopped",
                {"channels": [ctx.text(f"chat.privacy.channel.{c}") for c in stopped]})
            if stopped
            else Msg("chat.privacy.already_stopped")
        )  # fmt: skip
        ctx.tell_all([said, Msg("chat.privacy.service_continues")])
        return []


class DataRequest(DataAction):
    def name(self) -> str:
        return "action_data_request"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        # Nothing is recorded here: the export and erasure API handles the request itself.
        ctx.tell("chat.privacy.data_request", household=ctx.household.name)
        return []
