"""The customer's app page in headless Chromium (Debian's package) against a live server, on a
390x844 phone screen.

Every step goes through the page: it signs in as the Zertys with a demo token, is greeted with
the household's news and suggestion chips, chats over the WebSocket with the real NLU and
dialogue (cards, quick replies, a booking confirmed by button), finds the conversation again
after a reload, shows a message sent while offline as not sent and retries it once the socket is
back, receives a push written to the outbox by "another process" (this test) and relayed by the
server, chooses the pickup store, edits and accepts the pre-filled list, orders it on a pickup
slot, books an outing, reads points and receipts, and changes a consent that survives a reload.
An English household gets the page in English. What the page shows is checked against the
database or the API as well.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, WebSocketRoute, expect
from sqlmodel import select

from api.channels.ws import sender_id_for
from assistant.config import PROJECT_ROOT
from assistant.customers.models import Consent
from assistant.dialogue.tracker_store import get_conversation
from assistant.notify.service import enqueue
from assistant.orders.models import Order
from assistant.outings.models import Booking, Event
from tests.clock import NOW
from tests.factories import make_household
from tests.web.conftest import WebServer

pytestmark = pytest.mark.slow

SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
SCREENSHOT_COPY = SCREENSHOTS / "app.png"
WIDTH = 390
TABS = ["chat", "notifications", "list", "outings", "loyalty", "settings"]
TIMEOUT_MS = 30_000  # the first chat turn loads the NLU model
# Assertions wait as long as actions do: `expect` has its own 5 s default, too short for a push
# relayed on a loaded 2-core machine.
expect.set_options(timeout=TIMEOUT_MS)
EXPLANATION = "Vous avez commandé des sacs d'aspirateur : ils sont arrivés à votre magasin."


@pytest.fixture
def phone(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Opens phone-sized tabs (closed at the end, with no uncaught error in them)."""
    contexts = []
    errors: list[str] = []

    def open_tab(locale: str = "fr-FR") -> Page:
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 844}, locale=locale, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def _no_form_in_progress(web_server: WebServer) -> None:
    """The Zertys' app conversation without a question pending from an earlier test (a booking
    asking for seats); what was said stays, for the history."""
    with web_server.unit_of_work() as session:
        conversation = get_conversation(
            session=session, sender_id=sender_id_for(web_server.zerty_id)
        )
        if conversation is not None:
            conversation.state = {}
            session.add(conversation)


def _sign_in(page: Page, web_server: WebServer, slug: str = "zerty") -> None:
    page.goto(web_server.base + "/")
    expect(page).to_have_url(re.compile(r"/app/$"))
    page.locator(f'[data-testid="signin-household"][data-slug="{slug}"]').click()
    expect(page.get_by_test_id("ws-status")).to_have_attribute("data-state", "open")


@pytest.fixture
def page(phone: Callable[..., Page], web_server: WebServer) -> Page:
    """A phone-sized tab signed in as the Zertys, its socket subscribed to pushes."""
    _no_form_in_progress(web_server)
    page = phone()
    page.goto(web_server.base + "/")
    expect(page).to_have_url(re.compile(r"/app/$"))
    first = page.get_by_test_id("signin-household").first
    expect(first).to_have_attribute("data-slug", "zerty")
    first.click()
    expect(page.get_by_test_id("household-name")).to_have_text("Famille Zerty")
    expect(page.get_by_test_id("ws-status")).to_have_attribute("data-state", "open")
    return page


def _live(page: Page, testid: str) -> Locator:
    """This visit's messages of that kind (the history restored on load left out)."""
    return page.locator(f'[data-testid="{testid}"]:not([data-history])')


def _say(page: Page, text: str) -> Locator:
    """Sends `text` and returns the assistant's first answer to it."""
    before = _live(page, "chat-reply").count()
    page.get_by_label("Votre message").fill(text)
    page.get_by_test_id("chat-send").click()
    expect(_live(page, "chat-user").last).to_have_text(text)
    answer = _live(page, "chat-reply").nth(before)
    expect(answer).to_be_visible()
    return answer


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"app-{name}.png"), full_page=True)


