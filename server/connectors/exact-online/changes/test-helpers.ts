/** Shared by the Exact events tests: a hub that captures what is emitted, and waits on the inbox. */
import type { TestServer } from "../../../test-support/harness";
import type { NewEvent, WebhookHub } from "../../../webhooks/events";
import { countInbox } from "./inbox-repo";

export interface CapturedEvents {
  /** Passed to `startTestServer({ webhooks })` in place of the database outbox. */
  hub: WebhookHub;
  /** The record events emitted (the connect flow's own `connection.*` events are left out). */
  events: NewEvent[];
  /** The models endpoints listen to; a test may change it, then call `hub.endpointsChanged()`. */
  listened: string[];
}

export function captureEvents(listened: string[]): CapturedEvents {
  const listeners = new Set<() => void>();
  const captured: CapturedEvents = {
    events: [],
    listened,
    hub: {
      emit: async (_trx, emitted) => {
        captured.events.push(...emitted.filter((event) => !event.type.startsWith("connection.")));
      },
      listenedModels: async () => new Set(captured.listened),
      endpointsChanged: () => listeners.forEach((listener) => listener()),
      onEndpointsChanged: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
  return captured;
}

export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for Exact's notifications to have reached the inbox (the sandbox posts them without waiting). */
export async function waitForInbox(server: TestServer, total: number): Promise<void> {
  await waitFor(async () => (await countInbox(server.ctx.db)) >= total, `${total} inbox rows`);
}

export async function json<T = { data: Record<string, unknown> }>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export const summary = (events: NewEvent[]) => events.map((e) => `${e.type} ${String((e.data as { id?: unknown }).id)}`);
