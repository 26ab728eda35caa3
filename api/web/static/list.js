// The shopping list: the pickup store, the week's proposal (each line explained), edits,
// coupons and what they save, stock, then the order on a pickup slot.

import { api } from "./api.js";
import { h, replace, testid } from "./dom.js";
import { euros, longDay, t, time } from "./i18n.js";

const SLOTS_SHOWN = 8;

function name(item, lang) {
  return lang === "en" ? item.name_en : item.name_fr;
}

function stock(line, lang, ctx) {
  if (line.in_stock === null) return h("span", { class: "stock" }, t("list.stock_no_store"));
  if (line.in_stock) {
    return h("span", { class: "stock ok", "data-testid": "line-stock" }, t("list.in_stock", { count: line.stock }));
  }
  const parts = [h("span", { class: "stock out", "data-testid": "line-stock" }, t("list.out_of_stock"))];
  if (line.substitute) {
    const sub = line.substitute;
    parts.push(
      h("button", {
        type: "button", class: "small", "data-testid": "line-substitute",
        onclick: () => ctx.run(() => api(`/me/list/lines/${line.id}/substitute`, { method: "POST" })),
      }, t("list.replace_by", { name: name(sub, lang), price: euros(sub.price_cents) })),
      h("small", { class: "why" }, lang === "en" ? sub.explanation_en : sub.explanation_fr),
    );
  }
  return parts;
}

function lineItem(line, lang, ctx) {
  const label = name(line, lang);
  const qtyId = `qty-${line.id}`;
  const explanation = lang === "en" ? line.explanation_en : line.explanation_fr;
  const qty = h("input", {
    id: qtyId, type: "number", min: 1, max: 99, value: String(line.quantity),
    "data-testid": "line-qty",
    onchange: (event) => ctx.run(() => api(`/me/list/lines/${line.id}`, {
      method: "PATCH", body: { quantity: Number(event.target.value) },
    })),
  });
  return h("li", {
    class: line.accepted ? "card" : "card proposed", "data-testid": "list-line",
    "data-line-id": line.id, "data-accepted": String(line.accepted), "data-ean": line.ean,
  },
    h("div", { class: "row" },
      h("strong", { "data-testid": "line-name" }, label),
      line.accepted ? null : h("span", { class: "tag", "data-testid": "line-proposed" }, t("list.proposed")),
      h("span", { class: "price" }, euros(line.subtotal_cents - line.discount_cents)),
    ),
    explanation ? h("small", { class: "why", "data-testid": "line-why" }, explanation) : null,
    line.coupon ? h("p", { class: "coupon", "data-testid": "line-coupon" },
      t("list.coupon", { description: lang === "en" ? line.coupon.description_en : line.coupon.description_fr }),
      ` (−${euros(line.discount_cents)})`) : null,
    h("div", { class: "row" }, stock(line, lang, ctx)),
    h("div", { class: "row" },
      // The field says its purpose to screen readers; on screen the line's name says it.
      h("label", { for: qtyId, class: "visually-hidden" }, t("list.quantity_of", { name: label })),
      qty,
      h("button", {
        type: "button", class: "small danger", "data-testid": "line-remove",
        "aria-label": t("list.remove_label", { name: label }),
        onclick: () => ctx.run(async () => {
          await api(`/me/list/lines/${line.id}`, { method: "DELETE" });
          return api("/me/list");
        }),
      }, t("list.remove")),
    ),
  );
}

function coupons(list) {
  return list.lines.filter((line) => line.coupon).length + (list.basket_coupon ? 1 : 0);
}

