// The signed-in user (issue 12): a short-lived bearer token from /api/auth/token, kept in
// sessionStorage (gone with the tab), and requests that carry it.
import { ApiError, languageHeaders } from "../api.js";

const KEY = "industry-map-session";
const listeners = new Set();
let session = JSON.parse(sessionStorage.getItem(KEY) || "null");
if (session && new Date(session.expires_at) <= new Date()) session = null;

export const currentUser = () => session;
export const canEdit = () => Boolean(session);
export const isAdmin = () => session?.role === "admin";

/** Call `listener(session)` on every sign-in and sign-out; returns how to stop. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(value) {
  session = value;
  if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener(session);
}

export async function signIn(username, password) {
  const response = await fetch("/api/auth/token", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      ...languageHeaders(),
    },
    body: new URLSearchParams({ username, password, grant_type: "password" }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body?.detail || response.statusText, body, response.status);
  set({ token: body.access_token, username: body.username, role: body.role, expires_at: body.expires_at });
}

export async function signOut() {
  if (session) await authFetch("/api/auth/logout", { method: "POST" }).catch(() => null);
  set(null);
}

/** fetch() with the bearer token; a 401 ends the session. Errors become ApiError. */
export async function authFetch(path, options = {}) {
  const headers = { Accept: "application/json", ...languageHeaders(), ...(options.headers || {}) };
  if (session) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401 && session) set(null);
  return response;
}

/** authFetch for a JSON answer: the body, or an ApiError with the problem document. */
export async function authJSON(path, options = {}) {
  const response = await authFetch(path, options);
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(body?.detail || body?.title || response.statusText, body, response.status);
  }
  return { body, response };
}

export function authHeader() {
  return { ...languageHeaders(), ...(session ? { Authorization: `Bearer ${session.token}` } : {}) };
}
