// Points, coupons to put on the card, rewards (the household's wishes flagged) and receipts.

import { api } from "./api.js";
import { h, replace, testid } from "./dom.js";
import { day, euros, t, when } from "./i18n.js";

function rewardItem(reward) {
  return h("li", {
    class: reward.wished ? "card wished" : "card", "data-testid": "reward",
    "data-wished": String(reward.wished),
  },
    h("div", { class: "row" },
      h("strong", {}, reward.name),
      h("span", { class: "price" }, t("loyalty.cost", { count: reward.points_cost }))),
    reward.wished ? h("p", { class: "tag wish", "data-testid": "reward-wished" },
      reward.wished_by ? t("loyalty.wished_by", { who: reward.wished_by }) : t("loyalty.wished")) : null,
    h("p", { class: "meta" }, reward.affordable
      ? t("loyalty.affordable")
      : t("loyalty.short", { count: reward.missing_points })),
  );
}

async function receiptLines(details, receipt, ctx) {
  if (details.dataset.loaded) return;
  details.dataset.loaded = "1";
  await ctx.guard(async () => {
    const full = await api(`/me/receipts/${receipt.id}`);
    details.append(h("ul", { class: "lines" }, full.lines.map((line) =>
      h("li", {}, `${line.quantity} × ${line.label}`, h("span", { class: "price" }, euros(line.amount_cents))))));
  });
}

function receiptItem(receipt, ctx) {
  const details = h("details", {
    ontoggle: () => { if (details.open) receiptLines(details, receipt, ctx); },
  }, h("summary", {}, t("loyalty.items", { count: receipt.line_count })));
  return h("li", { class: "card", "data-testid": "receipt", "data-receipt-id": receipt.id },
    h("div", { class: "row" },
      h("strong", {}, day(receipt.purchased_at)),
      h("span", { class: "price", "data-testid": "receipt-total" }, euros(receipt.total_cents))),
    h("p", { class: "meta" },
      `${t(receipt.kind === "fuel" ? "loyalty.fuel" : "loyalty.groceries")} · ${receipt.store_code || t("loyalty.store")}`,
      receipt.discount_cents ? ` · ${t("loyalty.discounts", { amount: euros(receipt.discount_cents) })}` : ""),
    details,
  );
}

function offerItem(offer, ctx, refresh) {
  const toggle = h("button", {
    type: "button", class: offer.loaded ? "small danger" : "small", "data-testid": "offer-load",
    "aria-pressed": String(offer.loaded),
    onclick: () => ctx.guard(async () => {
      await api(`/me/offers/${offer.coupon_id}/load`, { method: offer.loaded ? "DELETE" : "POST" });
      await refresh();
    }),
  }, offer.loaded ? t("loyalty.unload") : t("loyalty.load"));
  return h("li", { class: "card", "data-testid": "offer", "data-loaded": String(offer.loaded) },
    h("div", { class: "row" }, h("strong", {}, offer.description),
      offer.loaded ? h("span", { class: "tag confirmed", "data-testid": "offer-on-card" }, t("loyalty.on_card")) : null),
    h("p", { class: "meta" }, offer.explanation),
    offer.valid_to ? h("p", { class: "meta" }, t("loyalty.until", { day: day(offer.valid_to) })) : null,
    toggle,
  );
}

async function renderOffers(ctx) {
  const offers = await api(`/me/offers?lang=${ctx.lang()}`);
  const refresh = () => renderOffers(ctx);
  replace(testid("offers"), offers.offers.length
    ? offers.offers.map((offer) => offerItem(offer, ctx, refresh))
    : h("li", { class: "empty" }, t("loyalty.no_offers")));
}

export function install(ctx) {
  return () => ctx.guard(async () => {
    const [loyalty, rewards, receipts] = await Promise.all([
      api("/me/loyalty?limit=10"), api("/loyalty/rewards"), api("/me/receipts?limit=10"),
      renderOffers(ctx),
    ]);
    testid("points").textContent = String(loyalty.balance);
    // The wished reward first: it is the one the household is saving for.
    const ordered = [...rewards.items].sort((a, b) => Number(b.wished) - Number(a.wished));
    replace(testid("rewards"), ordered.map(rewardItem));
    replace(testid("receipts"), receipts.items.length
      ? receipts.items.map((receipt) => receiptItem(receipt, ctx))
      : h("li", { class: "empty" }, t("loyalty.no_receipts")));
    replace(testid("ledger"), loyalty.items.map((entry) =>
      h("li", {}, h("span", {}, `${when(entry.created_at)} — ${entry.reason}`),
        h("span", { class: entry.points < 0 ? "price neg" : "price" },
          `${entry.points > 0 ? "+" : ""}${entry.points}`))));
  });
}