function renderTotals(list, lang, ctx) {
  // `discount_cents` counts the basket coupon too, shown on its own row.
  const lineDiscount = list.discount_cents - list.basket_discount_cents;
  replace(testid("list-totals"),
    h("dt", {}, t("list.total")), h("dd", {}, euros(list.total_cents)),
    list.basket_coupon ? [
      h("dt", {}, t("list.basket_coupon", {
        description: lang === "en" ? list.basket_coupon.description_en : list.basket_coupon.description_fr,
      })),
      h("dd", { "data-testid": "list-basket-coupon" }, `−${euros(list.basket_discount_cents)}`)] : null,
    lineDiscount ? [h("dt", {}, t("list.coupons")),
      h("dd", { "data-testid": "list-discount" }, `−${euros(lineDiscount)}`)] : null,
    h("dt", {}, t("list.to_pay")), h("dd", { "data-testid": "list-to-pay" }, euros(list.to_pay_cents)),
    list.missing_count ? [h("dt", {}, t("list.missing")), h("dd", {}, String(list.missing_count))] : null,
  );
  testid("list-totals").hidden = list.lines.length === 0;
  // What the coupons save, in words; without any, the way to the coupons to put on the card.
  const savings = testid("list-savings");
  savings.hidden = list.lines.length === 0;
  replace(savings, list.discount_cents
    ? t("list.savings", { amount: euros(list.discount_cents), count: coupons(list) })
    : [t("list.no_savings"), " ", h("button", {
        type: "button", class: "link", "data-testid": "see-offers", onclick: () => ctx.showTab("loyalty"),
      }, t("list.see_offers"))]);
  savings.dataset.cents = String(list.discount_cents);
}

function renderStore(list, stores) {
  const select = testid("store-select");
  replace(select,
    list.store_id ? null : h("option", { value: "", selected: true, disabled: true }, t("list.store_choose")),
    stores.map((store) => h("option", {
      value: String(store.id), selected: store.id === list.store_id,
    }, store.city ? `${store.name} (${store.city})` : store.name)));
  const parts = [list.store_name ? t("list.pickup_at", { store: list.store_name }) : t("list.store_hint")];
  if (list.proposed_week) parts.push(t("list.week", { week: longDay(`${list.proposed_week}T12:00:00Z`) }));
  testid("list-store").textContent = parts.join(" · ");
}

export function render(list, ctx) {
  const lang = ctx.lang();
  renderStore(list, ctx.stores());
  replace(testid("list-lines"), list.lines.map((line) => lineItem(line, lang, ctx)));
  testid("list-empty").hidden = list.lines.length > 0;
  const accept = testid("list-accept");
  accept.disabled = list.proposed_count === 0;
  accept.textContent = list.proposed_count ? t("list.accept_count", { count: list.proposed_count }) : t("list.accept");
  renderTotals(list, lang, ctx);
  testid("order-open").disabled = list.lines.length === 0;
  ctx.listed(list);
}

// --- the order: a pickup slot of the list's store ---------------------------------------------

function slotLabel(slot) {
  return t("order.slot", { day: longDay(slot.starts_at), start: time(slot.starts_at), end: time(slot.ends_at) });
}

function orderItem(order, lang) {
  const slot = order.slot;
  return h("li", { class: "card", "data-testid": "order", "data-status": order.status, "data-order-id": order.id },
    h("div", { class: "row" },
      h("strong", {}, t("order.line", { number: order.id, store: order.store_name || "" })),
      h("span", { class: `tag ${order.status}`, "data-testid": "order-status" }, t(`order.status.${order.status}`))),
    slot ? h("p", { class: "meta" }, slotLabel(slot)) : null,
    h("p", { class: "meta" }, t("order.placed_pay", { amount: euros(order.to_pay_cents) }),
      order.discount_cents ? ` (${t("order.placed_saving", { amount: euros(order.discount_cents) })})` : null),
    h("details", {},
      h("summary", {}, t("loyalty.items", { count: order.lines.length })),
      h("ul", { class: "lines" }, order.lines.map((line) =>
        h("li", {}, `${line.quantity} × ${lang === "en" ? line.name_en : line.name_fr}`)))),
  );
}

