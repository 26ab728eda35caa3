// Points, rewards (the household's wishes flagged) and receipts.

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

export function install(ctx) {
  return () => ctx.guard(async () => {
    const [loyalty, rewards, receipts] = await Promise.all([
      api("/me/loyalty?limit=10"), api("/loyalty/rewards"), api("/me/receipts?limit=10"),
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
