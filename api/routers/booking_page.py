"""The minimal HTML pages behind a click-to-book link (for a browser; JSON otherwise)."""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse

from assistant.errors import AppError
from assistant.outings.schemas import BookingPublic, EventPublic, LinkPreview

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1.1rem;padding:.6rem 1.4rem}}</style></head>
<body>{body}</body></html>"""


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _money(cents: int, lang: str) -> str:
    euros = f"{cents / 100:.2f}"
    return f"€{euros}" if lang == "en" else f"{euros.replace('.', ',')} €"


def _event_lines(event: EventPublic, seats: int, total: int, lang: str) -> str:
    when = event.starts_at.strftime("%d/%m/%Y %H:%M UTC")
    where = ", ".join(escape(part) for part in (event.venue, event.city) if part)
    label = ("Places", "Total") if lang == "fr" else ("Seats", "Total")
    return (
        f"<h1>{escape(event.title)}</h1><p>{when}<br>{where}</p>"
        f'<p>{label[0]} : <strong data-seats="{seats}">{seats}</strong><br>'
        f'{label[1]} : <strong data-total-cents="{total}">{_money(total, lang)}</strong></p>'
    )


def _page(lang: str, title: str, body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(lang=lang, title=escape(title), body=body), status_code=status_code
    )


def preview_page(preview: LinkPreview, lang: str, action: str) -> HTMLResponse:
    body = _event_lines(preview.event, preview.seats, preview.total_cents, lang)
    if preview.booking is not None:
        return confirmation_page(preview.booking, lang)
    button = "Réserver" if lang == "fr" else "Book"
    body += (
        f'<form method="post" action="{escape(action)}">'
        f'<button type="submit" id="book">{button}</button></form>'
    )
    return _page(lang, preview.event.title, body)


def confirmation_page(booking: BookingPublic, lang: str, status_code: int = 200) -> HTMLResponse:
    body = _event_lines(booking.event, booking.seats, booking.total_cents, lang)
    if lang == "fr":
        body += f'<p id="booking" data-status="{booking.status}">Réservation n° {booking.id} : '
        body += "confirmée.</p>" if booking.status == "confirmed" else f"{booking.status}.</p>"
        calendar = "Ajouter à mon agenda"
    else:
        body += f'<p id="booking" data-status="{booking.status}">Booking #{booking.id}: '
        body += f"{booking.status}.</p>"
        calendar = "Add to my calendar"
    if booking.ics_url:
        body += f'<p><a href="{escape(booking.ics_url)}">{calendar} (.ics)</a></p>'
    return _page(lang, booking.event.title, body, status_code)


def error_page(error: AppError, lang: str) -> HTMLResponse:
    messages = {
        "sold_out": ("Désolé, c'est complet.", "Sorry, it is sold out."),
        "booking_link_expired": ("Ce lien a expiré.", "This link has expired."),
        "booking_link_invalid": ("Ce lien n'est pas valide.", "This link is not valid."),
    }
    fr, en = messages.get(error.code, (error.message, error.message))
    body = (
        f'<p id="error" data-code="{escape(error.code)}">{escape(fr if lang == "fr" else en)}</p>'
    )
    return _page(lang, "Carchan", body, error.status_code)
