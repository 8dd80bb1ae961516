import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** What the receiver answers to the n-th request (0-based): a status, or "hold" (never answer). */
export type ReceiverAnswer = number | "hold";

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Sets how the next requests are answered (default: 200). */
  answer(decide: (index: number, request: ReceivedWebhook) => ReceiverAnswer): void;
  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that records every request, as a customer's endpoint would see it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let decide: (index: number, request: ReceivedWebhook) => ReceiverAnswer = () => 200;
  const waiters: Array<() => void> = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      const request = { headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() };
      const index = received.push(request) - 1;
      const answer = decide(index, request);
      for (const wake of waiters.splice(0)) wake();
      if (answer === "hold") {
        held.push(res);
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer >= 200 && answer < 300 ? "ok" : `failing with ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    answer(next) {
      decide = next;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const giveUpAt = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > giveUpAt) throw new Error(`receiver: ${received.length} of ${count} requests after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
