// The customer's app page: demo sign-in, then chat, alerts, list, outings, loyalty, consents,
// all in the household's language (the visitor's browser's before sign-in).

import { ApiError, api, describe, setToken } from "./api.js";
import { ChatSocket } from "./chat.js";
import * as conversation from "./conversation.js";
import { h, replace, testid } from "./dom.js";
import { browserLang, t, useLanguage } from "./i18n.js";
import * as consents from "./consents.js";
import * as list from "./list.js";
import * as loyalty from "./loyalty.js";
import * as notifications from "./notifications.js";
import * as outings from "./outings.js";

const STORE_KEY = "carchan.session";
const TABS = ["chat", "notifications", "list", "outings", "loyalty", "settings"];
const TOAST_MS = 8_000;
const STATES = new Set(["connecting", "open", "closed"]);

const state = { household: null, socket: null, active: null, loaders: {}, alerts: null, chat: null };

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

// Runs an action and says what went wrong: next to where the customer is looking when the
// caller gives a place (`inline`), otherwise in the banner that stays in view.
async function guard(action, { inline = null } = {}) {
  try {
    clearError();
    if (inline) inline.hidden = true;
    return await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
    }
    if (inline) {
      inline.textContent = describe(error);
      inline.dataset.code = error && error.code ? error.code : "error";
      inline.hidden = false;
      inline.scrollIntoView({ block: "nearest" });
    } else {
      showError(error);
    }
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

// --- the socket's state ----------------------------------------------------------------------

function socketState(name, error) {
  const status = testid("ws-status");
  const shown = STATES.has(name) ? name : "closed";
  status.hidden = false;
  status.dataset.state = name;
  status.textContent = t(`status.${shown}`);
  state.chat.socketState(name);
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
  replace(target, h("li", { class: "meta" }, t("signin.loading")));
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
      : h("li", { class: "empty" }, t("signin.none")));
  } catch (error) {
    replace(target, h("li", { class: "empty" }, t("signin.unavailable")));
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
  state.chat.reset();
  showSignIn();
}

async function start(token) {
  setToken(token);
  const household = await api("/me");
  state.household = household;
  await useLanguage(household.lang, household.timezone);
  testid("signin").hidden = true;
  document.getElementById("signed-in").hidden = false;
  const who = testid("household-name");
  who.textContent = household.name;
  who.hidden = false;
  testid("signout").hidden = false;
  state.socket = new ChatSocket({ token, onEvent: (event) => state.alerts.pushed(event), onState: socketState });
  state.socket.connect();
  state.alerts.load();
  selectTab("chat");
}

async function boot() {
  const ctx = {
    guard, toast, notice,
    lang: () => (state.household ? state.household.lang : "fr"),
    household: () => state.household,
    isActive: (name) => state.active === name,
    socket: () => state.socket,
    showTab: (name) => selectTab(name),
  };
  state.alerts = notifications.install(ctx);
  state.chat = conversation.install(ctx);
  state.loaders = {
    chat: state.chat.load,
    notifications: state.alerts.load,
    list: list.install(ctx),
    outings: outings.install(ctx),
    loyalty: loyalty.install(ctx),
    settings: consents.install(ctx),
  };
  installTabs();
  testid("signout").addEventListener("click", signOut);
  testid("error-dismiss").addEventListener("click", clearError);
  // Back online: no need to wait for the next attempt.
  window.addEventListener("online", () => state.socket && state.socket.reconnectNow());
  const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
  try {
    await useLanguage(browserLang());
  } catch (error) {
    showError(error);
  }
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