def _api(web_server: WebServer, page: Page, path: str) -> httpx.Response:
    """The API as the page's signed-in customer sees it (same token)."""
    token = page.evaluate("JSON.parse(sessionStorage.getItem('carchan.session')).token")
    return httpx.get(
        web_server.base + path, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def test_chat_answers_over_the_websocket(page: Page, web_server: WebServer, tmp_path: Path) -> None:
    reply = _say(page, "Combien de points de fidélité avons-nous ?")
    expect(reply).to_contain_text("48")
    screenshot = tmp_path / "app.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot, SCREENSHOT_COPY)


def test_chat_buttons_send_their_payload(page: Page) -> None:
    # Outing suggestions are cards, each with a button to book it ("/outing_book{...}").
    reply = _say(page, "Quelles sorties nous proposes-tu ce week-end ?")
    cards = reply.get_by_test_id("chat-card")
    expect(cards.first).to_have_attribute("data-kind", "outing")
    button = cards.first.get_by_test_id("card-button")
    expect(button).to_have_attribute("data-payload", re.compile(r"^/outing_book\{"))
    title = button.inner_text()
    button.click()
    expect(_live(page, "chat-user").last).to_have_text(title)
    expect(_live(page, "chat-reply")).to_have_count(2)


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
    expect(wished.get_by_test_id("reward-wished")).to_have_text("Souhaité par André")
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


# --- the customer's day on a phone, and the page as it should be --------------------------


def test_a_phone_walks_from_the_greeting_to_the_offers(page: Page, web_server: WebServer) -> None:
    # The greeting says what is waiting for the household, and its chips ask about it.
    greeting = page.get_by_test_id("chat-greeting")
    expect(greeting).to_contain_text("Votre commande vous attend à Carchan Montparnasse.")
    expect(greeting).to_contain_text("Plus que 2 points pour le souhait d'André")
    chips = greeting.get_by_test_id("chip")
    expect(chips.first).to_have_attribute("data-kind", "order")
    _screenshot(page, "1-greeting")
    loyalty_chip = chips.and_(page.locator('[data-kind="loyalty"]'))
    chip_text = loyalty_chip.inner_text()
    loyalty_chip.click()
    expect(_live(page, "chat-user").last).to_have_text(chip_text)
    expect(_live(page, "chat-reply").last).to_contain_text("48")

    # The list: a pickup store chosen from the list of stores, then the week's proposal.
    page.get_by_test_id("tab-list").click()
    page.get_by_label("Magasin de retrait").select_option(label="Carchan Montparnasse (Paris)")
    expect(page.get_by_test_id("list-store")).to_contain_text("Retrait à Carchan Montparnasse")
    page.get_by_test_id("list-propose").click()
    lines = page.get_by_test_id("list-line")
    expect(lines.first).to_be_visible()
    # The quantity field's label is for screen readers: on screen, the line's name says it.
    label = lines.first.locator("label")
    expect(label).to_have_class("visually-hidden")
    assert (label.bounding_box() or {"width": 0})["width"] <= 1
    # What the coupons save is said in words (or, with none, where to find coupons).
    listed = _api(web_server, page, "/me/list").json()
    expect(page.get_by_test_id("list-savings")).to_contain_text(
        "Vous économisez" if listed["discount_cents"] else "Aucun bon sur votre carte"
    )
    # An unknown EAN is said next to the field, in French; the banner at the top stays shut.
    page.get_by_label("Ajouter un produit (EAN)").fill("0000000000000")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    inline = page.get_by_test_id("add-error")
    expect(inline).to_have_text("Aucun produit ne porte ce code EAN : vérifiez les chiffres.")
    expect(inline).to_be_in_viewport()
    expect(page.get_by_test_id("error")).to_be_hidden()
    _screenshot(page, "2-list")

    # The list ordered on a pickup slot of that store.
    page.get_by_test_id("order-open").click()
    slot = page.get_by_test_id("slot").nth(1)
    slot_id = int(slot.get_attribute("data-slot-id") or 0)
    slot.click()
    page.get_by_test_id("order-place").click()
    placed = page.get_by_test_id("order-placed")
    expect(placed).to_contain_text("confirmée : retrait")
    expect(placed).to_contain_text("Carchan Montparnasse")
    expect(placed.get_by_test_id("order-to-pay")).to_contain_text(
        "économisés grâce à vos bons" if listed["discount_cents"] else "À payer"
    )
    order_id = int(placed.get_attribute("data-order-id") or 0)
    mine = page.locator(f'[data-testid="order"][data-order-id="{order_id}"]')
    expect(mine.get_by_test_id("order-status")).to_have_text("confirmée")
    expect(page.get_by_test_id("list-empty")).to_be_visible()
    _screenshot(page, "3-order")
    with web_server.unit_of_work() as session:
        order = session.get(Order, order_id)
        assert order is not None
        assert (order.household_id, order.status, order.slot_id) == (
            web_server.zerty_id, "placed", slot_id)  # fmt: skip

    # An outing booked by buttons: the card's, then the confirmation's "Oui".
    page.get_by_test_id("tab-chat").click()
    page.get_by_test_id("chat-greeting").get_by_test_id("chip").and_(
        page.locator('[data-kind="outings"]')
    ).click()
    cards = _live(page, "chat-reply").last.get_by_test_id("chat-card")
    outing = cards.filter(has_not_text="Cirque").first
    expect(outing).to_have_attribute("data-kind", "outing")
    event_id = int(outing.get_attribute("data-ref") or 0)
    outing.get_by_test_id("card-button").click()
    expect(_live(page, "chat-reply").last).to_contain_text("Pour combien de personnes ?")
    question = _say(page, "2")
    expect(question.get_by_test_id("chat-button")).to_have_text(["Oui", "Non"])
    question.get_by_test_id("chat-button").first.click()
    expect(_live(page, "chat-user").last).to_have_text("Oui")
    expect(_live(page, "chat-reply").last).to_contain_text("C'est réservé")
    # Answered: the question's buttons are switched off.
    expect(question.get_by_test_id("chat-button").first).to_be_disabled()
    _screenshot(page, "4-booking")
    with web_server.unit_of_work() as session:
        booked = session.exec(
            select(Booking).where(
                Booking.household_id == web_server.zerty_id, Booking.event_id == event_id
            )
        ).all()
        event = session.get(Event, event_id)
    assert [(b.status, b.seats) for b in booked] == [("confirmed", 2)]
    assert event is not None and event.title != "Cirque des Étoiles Filantes"

    # Recipes come as cards, each with its link.
    recipes = _say(page, "Une recette avec de la pintade").get_by_test_id("chat-card")
    expect(recipes.first).to_have_attribute("data-kind", "recipe")
    expect(recipes.first.get_by_test_id("card-link")).to_have_attribute("href", re.compile("."))
    _screenshot(page, "5-recipe")

    # Offers as cards in the chat, and on the loyalty tab.
    offers = _say(page, "Montre-moi les offres").get_by_test_id("chat-card")
    expect(offers.first).to_have_attribute("data-kind", "offer")
    page.get_by_test_id("tab-loyalty").click()
    expect(page.get_by_test_id("offer").first).to_be_visible()
    _screenshot(page, "6-offers")


def test_the_conversation_is_there_after_a_reload(page: Page) -> None:
    reply = _say(page, "Combien de points j'ai ?")
    expect(reply).to_contain_text("48")
    page.reload()
    expect(page.get_by_test_id("ws-status")).to_have_attribute("data-state", "open")
    restored_user = page.locator('[data-testid="chat-user"][data-history]').last
    expect(restored_user).to_have_text("Combien de points j'ai ?")
    expect(page.locator('[data-testid="chat-reply"][data-history]').last).to_contain_text("48")
    # Today's greeting comes after what was said before.
    expect(page.locator("[data-testid=chat-log] > li").last).to_have_attribute(
        "data-testid", "chat-greeting"
    )


def test_a_message_sent_offline_waits_for_a_retry(
    phone: Callable[..., Page], web_server: WebServer
) -> None:
    page = phone()
    down = {"now": False}
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        if down["now"]:
            ws.close()  # the server is unreachable
            return
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/ws/chat$"), route)
    _no_form_in_progress(web_server)
    _sign_in(page, web_server)
    status = page.get_by_test_id("ws-status")
    expect(status).to_have_text("en ligne")

    down["now"] = True
    sockets[-1].close()
    expect(status).to_have_attribute("data-state", "closed")
    expect(status).to_have_text("hors ligne")
    page.get_by_label("Votre message").fill("Combien de points j'ai ?")
    page.get_by_test_id("chat-send").click()
    sent = _live(page, "chat-user").last
    expect(sent).to_have_attribute("data-state", "failed")
    expect(sent.get_by_test_id("chat-failed")).to_contain_text("Pas envoyé")
    expect(page.get_by_test_id("chat-typing")).to_have_count(0)
    _screenshot(page, "offline")

    # Back online: the retry reconnects at once and sends the message.
    down["now"] = False
    sent.get_by_test_id("chat-retry").click()
    expect(status).to_have_attribute("data-state", "open")
    resent = _live(page, "chat-user").last
    expect(resent).to_have_text("Combien de points j'ai ?")
    expect(resent).to_have_attribute("data-state", "sent")
    expect(_live(page, "chat-reply").last).to_contain_text("48")
    expect(page.locator('[data-testid="chat-user"][data-state="failed"]')).to_have_count(0)
    _screenshot(page, "back-online")


def test_the_page_loads_cleanly_and_fits_the_phone(
    phone: Callable[..., Page], web_server: WebServer
) -> None:
    page = phone()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _sign_in(page, web_server)
    for tab in TABS:
        page.get_by_test_id(f"tab-{tab}").click()
        expect(page.locator(f"#panel-{tab}")).to_be_visible()
        page.wait_for_load_state("networkidle")
        # Nothing wider than the screen: the tabs wrap, no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, tab
    assert failed == []


def test_an_english_household_gets_the_page_in_english(
    phone: Callable[..., Page], web_server: WebServer
) -> None:
    with web_server.unit_of_work() as session:
        make_household(session, slug="smith", name="The Smiths", lang="en")
    page = phone(locale="en-GB")
    _sign_in(page, web_server, slug="smith")
    expect(page.get_by_test_id("tab-chat")).to_have_text("Chat")
    expect(page.get_by_test_id("ws-status")).to_have_text("online")
    expect(page.get_by_test_id("chat-greeting")).to_contain_text("What can I do for you?")
    expect(page.get_by_test_id("chip").first).to_be_visible()
    page.get_by_test_id("tab-list").click()
    expect(page.get_by_test_id("order-open")).to_have_text("Order this list")
    page.get_by_label("Add a product (EAN)").fill("0000000000000")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("add-error")).to_have_text(
        "No product has this EAN code: please check the digits."
    )
    _screenshot(page, "english")
