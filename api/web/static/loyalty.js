// Points, coupons to put on the card, rewards (the household's wishes flagged) and receipts.

import { api } from "./api.js";
import { day, euros, h, replace, testid, when } from "./dom.js";

function rewardItem(reward) {
  return h("li", {
    class: reward.wished ? "card wished" : "card", "data-testid": "reward",
    "data-wished": String(reward.wished),
  },
    h("div", { class: "row" },
      h("strong", {}, reward.name),
      h("span", { class: "price" }, `${reward.points_cost} pts`)),
    reward.wished ? h("p", { class: "tag wish", "data-testid": "reward-wished" },
      reward.wished_by ? `Le souhait de ${reward.wished_by}` : "Un souhait du foyer") : null,
    h("p", { class: "meta" }, reward.affordable
      ? "Vous avez assez de points."
      : `Encore ${reward.missing_points} points.`),
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
  }, h("summary", {}, `${receipt.line_count} article(s)`));
  return h("li", { class: "card", "data-testid": "receipt", "data-receipt-id": receipt.id },
    h("div", { class: "row" },
      h("strong", {}, day(receipt.purchased_at)),
      h("span", { class: "price", "data-testid": "receipt-total" }, euros(receipt.total_cents))),
    h("p", { class: "meta" },
      `${receipt.kind === "fuel" ? "carburant" : "courses"} · ${receipt.store_code || "magasin"}`,
      receipt.discount_cents ? ` · remises ${euros(receipt.discount_cents)}` : ""),
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
  }, offer.loaded ? "Retirer de ma carte" : "Mettre sur ma carte");
  return h("li", { class: "card", "data-testid": "offer", "data-loaded": String(offer.loaded) },
    h("div", { class: "row" }, h("strong", {}, offer.description),
      offer.loaded ? h("span", { class: "tag confirmed", "data-testid": "offer-on-card" }, "Sur ma carte") : null),
    h("p", { class: "meta" }, offer.explanation),
    offer.valid_to ? h("p", { class: "meta" }, `Jusqu'au ${day(offer.valid_to)}`) : null,
    toggle,
  );
}

async function renderOffers(ctx) {
  const offers = await api("/me/offers?lang=fr");
  const refresh = () => renderOffers(ctx);
  replace(testid("offers"), offers.offers.length
    ? offers.offers.map((offer) => offerItem(offer, ctx, refresh))
    : h("li", { class: "empty" }, "Aucune offre en ce moment."));
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
      : h("li", { class: "empty" }, "Aucun ticket."));
    replace(testid("ledger"), loyalty.items.map((entry) =>
      h("li", {}, h("span", {}, `${when(entry.created_at)} — ${entry.reason}`),
        h("span", { class: entry.points < 0 ? "price neg" : "price" },
          `${entry.points > 0 ? "+" : ""}${entry.points}`))));
  });
}
