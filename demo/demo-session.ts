export type DemoSession =
  | { status: "loading" }
  | { status: "ready"; sessionToken: string; expiresAt: string; sandbox: boolean }
  | { status: "error"; message: string };

/** Asks the demo server (same origin) for a fresh session token. */
export async function fetchDemoSession(signal: AbortSignal): Promise<DemoSession> {
  try {
    const response = await fetch("/demo/api/session", { method: "POST", signal });
    if (!response.ok) return { status: "error", message: `The demo server answered ${response.status}.` };
    const body = (await response.json()) as { sessionToken: string; expiresAt: string; sandbox: boolean };
    return { status: "ready", ...body };
  } catch (error) {
    return { status: "error", message: `The demo server could not be reached (${String(error)}).` };
  }
}
