"""Which senders a process runs, from the settings, and the relay task of the API process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.engine import Engine

from assistant.clock import Clock
from assistant.config import Settings
from assistant.notify.relay import Relay, unit_of_work
from assistant.notify.senders import EmailSender, InAppSender, Publish, Sender

log = logging.getLogger(__name__)


def build_senders(settings: Settings, *, publish: Publish | None = None) -> list[Sender]:
    """A sender per configured channel; in-app only where the sockets are (`publish`)."""
    senders: list[Sender] = []
    if settings.fcm_credentials_file is not None:
        from assistant.notify.fcm import FcmSender

        senders.append(FcmSender(settings))
    if settings.smtp_host:
        senders.append(EmailSender(settings))
    if publish is not None:
        senders.append(InAppSender(publish))
    return senders


async def close_senders(senders: list[Sender]) -> None:
    """Release what senders hold (FCM's HTTP client), on the loop that used it."""
    for sender in senders:
        aclose = getattr(sender, "aclose", None)
        if aclose is not None:
            await aclose()


@contextlib.asynccontextmanager
async def relay_task(
    *, settings: Settings, engine: Engine, publish: Publish, clock: Clock | None = None,
    poll_seconds: float = 1.0,
) -> AsyncIterator[Relay]:  # fmt: skip
    """Run a relay on the current event loop for the duration of the block."""
    senders = build_senders(settings, publish=publish)
    relay = Relay(sessions=unit_of_work(engine), settings=settings, senders=senders, clock=clock)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run_forever(stop=stop, poll_seconds=poll_seconds))
    try:
        yield relay
    finally:
        stop.set()
        await task
        await close_senders(senders)
