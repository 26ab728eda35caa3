// The shopping list: the week's proposal (each line explained), edits, coupons and stock.

import { api } from "./api.js";
import { euros, h, replace, testid } from "./dom.js";

function name(item, lang) {
  return lang === "en" ? item.name_en : item.name_fr;
}

function stock(line, lang, ctx) {
  if (line.in_stock === null) return h("span", { class: "stock" }, "stock : choisissez un magasin");
  if (line.in_stock) {
    return h("span", { class: "stock ok", "data-testid": "line-stock" }, `en stock (${line.stock})`);
  }
  const parts = [h("span", { class: "stock out", "data-testid": "line-stock" }, "rupture en magasin")];
  if (line.substitute) {
    const sub = line.substitute;
    parts.push(
      h("button", {
        type: "button", class: "small", "data-testid": "line-substitute",
        onclick: () => ctx.run(() => api(`/me/list/lines/${line.id}/substitute`, { method: "POST" })),
      }, `Remplacer par ${name(sub, lang)} (${euros(sub.price_cents)})`),
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
      line.accepted ? null : h("span", { class: "tag", "data-testid": "line-proposed" }, "proposé"),
      h("span", { class: "price" }, euros(line.subtotal_cents - line.discount_cents)),
    ),
    explanation ? h("small", { class: "why", "data-testid": "line-why" }, explanation) : null,
    line.coupon ? h("p", { class: "coupon", "data-testid": "line-coupon" },
      `Coupon ${line.coupon.code} : ${lang === "en" ? line.coupon.description_en : line.coupon.description_fr}`,
      ` (−${euros(line.discount_cents)})`) : null,
    h("div", { class: "row" }, stock(line, lang, ctx)),
    h("div", { class: "row" },
      h("label", { for: qtyId }, `Quantité de ${label}`),
      qty,
      h("button", {
        type: "button", class: "small danger", "data-testid": "line-remove",
        "aria-label": `Retirer ${label} de la liste`,
        onclick: () => ctx.run(async () => {
          await api(`/me/list/lines/${line.id}`, { method: "DELETE" });
          return api("/me/list");
        }),
      }, "Retirer"),
    ),
  );
}

export function render(list, ctx) {
  const lang = ctx.lang();
  const store = list.store_name ? `Retrait à ${list.store_name}` : "Aucun magasin choisi";
  const week = list.proposed_week ? ` · semaine du ${list.proposed_week}` : "";
  testid("list-store").textContent = store + week;
  replace(testid("list-lines"), list.lines.map((line) => lineItem(line, lang, ctx)));
  testid("list-empty").hidden = list.lines.length > 0;
  const accept = testid("list-accept");
  accept.disabled = list.proposed_count === 0;
  accept.textContent = list.proposed_count
    ? `Tout accepter (${list.proposed_count} proposé${list.proposed_count > 1 ? "s" : ""})`
    : "Tout accepter";
  replace(testid("list-totals"),
    h("dt", {}, "Total"), h("dd", {}, euros(list.total_cents)),
    list.basket_coupon ? [h("dt", {}, list.basket_coupon.description_fr),
      h("dd", { "data-testid": "list-basket-coupon" }, `−${euros(list.basket_discount_cents)}`)] : null,
    h("dt", {}, "Coupons"), h("dd", { "data-testid": "list-discount" }, `−${euros(list.discount_cents)}`),
    h("dt", {}, "À payer"), h("dd", { "data-testid": "list-to-pay" }, euros(list.to_pay_cents)),
    list.missing_count ? [h("dt", {}, "En rupture"), h("dd", {}, String(list.missing_count))] : null,
  );
}

export function install(ctx) {
  // Every action answers the whole list, which is rendered again.
  const listCtx = {
    lang: ctx.lang,
    run: (action) => ctx.guard(async () => render(await action(), listCtx)),
  };
  testid("list-propose").addEventListener("click", () =>
    listCtx.run(() => api("/me/list/propose", { method: "POST" })));
  testid("list-accept").addEventListener("click", () =>
    listCtx.run(() => api("/me/list/accept", { method: "POST" })));
  testid("list-add").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const body = { ean: form.ean.value.trim(), quantity: Number(form.quantity.value || 1) };
    listCtx.run(async () => {
      const list = await api("/me/list/lines", { method: "POST", body });
      form.reset();
      return list;
    });
  });
  return () => listCtx.run(() => api("/me/list"));
}
