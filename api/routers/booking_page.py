"""The page behind a click-to-book link (for a browser; JSON otherwise): one card, in the
household's language, the show's time in the household's time zone."""

from __future__ import annotations

import datetime as dt
from html import escape
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from assistant.errors import AppError
from assistant.i18n import Money, catalogue, render
from assistant.i18n.values import zone_city
from assistant.outings.schemas import BookingPublic, EventPublic, LinkPreview

# Inline style: the page is one response, readable on a phone, with no asset to fetch.
_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
:root{{color-scheme:light;--brand:#0b5cab;--ink:#1d2430;--muted:#5b6675}}
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
background:#eef2f7;color:var(--ink);line-height:1.45}}
header{{background:var(--brand);color:#fff;padding:.9rem 1.2rem;font-weight:600}}
main{{max-width:28rem;margin:1.2rem auto;padding:0 1rem}}
.card{{background:#fff;border-radius:14px;box-shadow:0 2px 10px rgba(0,0,0,.08);
padding:1.2rem 1.3rem}}
h1{{font-size:1.35rem;margin:0 0 .4rem}}
h2{{font-size:1.05rem;margin:1.1rem 0 .3rem}}
.meta{{color:var(--muted);margin:.2rem 0}}
.sums{{display:grid;gap:.35rem;border-top:1px solid #e3e8ef;margin-top:1rem;padding-top:.8rem}}
.total{{font-size:1.3rem;text-align:right}}
button{{width:100%;margin-top:1.1rem;font-size:1.1rem;padding:.85rem;border:0;
border-radius:10px;background:var(--brand);color:#fff;font-weight:600;cursor:pointer}}
.status{{margin-top:1rem;padding:.7rem .9rem;border-radius:10px;background:#e7f5ec}}
.status[data-status="cancelled"],.status[data-status="expired"],.error{{background:#fdecea}}
.error{{padding:.9rem 1rem;border-radius:10px}}
a{{color:var(--brand)}}
small{{color:var(--muted);display:block;margin-top:1rem}}
</style></head>
<body><header>{brand}</header><main>{body}</main></body></html>"""


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _aware(moment: dt.datetime) -> dt.datetime:
    # The database hands SQLite's datetimes back naive: they are UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _event_card(event: EventPublic, seats: int, total: int, lang: str, zone: ZoneInfo) -> str:
    starts = _aware(event.starts_at)
    when = render(lang, "booking.page.when", zone=zone, when=starts)
    where = ", ".join(part for part in (event.venue, event.city) if part)
    about = f'<p class="meta">{escape(event.description)}</p>' if event.description else ""
    seats_text = render(lang, "booking.page.seats", count=seats)
    each = render(lang, "booking.page.price_each", price=Money(event.price_cents))
    total_text = render(lang, "booking.page.total", total=Money(total))
    return (
        f"<h1>{escape(event.title)}</h1>{about}"
        f'<p class="meta" id="when" data-starts-at="{starts.isoformat()}">{escape(when)}</p>'
        + (f'<p class="meta">{escape(where)}</p>' if where else "")
        + f'<div class="sums"><span><strong data-seats="{seats}">{escape(seats_text)}</strong>'
        f" · {escape(each)}</span>"
        f'<strong class="total" data-total-cents="{total}">{escape(total_text)}</strong></div>'
    )


def page(
    lang: str, title: str, body: str, status_code: int = 200, *, brand: str = "booking.page.brand"
) -> HTMLResponse:
    """A one-card page in the house style (the booking and recipe pages)."""
    html = _PAGE.format(
        lang=lang, title=escape(title), brand=escape(render(lang, brand)),
        body=body,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status_code)


def _zone_note(lang: str, zone: ZoneInfo) -> str:
    note = render(lang, "booking.page.times_note", city=zone_city(zone, lang))
    return f"<small>{escape(note)}</small>"


def preview_page(preview: LinkPreview, lang: str, zone: ZoneInfo, action: str) -> HTMLResponse:
    if preview.booking is not None:
        return confirmation_page(preview.booking, lang, zone)
    card = _event_card(preview.event, preview.seats, preview.total_cents, lang, zone)
    button = escape(render(lang, "booking.page.book"))
    card += (
        f'<form method="post" action="{escape(action)}">'
        f'<button type="submit" id="book">{button}</button></form>'
    )
    body = f'<div class="card">{card}</div>{_zone_note(lang, zone)}'
    return page(lang, preview.event.title, body)


def confirmation_page(
    booking: BookingPublic, lang: str, zone: ZoneInfo, status_code: int = 200
) -> HTMLResponse:
    card = _event_card(booking.event, booking.seats, booking.total_cents, lang, zone)
    status = booking.status if booking.status in ("confirmed", "held", "cancelled") else "expired"
    said = render(lang, f"booking.page.booking.{status}", number=booking.id)
    card += (
        f'<p class="status" id="booking" data-status="{escape(booking.status)}">{escape(said)}</p>'
    )
    if booking.ics_url:
        calendar = escape(render(lang, "booking.page.calendar"))
        card += f'<p><a href="{escape(booking.ics_url)}">{calendar}</a></p>'
    body = f'<div class="card">{card}</div>{_zone_note(lang, zone)}'
    return page(lang, booking.event.title, body, status_code)


def error_page(error: AppError, lang: str) -> HTMLResponse:
    code = error.code if f"booking.error.{error.code}" in catalogue(lang) else "other"
    said = render(lang, f"booking.error.{code}")
    body = f'<div class="error" id="error" data-code="{escape(error.code)}">{escape(said)}</div>'
    return page(lang, "Carchan", body, error.status_code)
