// The chat view: the greeting with its suggestion chips, the conversation restored from the
// server, replies drawn with their cards and quick-reply buttons, and messages that could not
// be sent shown as such, with a retry.

import { api, describe } from "./api.js";
import { h, testid } from "./dom.js";
import { t } from "./i18n.js";

const HISTORY_LIMIT = 30;
// Worth a retry by the customer; other refusals (too long, rate limited) are said as errors.
const RETRYABLE = new Set(["offline", "connection_lost", "timeout"]);

function log() {
  return testid("chat-log");
}

function show(item) {
  log().append(item);
  item.scrollIntoView({ block: "end" });
}

// Addresses in a reply's text become links (built as elements: the text stays text).
const ADDRESS = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)]+$/;

function linked(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const url = match[0].replace(TRAILING, "");
    parts.push(text.slice(last, match.index),
      h("a", { href: url, target: "_blank", rel: "noopener", "data-testid": "reply-link" }, url));
    last = match.index + url.length;
  }
  parts.push(text.slice(last));
  return parts;
}

function link(target) {
  return h("a", {
    href: target.url, target: "_blank", rel: "noopener", "data-testid": "card-link",
  }, target.title || t("chat.open_link"));
}

export function install(ctx) {
  let loaded = false;
  // Messages whose retry waits for the socket to open again: item -> text to send.
  const waiting = new Map();

  // Quick replies answer the latest question only: older ones are switched off.
  const retireQuickReplies = () => {
    for (const button of log().querySelectorAll('[data-testid="chat-button"]')) button.disabled = true;
  };

  const buttonFor = (button, testId, className) => h("button", {
    type: "button", class: className, "data-testid": testId, "data-payload": button.payload,
    onclick: () => send(button.title, button.payload),
  }, button.title);

  // A card's tags are for the page ("wish", "on_card"): they style it, they are not words.
  const card = (item) => h("li", {
    class: ["chat-card", item.kind, ...(item.tags || []).map((tag) => `tag-${tag}`)].join(" "),
    "data-testid": "chat-card", "data-kind": item.kind, "data-ref": item.ref ?? null,
    "data-tags": (item.tags || []).join(" ") || null,
  },
    h("div", { class: "row" },
      h("strong", { "data-testid": "card-title" }, item.title),
      item.price ? h("span", { class: "price" }, item.price) : null),
    (item.lines || []).map((line) => h("p", { class: "card-line" }, line)),
    item.link || (item.buttons || []).length ? h("div", { class: "row card-actions" },
      item.link ? link(item.link) : null,
      (item.buttons || []).map((button) => buttonFor(button, "card-button", "small"))) : null,
  );

  const botMessage = (reply, { history = false, active = true } = {}) => {
    const custom = reply.custom || {};
    const cards = custom.cards || [];
    const item = h("li", {
      class: "msg bot", "data-testid": "chat-reply", "data-history": history ? "true" : null,
      "data-message": custom.message ? custom.message.id : null,
    },
      reply.text ? h("p", {}, linked(reply.text)) : null,
      cards.length ? h("ul", { class: "chat-cards" }, cards.map(card)) : null,
    );
    const buttons = reply.buttons || [];
    if (buttons.length) {
      const row = h("div", { class: "chat-buttons" },
        buttons.map((button) => buttonFor(button, "chat-button", "small quick")));
      if (!active) for (const button of row.children) button.disabled = true;
      item.append(row);
    }
    return item;
  };

  const userMessage = (text, { history = false } = {}) => h("li", {
    class: "msg user", "data-testid": "chat-user", "data-history": history ? "true" : null,
  }, h("p", {}, text));

  const resend = (item, text) => {
    waiting.delete(item);
    item.remove();
    send(item.querySelector("p").textContent, text);
  };

  const failed = (item, text, error) => {
    item.dataset.state = "failed";
    const note = h("span", {}, t("chat.not_sent"), RETRYABLE.has(error.code) ? null : ` — ${describe(error)}`);
    const retry = h("button", {
      type: "button", class: "small retry", "data-testid": "chat-retry",
      onclick: () => {
        const socket = ctx.socket();
        if (socket && socket.isOpen) {
          resend(item, text);
          return;
        }
        // Still offline: reconnect now, and send as soon as the socket is back.
        item.dataset.state = "waiting";
        note.textContent = t("status.connecting");
        retry.disabled = true;
        waiting.set(item, { text, note, retry });
        if (socket) socket.reconnectNow();
      },
    }, t("chat.retry"));
    item.querySelector(".msg-failed")?.remove();
    item.append(h("div", { class: "msg-failed", "data-testid": "chat-failed" }, note, retry));
    item.scrollIntoView({ block: "end" });
  };

  // The socket's state: a retry waiting for it goes when it opens, fails again if it closes.
  const socketState = (name) => {
    for (const [item, { text, note, retry }] of [...waiting.entries()]) {
      if (name === "open") {
        resend(item, text);
      } else if (name !== "connecting") {
        waiting.delete(item);
        item.dataset.state = "failed";
        note.textContent = t("chat.not_sent");
        retry.disabled = false;
      }
    }
  };

  async function send(shown, text) {
    retireQuickReplies();
    const item = userMessage(shown);
    item.dataset.state = "sending";
    show(item);
    const socket = ctx.socket();
    if (!socket || !socket.isOpen) {
      failed(item, text, { code: "offline" });
      return;
    }
    const typing = h("li", { class: "msg bot typing", "aria-label": t("chat.typing"), "data-testid": "chat-typing" }, "…");
    show(typing);
    try {
      const result = await socket.send(text);
      item.dataset.state = "sent";
      typing.remove();
      for (const reply of result.replies) show(botMessage(reply));
    } catch (error) {
      typing.remove();
      failed(item, text, error);
    }
  }

  const greetingMessage = (greeting) => h("li", { class: "msg bot greeting", "data-testid": "chat-greeting" },
    h("p", {}, greeting.text),
    greeting.chips.length ? h("div", { class: "chips", role: "group", "aria-label": t("chat.suggestions") },
      greeting.chips.map((chip) => h("button", {
        type: "button", class: "chip", "data-testid": "chip", "data-kind": chip.kind,
        onclick: () => send(chip.text, chip.text),
      }, chip.text))) : null);

  const load = () => {
    if (loaded) return undefined;
    loaded = true;
    return ctx.guard(async () => {
      const [history, greeting] = await Promise.all([
        api(`/me/assistant/history?limit=${HISTORY_LIMIT}`), api("/me/assistant/greeting"),
      ]);
      const messages = history.messages;
      const items = messages.map((message, index) => (message.role === "user"
        ? userMessage(message.text, { history: true })
        : botMessage(message, { history: true, active: index === messages.length - 1 })));
      log().prepend(...items);
      show(greetingMessage(greeting));
    });
  };

  const reset = () => {
    loaded = false;
    waiting.clear();
    log().replaceChildren();
  };

  testid("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = testid("chat-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });

  return { load, reset, socketState };
}
