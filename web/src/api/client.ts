// The one way the app talks to the server: same-origin fetch with the session cookie, the
// CSRF header on unsafe methods, and every failure turned into an ApiError.

import type { ErrorBody, ErrorCode } from "./types";

export type FieldErrors = Record<string, string[]>;

/** The server's error codes, and the client's own when no error body came back. */
export type ApiErrorCode = ErrorCode | "http_error" | "network_error";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;

  constructor(status: number, code: ApiErrorCode, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Messages per request field, for forms (validation errors name their fields). */
  get fieldErrors(): FieldErrors {
    const d = this.details;
    if (d && typeof d === "object" && !Array.isArray(d)) {
      const out: FieldErrors = {};
      for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
        if (Array.isArray(v)) out[k] = v.map(String);
      }
      return out;
    }
    return {};
  }
}

const CSRF_COOKIE = "genui_csrftoken";

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [k, ...rest] = part.trim().split("=");
    if (k === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Turns any non-2xx response into an ApiError, whatever its body. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    // Checked field by field: a proxy or an older server may answer something else.
    const body = JSON.parse(text) as Partial<ErrorBody> | null;
    if (body && body.error && typeof body.error.message === "string") {
      return new ApiError(response.status, body.error.code ?? "http_error", body.error.message, body.error.details ?? null);
    }
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  const message = response.status === 502 || response.status === 504
    ? "the server cannot be reached"
    : `request failed (HTTP ${response.status})`;
  return new ApiError(response.status, "http_error", message, null);
}

type Body = FormData | object | undefined;

export async function request<T>(method: string, path: string, body?: Body): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (!["GET", "HEAD"].includes(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers["X-CSRFToken"] = csrf;
  }
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network_error", "the server cannot be reached", null);
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: Body) => request<T>("POST", path, body),
  patch: <T>(path: string, body: Body) => request<T>("PATCH", path, body),
  delete: (path: string) => request<void>("DELETE", path),
};

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
