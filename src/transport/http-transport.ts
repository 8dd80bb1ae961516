import { errorFromServer } from "../errors";
import { RETURNED_ATTEMPT_PATH } from "../protocol";
import type { ErrorBody } from "../protocol";
import type { Transport, TransportResult } from "./transport";

/** The real transport: `fetch` against the morph-connect server, session token as a Bearer token. */
export function createHttpTransport(serverUrl: string): Transport {
  const base = serverUrl.replace(/\/+$/, "");

  async function request<T>(
    method: "GET" | "DELETE",
    path: string,
    sessionToken: string,
    signal?: AbortSignal,
  ): Promise<TransportResult<T>> {
    try {
      const response = await fetch(base + path, {
        method,
        signal,
        headers: { authorization: `Bearer ${sessionToken}`, accept: "application/json" },
      });
      if (response.status === 204) return { ok: true, data: null as T };
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return { ok: true, data: body as T };
      const error = (body as Partial<ErrorBody> | null)?.error;
      return {
        ok: false,
        httpStatus: response.status,
        error: error?.code
          ? errorFromServer(error)
          : { code: response.status === 404 ? "NOT_FOUND" : "INTERNAL_ERROR", message: `HTTP ${response.status}` },
      };
    } catch (cause) {
      return { ok: false, httpStatus: 0, error: { code: "NETWORK_ERROR", message: String(cause) } };
    }
  }

  return {
    origin: new URL(base).origin,
    authorizeUrl: ({ sessionToken, region, origin, nonce, operations }) =>
      `${base}/v1/connect/authorize?${new URLSearchParams({
        sessionToken,
        region,
        origin,
        nonce,
        operations: operations.join(","),
      })}`,
    getSession: (token, signal) => request("GET", "/v1/connect/session", token, signal),
    getAttempt: (token, nonce, wait, signal) =>
      request("GET", `/v1/connect/attempts/${encodeURIComponent(nonce)}?wait=${wait}`, token, signal),
    getReturnedAttempt: (token, attemptId, wait, signal) =>
      request("GET", `${RETURNED_ATTEMPT_PATH}/${encodeURIComponent(attemptId)}?wait=${wait}`, token, signal),
    cancelAttempt: (token, nonce) => request("DELETE", `/v1/connect/attempts/${encodeURIComponent(nonce)}`, token),
    getConnection: (token, signal) => request("GET", "/v1/connect/connection", token, signal),
    deleteConnection: (token) => request("DELETE", "/v1/connect/connection", token),
    getPreview: (token, model, signal) => request("GET", `/v1/connect/preview/${model}`, token, signal),
  };
}
