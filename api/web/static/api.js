// The REST client: bearer token, JSON in and out, and the API's one error shape
// {"error": {"code", "message", "details"}} turned into an ApiError. The customer reads an
// error in their language, by its code (the catalogue's `errors.*`), never the API's message.

import { has, t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let token = null;

export function setToken(value) {
  token = value;
}

export function getToken() {
  return token;
}

async function request(path, { method = "GET", body, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network_error", "the server is not answering");
  }
  if (!response.ok) {
    let error = { code: `http_${response.status}`, message: response.statusText, details: null };
    try {
      const data = await response.json();
      if (data && data.error) error = data.error;
    } catch {
      // Not JSON (a proxy's page): keep the status line.
    }
    throw new ApiError(response.status, error.code, error.message, error.details);
  }
  return response;
}

export async function api(path, options = {}) {
  const response = await request(path, options);
  if (response.status === 204) return null;
  return response.json();
}

export async function apiBlob(path) {
  const response = await request(path, { headers: { Accept: "*/*" } });
  return response.blob();
}

export function describe(error) {
  const code = error && error.code;
  return code && has(`errors.${code}`) ? t(`errors.${code}`) : t("errors.other");
}
