// Outings and store events: book seats at once (confirm), see bookings, get the .ics.

import { api, apiBlob } from "./api.js";
import { h, replace, testid } from "./dom.js";
import { euros, has, t, when } from "./i18n.js";

function kindOf(event) {
  return has(`outings.kind.${event.kind}`) ? t(`outings.kind.${event.kind}`) : event.kind;
}

function newKey() {
  // One key per click: a retried request never books twice.
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

async function downloadIcs(booking, ctx) {
  await ctx.guard(async () => {
    const blob = await apiBlob(`/me/bookings/${booking.id}.ics`);
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `reservation-${booking.id}.ics`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}

function eventItem(event, ctx) {
  const seatsId = `seats-${event.id}`;
  const ages = event.min_age || event.max_age
    ? ` · ${t("outings.ages", { low: event.min_age ?? 0, high: event.max_age ?? 99 })}` : "";
  const form = h("form", {
    class: "row",
    onsubmit: (submit) => {
      submit.preventDefault();
      const seats = Number(form.seats.value);
      ctx.guard(async () => {
        const booking = await api("/me/bookings", {
          method: "POST", headers: { "Idempotency-Key": newKey() },
          body: { event_id: event.id, seats, confirm: true },
        });
        ctx.notice(t("outings.booked", { title: booking.event.title, count: booking.seats }));
        await ctx.reload();
      });
    },
  },
    h("label", { for: seatsId }, t("outings.seats")),
    h("input", {
      id: seatsId, name: "seats", type: "number", min: 1, max: Math.max(1, Math.min(event.seats_left, 10)),
      value: "1", "data-testid": "event-seats",
    }),
    h("button", { type: "submit", "data-testid": "event-book", disabled: !event.bookable || event.seats_left < 1 },
      event.price_cents ? t("outings.book_price", { price: euros(event.price_cents) }) : t("outings.book_free")),
  );
  return h("li", { class: "card", "data-testid": "event", "data-event-id": event.id },
    h("strong", { "data-testid": "event-title" }, event.title),
    h("p", { class: "meta" },
      `${when(event.starts_at)} · ${kindOf(event)}${ages}`,
      event.venue ? ` · ${event.venue}` : "", event.city ? `, ${event.city}` : ""),
    event.description ? h("p", {}, event.description) : null,
    h("p", { class: "meta", "data-testid": "event-seats-left" },
      event.bookable ? t("outings.seats_left", { count: event.seats_left }) : t("outings.free_entry")),
    event.bookable ? form : null,
  );
}

function bookingItem(booking, ctx) {
  return h("li", { class: "card", "data-testid": "booking", "data-status": booking.status },
    h("strong", {}, booking.event.title),
    h("p", { class: "meta" }, `${when(booking.event.starts_at)} · ${t("outings.seats_count", { count: booking.seats })} · ${euros(booking.total_cents)}`),
    h("p", {}, h("span", { class: `tag ${booking.status}`, "data-testid": "booking-status" },
      has(`outings.status.${booking.status}`) ? t(`outings.status.${booking.status}`) : booking.status)),
    booking.status === "confirmed" ? h("div", { class: "row" },
      h("a", {
        href: `/me/bookings/${booking.id}.ics`, "data-testid": "booking-ics",
        onclick: (click) => { click.preventDefault(); downloadIcs(booking, ctx); },
      }, t("outings.calendar")),
      h("button", {
        type: "button", class: "small danger", "data-testid": "booking-cancel",
        onclick: () => ctx.guard(async () => {
          await api(`/me/bookings/${booking.id}/cancel`, { method: "POST" });
          await ctx.reload();
        }),
      }, t("outings.cancel")),
    ) : null,
  );
}

export function install(ctx) {
  const outingsCtx = { ...ctx, reload: null };
  const load = async () => {
    const [events, bookings] = await Promise.all([api("/events"), api("/me/bookings")]);
    replace(testid("events"), events.length
      ? events.map((event) => eventItem(event, outingsCtx))
      : h("li", { class: "empty" }, t("outings.none")));
    replace(testid("bookings"), bookings.length
      ? bookings.map((booking) => bookingItem(booking, outingsCtx))
      : h("li", { class: "empty" }, t("outings.no_bookings")));
  };
  outingsCtx.reload = load;
  return () => ctx.guard(load);
}
