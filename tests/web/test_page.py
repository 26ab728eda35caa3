"""The customer's app page in headless Chromium (Debian's package) against a live server.

Every step goes through the page: it signs in as the Zertys with a demo token, chats over the
WebSocket with the real NLU and dialogue, receives a push written to the outbox by "another
process" (this test) and relayed by the server, edits and accepts the pre-filled list, books
an outing, reads points and receipts, and changes a consent that survives a reload. What the
page shows is checked against the database or the API as well.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from assistant.config import PROJECT_ROOT
from assistant.customers.models import Consent
from assistant.notify.service import enqueue
from assistant.outings.models import Booking
from tests.clock import NOW
from tests.web.conftest import WebServer

pytestmark = pytest.mark.slow

SCREENSHOT_COPY = PROJECT_ROOT / "var" / "screenshots" / "app.png"
TIMEOUT_MS = 30_000  # the first chat turn loads the NLU model
# Assertions wait as long as actions do: `expect` has its own 5 s default, too short for a push
# relayed on a loaded 2-core machine.
expect.set_options(timeout=TIMEOUT_MS)
EXPLANATION = "Vous avez commandé des sacs d'aspirateur : ils sont arrivés à votre magasin."


@pytest.fixture
def page(browser: Browser, web_server: WebServer) -> Iterator[Page]:
    """A phone-sized tab signed in as the Zertys, its socket subscribed to pushes."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(web_server.base + "/")
    expect(page).to_have_url(re.compile(r"/app/$"))
    first = page.get_by_test_id("signin-household").first
    expect(first).to_have_attribute("data-slug", "zerty")
    first.click()
    expect(page.get_by_test_id("household-name")).to_have_text("Famille Zerty")
    expect(page.get_by_test_id("ws-status")).to_have_attribute("data-state", "open")
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def _api(web_server: WebServer, page: Page, path: str) -> httpx.Response:
    """The API as the page's signed-in customer sees it (same token)."""
    token = page.evaluate("JSON.parse(sessionStorage.getItem('carchan.session')).token")
    return httpx.get(
        web_server.base + path, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def test_chat_answers_over_the_websocket(page: Page, web_server: WebServer, tmp_path: Path) -> None:
    page.get_by_label("Votre message").fill("Combien de points de fidélité avons-nous ?")
    page.get_by_test_id("chat-send").click()
    expect(page.get_by_test_id("chat-user")).to_have_text(
        "Combien de points de fidélité avons-nous ?"
    )
    reply = page.get_by_test_id("chat-reply").first
    expect(reply).to_contain_text("48")
    screenshot = tmp_path / "app.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot, SCREENSHOT_COPY)


def test_chat_buttons_send_their_payload(page: Page) -> None:
    # Outing suggestions come with a button per bookable outing ("/outing_book{...}").
    page.get_by_label("Votre message").fill("Quelles sorties nous proposes-tu ce week-end ?")
    page.get_by_test_id("chat-send").click()
    buttons = page.get_by_test_id("chat-button")
    expect(buttons.first).to_have_attribute("data-payload", re.compile(r"^/outing_book\{"))
    title = buttons.first.inner_text()
    buttons.first.click()
    expect(page.get_by_test_id("chat-user").last).to_have_text(title)
    expect(page.get_by_test_id("chat-reply")).to_have_count(2)


def test_a_push_arrives_live_with_its_explanation(page: Page, web_server: WebServer) -> None:
    with web_server.unit_of_work() as session:
        message = enqueue(
            session=session, household_id=web_server.zerty_id, channel="in_app",
            purpose="service", kind="order_ready", title="Sacs d'aspirateur arrivés",
            body="Ils vous attendent à l'accueil de Carchan Montparnasse.",
            explanation=EXPLANATION, transactional=True, settings=web_server.settings,
            now=NOW,
        )  # fmt: skip
        assert message is not None
    # Delivered on the socket while the chat tab is shown: a toast and an unread badge.
    toast = page.get_by_test_id("toast").filter(has_text="Sacs d'aspirateur arrivés")
    expect(toast).to_be_visible()
    expect(page.get_by_test_id("unread")).to_have_text("1")
    page.get_by_test_id("tab-notifications").click()
    push = page.get_by_test_id("push").filter(has_text="Sacs d'aspirateur arrivés")
    expect(push).to_have_count(1)
    expect(push).to_have_attribute("data-live", "true")
    expect(push).to_have_attribute("data-notification-id", str(message.id))
    expect(push.get_by_test_id("push-why")).to_have_text(EXPLANATION)
    expect(page.get_by_test_id("unread")).to_be_hidden()


def test_the_list_is_proposed_edited_and_accepted(page: Page, web_server: WebServer) -> None:
    page.get_by_test_id("tab-list").click()
    page.get_by_test_id("list-propose").click()
    lines = page.get_by_test_id("list-line")
    proposed = page.locator('[data-testid="list-line"][data-accepted="false"]')
    expect(proposed.first).to_be_visible()
    expect(page.get_by_test_id("list-store")).to_contain_text("Retrait à")
    # Each proposed line says why, and where the store is known, what it has in stock.
    expect(proposed.first.get_by_test_id("line-why")).not_to_be_empty()
    expect(proposed.first.get_by_test_id("line-stock")).to_be_visible()
    listed = _api(web_server, page, "/me/list").json()
    coupons = [line for line in listed["lines"] if line["coupon"] is not None]
    expect(page.get_by_test_id("line-coupon")).to_have_count(len(coupons))

    first = lines.first
    first_id = first.get_attribute("data-line-id")
    first.get_by_test_id("line-qty").fill("3")
    first.get_by_test_id("line-qty").press("Enter")
    edited = page.locator(f'[data-testid="list-line"][data-line-id="{first_id}"]')
    expect(edited).to_have_attribute("data-accepted", "true")
    expect(edited.get_by_test_id("line-qty")).to_have_value("3")

    count = lines.count()
    lines.nth(1).get_by_test_id("line-remove").click()
    expect(lines).to_have_count(count - 1)

    # Out of the allowed range: the API refuses and the page says why, with the code.
    edited.get_by_test_id("line-qty").fill("150")
    edited.get_by_test_id("line-qty").press("Enter")
    expect(page.get_by_test_id("error")).to_have_attribute("data-code", "validation_error")
    page.get_by_test_id("error-dismiss").click()

    page.get_by_test_id("list-accept").click()
    expect(proposed).to_have_count(0)
    expect(page.get_by_test_id("list-accept")).to_be_disabled()
    after = _api(web_server, page, "/me/list").json()
    assert after["proposed_count"] == 0
    assert len(after["lines"]) == count - 1
    quantities = {str(line["id"]): line["quantity"] for line in after["lines"]}
    assert quantities[first_id or ""] == 3


def test_an_outing_is_booked_with_its_calendar_file(page: Page, web_server: WebServer) -> None:
    page.get_by_test_id("tab-outings").click()
    event = page.get_by_test_id("event").filter(has_text="Cirque").first
    expect(event).to_be_visible()
    event_id = int(event.get_attribute("data-event-id") or 0)
    left = int(event.get_by_test_id("event-seats-left").inner_text().split()[0])
    event.get_by_label("Places").fill("2")
    event.get_by_test_id("event-book").click()
    booking = page.get_by_test_id("booking").first
    expect(booking).to_have_attribute("data-status", "confirmed")
    expect(booking.get_by_test_id("booking-status")).to_have_text("confirmée")
    refreshed = page.locator(f'[data-testid="event"][data-event-id="{event_id}"]')
    expect(refreshed.get_by_test_id("event-seats-left")).to_contain_text(f"{left - 2} place")

    with page.expect_download() as download_info:
        booking.get_by_test_id("booking-ics").click()
    ics = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "Cirque" in ics or "cirque" in ics.lower()

    with web_server.unit_of_work() as session:
        booked = session.exec(
            select(Booking).where(
                Booking.household_id == web_server.zerty_id, Booking.event_id == event_id
            )
        ).all()
    assert [(b.status, b.seats) for b in booked] == [("confirmed", 2)]


def test_points_rewards_and_receipts(page: Page) -> None:
    page.get_by_test_id("tab-loyalty").click()
    expect(page.get_by_test_id("points")).to_have_text("48")
    wished = page.get_by_test_id("reward").first
    expect(wished).to_have_attribute("data-wished", "true")
    expect(wished.get_by_test_id("reward-wished")).to_contain_text("André")
    receipts = page.get_by_test_id("receipt")
    expect(receipts).to_have_count(10)
    receipts.first.locator("summary").click()
    expect(receipts.first.locator(".lines li").first).to_be_visible()


def test_an_offer_is_put_on_the_card_and_taken_off(page: Page) -> None:
    page.get_by_test_id("tab-loyalty").click()
    offer = page.locator('[data-testid="offer"][data-loaded="false"]').first
    title = offer.locator("strong").inner_text()
    offer.get_by_test_id("offer-load").click()
    loaded = page.locator('[data-testid="offer"][data-loaded="true"]').filter(has_text=title)
    expect(loaded.get_by_test_id("offer-on-card")).to_have_text("Sur ma carte")
    loaded.get_by_test_id("offer-load").click()
    expect(
        page.locator('[data-testid="offer"][data-loaded="false"]').filter(has_text=title)
    ).to_have_count(1)


def test_a_consent_change_is_saved_and_survives_a_reload(page: Page, web_server: WebServer) -> None:
    page.get_by_test_id("tab-settings").click()
    box = page.get_by_test_id("consent-sms-marketing")
    expect(box).to_be_visible()
    before = box.is_checked()
    box.click()
    expect(page.get_by_test_id("consents-status")).to_contain_text("Enregistré")
    page.reload()
    expect(page.get_by_test_id("household-name")).to_have_text("Famille Zerty")
    page.get_by_test_id("tab-settings").click()
    expect(page.get_by_test_id("consent-sms-marketing")).to_be_checked(checked=not before)
    with web_server.unit_of_work() as session:
        consent = session.exec(
            select(Consent).where(
                Consent.household_id == web_server.zerty_id,
                Consent.channel == "sms",
                Consent.purpose == "marketing",
            )
        ).one()
    assert consent.granted is (not before)
