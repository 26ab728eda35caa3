"""The Zerty day on a terminal: one Rich panel per moment, as it happens."""

from __future__ import annotations

import time

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from assistant.demo.scenario.moments import Moment
from assistant.i18n import LANGS, render

ICONS = {"radio": "📻", "push": "📱", "email": "✉️", "in_app": "💬", "chat": "💬",
         "staff": "🧑‍🔧", "till": "🧾", "hotline": "☎️"}  # fmt: skip
STYLES = {"radio": "cyan", "push": "magenta", "email": "blue", "chat": "green",
          "staff": "yellow", "till": "white", "hotline": "bright_green"}  # fmt: skip


class MomentPrinter:
    """Prints each moment; `speed` > 0 waits (simulated seconds / speed) between moments,
    so a 36-hour story plays in about a minute at the default 2,000."""

    def __init__(self, console: Console, *, speed: float = 0.0, max_wait: float = 3.0) -> None:
        self.console = console
        self.speed = speed
        self.max_wait = max_wait
        self._last: Moment | None = None

    def __call__(self, moment: Moment) -> None:
        if self.speed > 0 and self._last is not None:
            gap = (moment.at - self._last.at).total_seconds() / self.speed
            time.sleep(min(max(gap, 0.0), self.max_wait))
        self._last = moment
        body = Text()
        if moment.said:
            body.append(f"« {moment.said} »\n", style="bold")
        body.append(moment.text)
        for card in moment.data.get("cards", []):
            # A chat reply's cards, as the app shows them under the text.
            body.append(f"\n  • {card['title']}", style="bold")
            if card.get("price"):
                body.append(f" ({card['price']})")
            for line in card.get("lines", []):
                body.append(f"\n    {line}")
        lang = moment.lang if moment.lang in LANGS else "en"
        body.append("\n" + render(lang, "intents.why", why=moment.explanation), style="dim")
        title = f"{ICONS.get(moment.channel, '•')} {moment.local:%a %d/%m %H:%M} · {moment.channel}"
        title += f" · {moment.kind}" + (f" · {moment.title}" if moment.title else "")
        self.console.print(
            Panel(body, title=title, title_align="left", style=STYLES.get(moment.channel, ""))
        )
