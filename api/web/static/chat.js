// The chat WebSocket (/ws/chat): authenticate, subscribe to pushes, send messages.
// Every frame after auth carries an increasing id; each command gets one `result`, and the
// subscription receives `event` frames carrying its id.

const KEEPALIVE_MS = 60_000; // the server closes sockets silent for 5 minutes
const RECONNECT_MS = 2_000;

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
    this.ready = null;
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws/chat`);
    this.ws = ws;
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // observed by send(); never an unhandled rejection
    ws.addEventListener("open", () => {
      ws.send(JSON.stringify({ type: "auth", id: this.takeId(), token: this.token }));
    });
    ws.addEventListener("message", (message) => this.receive(JSON.parse(message.data)));
    ws.addEventListener("close", () => this.closed());
    this.onState("connecting");
  }

  takeId() {
    return this.nextId++;
  }

  receive(frame) {
    if (frame.type === "auth_ok") {
      this.subscribe();
      this.keepalive = setInterval(() => this.command({ type: "ping" }).catch(() => {}), KEEPALIVE_MS);
    } else if (frame.type === "auth_invalid") {
      this.stopped = true;
      const error = new ChatError(frame.error.code, frame.error.message);
      this.rejectReady(error);
      this.onState("auth_invalid", error);
    } else if (frame.type === "event" && frame.id === this.subscription) {
      this.onEvent(frame.event);
    } else if (frame.type === "result" || frame.type === "pong") {
      const waiter = this.pending.get(frame.id);
      if (!waiter) return;
      this.pending.delete(frame.id);
      if (frame.type === "pong" || frame.success) waiter.resolve(frame.result);
      else waiter.reject(new ChatError(frame.error.code, frame.error.message));
    }
  }

  async subscribe() {
    const id = this.nextId;
    try {
      await this.command({ type: "subscribe_notifications" });
      this.subscription = id;
      this.resolveReady();
      this.onState("open");
    } catch (error) {
      this.rejectReady(error);
      this.onState("error", error);
    }
  }

  command(frame) {
    const id = this.takeId();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  async send(text) {
    await this.ready;
    return this.command({ type: "message", text });
  }

  closed() {
    clearInterval(this.keepalive);
    for (const waiter of this.pending.values()) {
      waiter.reject(new ChatError("connection_lost", "la connexion a été interrompue"));
    }
    this.pending.clear();
    this.subscription = null;
    if (this.stopped) return;
    this.onState("closed");
    setTimeout(() => {
      if (!this.stopped) this.connect();
    }, RECONNECT_MS);
  }

  close() {
    this.stopped = true;
    clearInterval(this.keepalive);
    if (this.ws) this.ws.close(1000);
  }
}
