// The customer's app page: demo sign-in, then chat, alerts, list, outings, loyalty, consents.

import { ApiError, api, describe, setToken } from "./api.js";
import { ChatSocket } from "./chat.js";
import { h, replace, testid } from "./dom.js";
import * as consents from "./consents.js";
import * as list from "./list.js";
import * as loyalty from "./loyalty.js";
import * as notifications from "./notifications.js";
import * as outings from "./outings.js";

const STORE_KEY = "carchan.session";
const TABS = ["chat", "notifications", "list", "outings", "loyalty", "settings"];
const TOAST_MS = 8_000;

const state = { household: null, socket: null, active: null, loaders: {}, alerts: null };

// --- errors and notices ----------------------------------------------------------------------

function showError(error) {
  const box = testid("error");
  box.querySelector(".error-text").textContent = describe(error);
  box.dataset.code = error && error.code ? error.code : "error";
  box.hidden = false;
}

function clearError() {
  testid("error").hidden = true;
}

async function guard(action) {
  try {
    clearError();
    return await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
    }
    showError(error);
    return undefined;
  }
}

function toast(title, detail) {
  const item = h("div", { class: "toast", "data-testid": "toast" },
    h("strong", {}, title), detail ? h("small", {}, detail) : null);
  testid("toasts").append(item);
  setTimeout(() => item.remove(), TOAST_MS);
}

function notice(text) {
  toast(text, null);
}

// --- tabs ------------------------------------------------------------------------------------

function selectTab(name, { focus = false } = {}) {
  state.active = name;
  for (const tab of TABS) {
    const button = document.getElementById(`tab-${tab}`);
    const selected = tab === name;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
    document.getElementById(`panel-${tab}`).hidden = !selected;
    if (selected && focus) button.focus();
  }
  if (name === "notifications") state.alerts.opened();
  const loader = state.loaders[name];
  if (loader) loader();
}

function installTabs() {
  for (const [index, tab] of TABS.entries()) {
    const button = document.getElementById(`tab-${tab}`);
    button.addEventListener("click", () => selectTab(tab));
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      selectTab(TABS[(index + step + TABS.length) % TABS.length], { focus: true });
    });
  }
}

// --- chat ------------------------------------------------------------------------------------

function chatMessage(role, text, buttons = []) {
  const log = testid("chat-log");
  const item = h("li", { class: `msg ${role}`, "data-testid": role === "user" ? "chat-user" : "chat-reply" },
    h("p", {}, text));
  if (buttons.length) {
    item.append(h("div", { class: "chat-buttons" }, buttons.map((button) =>
      h("button", {
        type: "button", class: "small", "data-testid": "chat-button", "data-payload": button.payload,
        onclick: () => say(button.title, button.payload),
      }, button.title))));
  }
  log.append(item);
  item.scrollIntoView({ block: "end" });
}

async function say(shown, text) {
  chatMessage("user", shown);
  const waiting = h("li", { class: "msg bot typing", "aria-label": "l'assistant écrit" }, "…");
  testid("chat-log").append(waiting);
  try {
    const result = await state.socket.send(text);
    for (const reply of result.replies) {
      chatMessage("bot", reply.text || "", reply.buttons || []);
    }
  } catch (error) {
    showError(error);
  } finally {
    waiting.remove();
  }
}

function installChat() {
  testid("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = testid("chat-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text, text);
  });
}

function socketState(name, error) {
  const status = testid("ws-status");
  status.hidden = false;
  status.dataset.state = name;
  status.textContent = { open: "connecté", connecting: "connexion…" }[name] || "hors ligne";
  if (error) {
    showError(error);
    if (name === "auth_invalid") signOut();
  }
}

// --- session ---------------------------------------------------------------------------------

async function showSignIn() {
  testid("signin").hidden = false;
  document.getElementById("signed-in").hidden = true;
  for (const id of ["household-name", "signout", "ws-status"]) testid(id).hidden = true;
  const target = testid("signin-households");
  replace(target, h("li", { class: "meta" }, "Chargement…"));
  try {
    const households = await api("/demo/households");
    replace(target, households.length
      ? households.map((household) => h("li", {},
          h("button", {
            type: "button", class: household.story ? "household story" : "household",
            "data-testid": "signin-household", "data-slug": household.slug,
            onclick: () => guard(() => signIn(household.slug)),
          },
            h("strong", {}, household.name),
            household.members.length ? h("small", {}, household.members.join(", ")) : null)))
      : h("li", { class: "empty" }, "Aucun foyer de démonstration : lancez « assistant demo seed »."));
  } catch (error) {
    replace(target, h("li", { class: "empty" }, "La connexion de démonstration n'est pas disponible ici."));
    showError(error);
  }
}

async function signIn(slug) {
  const issued = await api("/demo/token", { method: "POST", body: { slug } });
  sessionStorage.setItem(STORE_KEY, JSON.stringify({ token: issued.token }));
  await start(issued.token);
}

function signOut() {
  sessionStorage.removeItem(STORE_KEY);
  setToken(null);
  if (state.socket) state.socket.close();
  state.socket = null;
  state.household = null;
  showSignIn();
}

async function start(token) {
  setToken(token);
  const household = await api("/me");
  state.household = household;
  testid("signin").hidden = true;
  document.getElementById("signed-in").hidden = false;
  const who = testid("household-name");
  who.textContent = household.name;
  who.hidden = false;
  testid("signout").hidden = false;
  document.documentElement.lang = household.lang || "fr";
  state.socket = new ChatSocket({ token, onEvent: (event) => state.alerts.pushed(event), onState: socketState });
  state.socket.connect();
  state.alerts.load();
  selectTab("chat");
}

function boot() {
  const ctx = {
    guard, toast, notice,
    lang: () => (state.household ? state.household.lang : "fr"),
    isActive: (name) => state.active === name,
  };
  state.alerts = notifications.install(ctx);
  state.loaders = {
    notifications: state.alerts.load,
    list: list.install(ctx),
    outings: outings.install(ctx),
    loyalty: loyalty.install(ctx),
    settings: consents.install(ctx),
  };
  installTabs();
  installChat();
  testid("signout").addEventListener("click", signOut);
  testid("error-dismiss").addEventListener("click", clearError);
  const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
  if (saved && saved.token) {
    start(saved.token).catch((error) => {
      signOut();
      showError(error);
    });
  } else {
    showSignIn();
  }
}

boot();
