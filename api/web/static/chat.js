// The chat WebSocket (/ws/chat): authenticate, subscribe to pushes, send messages.
// Every frame after auth carries an increasing id; each command gets one `result`, and the
// subscription receives `event` frames carrying its id.
//
// A message is sent only on an open socket: while it is down, `send` fails at once ("offline")
// so the page can show the message as not sent with a retry, instead of a reply that never
// comes. The socket reconnects by itself, sooner and sooner after a success, later and later
// after failures; `reconnectNow` skips the wait (a retry, the browser back online).

const KEEPALIVE_MS = 60_000; // the server closes sockets silent for 5 minutes
const RECONNECT_MS = [1_000, 2_000, 5_000, 10_000, 20_000];
// The first turn of a fresh server loads the language model: give it time, not forever.
const REPLY_TIMEOUT_MS = 60_000;

export class ChatError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class ChatSocket {
  constructor({ token, onEvent, onState }) {
    this.token = token;
    this.onEvent = onEvent;
    this.onState = onState;
    this.nextId = 1;
    this.pending = new Map();
    this.subscription = null;
    this.stopped = false;
    this.state = "closed";
    this.failures = 0;
    this.retryTimer = null;
    this.ws = null;
  }

  setState(name, error = null) {
    this.state = name;
    this.onState(name, error);
  }

  get isOpen() {
    return this.state === "open";
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws/chat`);
    this.ws = ws;
    this.nextId = 1;
    ws.addEventListener("open", () => {
      ws.send(JSON.stringify({ type: "auth", id: this.takeId(), token: this.token }));
    });
    ws.addEventListener("message", (message) => {
      if (ws === this.ws) this.receive(JSON.parse(message.data));
    });
    ws.addEventListener("close", () => {
      if (ws === this.ws) this.closed();
    });
    this.setState("connecting");
  }

  /** Reconnect without waiting for the next attempt (nothing to do if open or connecting). */
  reconnectNow() {
    if (this.stopped || this.state === "open" || this.state === "connecting") return;
    this.connect();
  }

  takeId() {
    return this.nextId++;
  }

  receive(frame) {
    if (frame.type === "auth_ok") {
      this.subscribe();
      clearInterval(this.keepalive);
      this.keepalive = setInterval(() => this.command({ type: "ping" }).catch(() => {}), KEEPALIVE_MS);
    } else if (frame.type === "auth_invalid") {
      this.stopped = true;
      this.setState("auth_invalid", new ChatError(frame.error.code, frame.error.message));
    } else if (frame.type === "event" && frame.id === this.subscription) {
      this.onEvent(frame.event);
    } else if (frame.type === "result" || frame.type === "pong") {
      const waiter = this.pending.get(frame.id);
      if (!waiter) return;
      this.pending.delete(frame.id);
      clearTimeout(waiter.timer);
      if (frame.type === "pong" || frame.success) waiter.resolve(frame.result);
      else waiter.reject(new ChatError(frame.error.code, frame.error.message));
    }
  }

  async subscribe() {
    const id = this.nextId;
    try {
      await this.command({ type: "subscribe_notifications" });
      this.subscription = id;
      this.failures = 0;
      this.setState("open");
    } catch (error) {
      this.setState("error", error);
    }
  }

  command(frame) {
    const id = this.takeId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChatError("timeout", "no answer"));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  /** The assistant's result for `text`; fails at once with "offline" when the socket is down. */
  send(text) {
    if (!this.isOpen || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ChatError("offline", "not connected"));
    }
    return this.command({ type: "message", text });
  }

  closed() {
    clearInterval(this.keepalive);
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new ChatError("connection_lost", "connection lost"));
    }
    this.pending.clear();
    this.subscription = null;
    if (this.stopped) return;
    this.setState("closed");
    const wait = RECONNECT_MS[Math.min(this.failures, RECONNECT_MS.length - 1)];
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, wait);
  }

  close() {
    this.stopped = true;
    clearInterval(this.keepalive);
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close(1000);
  }
}
