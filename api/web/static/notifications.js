// Proactive messages: the inbox, live pushes from the socket, each with its "why".

import { api } from "./api.js";
import { h, testid } from "./dom.js";
import { t, when } from "./i18n.js";

function card(message, live) {
  return h("li", {
    class: live ? "card live" : "card", "data-testid": "push", "data-kind": message.kind,
    "data-notification-id": message.notification_id ?? message.id, "data-live": String(live),
  },
    h("div", { class: "row" },
      h("strong", { "data-testid": "push-title" }, message.title),
      live ? h("span", { class: "tag" }, t("alerts.new")) : h("small", { class: "meta" }, when(message.created_at))),
    h("p", { "data-testid": "push-body" }, message.body),
    h("p", { class: "why" },
      h("span", { class: "why-label" }, t("alerts.why")),
      h("span", { "data-testid": "push-why" }, message.explanation || "—")),
  );
}

export function install(ctx) {
  const list = testid("push-list");
  const badge = testid("unread");
  let unread = 0;
  const seen = new Set();

  const showUnread = () => {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
  };

  const pushed = (event) => {
    const id = event.notification_id;
    if (id !== undefined && seen.has(id)) return;
    if (id !== undefined) seen.add(id);
    list.prepend(card(event, true));
    if (!ctx.isActive("notifications")) {
      unread += 1;
      showUnread();
    }
    ctx.toast(event.title, event.explanation);
  };

  const load = () => ctx.guard(async () => {
    const inbox = await api("/me/notifications?limit=30");
    const fresh = inbox.filter((message) => !seen.has(message.id));
    for (const message of fresh) seen.add(message.id);
    // The inbox is newest first: the first load fills the list, later ones bring newer ones.
    const cards = fresh.map((message) => card(message, false));
    if (list.children.length === 0) list.append(...cards);
    else list.prepend(...cards);
  });

  const opened = () => {
    unread = 0;
    showUnread();
  };
  return { pushed, load, opened };
}
