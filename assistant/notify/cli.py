"""`assistant notify relay`: deliver the outbox from the command line (or a worker container).

Handles push (when FCM_CREDENTIALS_FILE is set) and email (when SMTP_HOST is set). In-app
messages are pushed to sockets by the relay inside the API process (NOTIFY_RELAY_IN_API),
the only one that holds them; they wait in the inbox meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Annotated

import typer
from rich.console import Console

from assistant.config import get_settings

notify_app = typer.Typer(help="Notifications (outbox relay).", no_args_is_help=True)
console = Console()


@notify_app.callback()
def notify() -> None:
    """Notifications (outbox relay)."""


@notify_app.command("relay")
def relay(
    once: Annotated[bool, typer.Option("--once", help="deliver what is due, then exit")] = False,
    poll_seconds: Annotated[float, typer.Option(min=0.1)] = 2.0,
) -> None:
    """Deliver due notifications (push, email) until interrupted."""
    from assistant.db import get_engine
    from assistant.notify.relay import Relay, unit_of_work
    from assistant.notify.runtime import build_senders, close_senders

    settings = get_settings()
    senders = build_senders(settings)
    if not senders:
        console.print("[yellow]no channel configured[/yellow] (FCM_CREDENTIALS_FILE, SMTP_HOST)")
        raise typer.Exit(code=0 if once else 2)
    worker = Relay(sessions=unit_of_work(get_engine()), settings=settings, senders=senders)

    async def main() -> None:
        try:
            await deliver()
        finally:
            await close_senders(senders)

    async def deliver() -> None:
        if once:
            total = 0
            while (stats := await worker.run_once(now=worker.clock.now())).claimed:
                total += stats.sent
                console.print(
                    f"claimed {stats.claimed}: sent {stats.sent}, retry {stats.retried}, "
                    f"failed {stats.failed}, suppressed {stats.suppressed}"
                )
                if stats.claimed < worker.batch_size:
                    break
            console.print(f"done: {total} sent")
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        console.print(f"relay running: {', '.join(sorted(worker.senders))}")
        await worker.run_forever(stop=stop, poll_seconds=poll_seconds)

    asyncio.run(main())