function installOrder(ctx) {
  const form = testid("slots");
  const error = testid("order-error");
  const placed = testid("order-placed");
  const placeButton = testid("order-place");

  const close = () => {
    form.hidden = true;
    testid("order-open").hidden = false;
  };

  const showSlots = (slots) => {
    replace(testid("slot-list"), slots.length
      ? slots.map((slot) => h("label", { class: "slot", "data-testid": "slot", "data-slot-id": slot.id },
          h("input", { type: "radio", name: "slot", value: String(slot.id), onchange: () => { placeButton.disabled = false; } }),
          h("span", {}, slotLabel(slot)),
          h("small", { class: "meta" }, t("order.free", { count: slot.free }))))
      : h("p", { class: "empty" }, t("order.no_slots")));
  };

  testid("order-open").addEventListener("click", () => ctx.guard(async () => {
    placed.hidden = true;
    const list = ctx.current();
    if (!list || !list.store_id) {
      error.textContent = t("order.need_store");
      error.hidden = false;
      form.hidden = false;
      replace(testid("slot-list"));
      testid("store-select").focus();
      return;
    }
    showSlots(await api(`/stores/${list.store_id}/slots?limit=${SLOTS_SHOWN}`));
    placeButton.disabled = true;
    error.hidden = true;
    form.hidden = false;
    testid("order-open").hidden = true;
    form.scrollIntoView({ block: "nearest" });
  }, { inline: error }));

  testid("order-cancel").addEventListener("click", close);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="slot"]:checked');
    if (!chosen) return;
    ctx.guard(async () => {
      const order = await api("/me/orders", { method: "POST", body: { slot_id: Number(chosen.value) } });
      close();
      replace(placed,
        h("strong", {}, t("order.placed", {
          number: order.id, day: longDay(order.slot.starts_at), start: time(order.slot.starts_at),
          end: time(order.slot.ends_at), store: order.store_name || "",
        })),
        h("p", { class: "meta", "data-testid": "order-to-pay" },
          t("order.placed_pay", { amount: euros(order.to_pay_cents) }),
          order.discount_cents ? ` (${t("order.placed_saving", { amount: euros(order.discount_cents) })})` : null));
      placed.dataset.orderId = String(order.id);
      placed.hidden = false;
      await ctx.reload();
      placed.scrollIntoView({ block: "nearest" });
    }, { inline: error });
  });
}

// Stores that prepare orders for pickup ("drive"), the household's own first.
function pickupStores(stores, household) {
  const preferred = household ? household.preferred_store_id : null;
  return stores
    .filter((store) => store.services.includes("drive"))
    .sort((a, b) => Number(b.id === preferred) - Number(a.id === preferred));
}

export function install(ctx) {
  let current = null;
  let stores = [];
  // Every action answers the whole list, which is rendered again.
  const listCtx = {
    ...ctx,
    stores: () => stores,
    current: () => current,
    listed: (list) => { current = list; },
    run: (action, options) => ctx.guard(async () => {
      const list = await action();
      if (list) render(list, listCtx);
    }, options),
  };
  const loadOrders = async () => {
    const orders = await api("/me/orders");
    const open = orders.filter((order) => order.status !== "collected" && order.status !== "cancelled");
    replace(testid("orders"), open.length
      ? open.map((order) => orderItem(order, ctx.lang()))
      : h("li", { class: "empty" }, t("order.none")));
  };
  listCtx.reload = () => listCtx.run(async () => {
    const [list] = await Promise.all([api("/me/list"), loadOrders()]);
    return list;
  });

  testid("store-select").addEventListener("change", (event) => {
    const storeId = Number(event.target.value);
    listCtx.run(() => api("/me/list", { method: "PATCH", body: { store_id: storeId } }));
  });
  testid("list-propose").addEventListener("click", () =>
    listCtx.run(() => api("/me/list/propose", { method: "POST" })));
  testid("list-accept").addEventListener("click", () =>
    listCtx.run(() => api("/me/list/accept", { method: "POST" })));

  const addError = testid("add-error");
  const ean = testid("add-ean");
  ean.addEventListener("input", () => {
    ean.removeAttribute("aria-invalid");
    addError.hidden = true;
  });
  testid("list-add").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    ean.removeAttribute("aria-invalid");
    if (!ean.checkValidity()) {
      // The browser's own bubble speaks the browser's language: the catalogue's words here.
      ean.setAttribute("aria-invalid", "true");
      addError.textContent = t("errors.invalid_ean");
      addError.dataset.code = "invalid_ean";
      addError.hidden = false;
      return;
    }
    const body = { ean: ean.value.trim(), quantity: Number(form.quantity.value || 1) };
    listCtx.run(async () => {
      try {
        const list = await api("/me/list/lines", { method: "POST", body });
        form.reset();
        return list;
      } catch (error) {
        ean.setAttribute("aria-invalid", "true");
        ean.focus();
        throw error;
      }
    }, { inline: addError });
  });
  installOrder(listCtx);

  return () => ctx.guard(async () => {
    if (!stores.length) stores = pickupStores(await api("/stores?limit=50"), ctx.household());
    await listCtx.reload();
  });
}
