/** A stand-in for a webhook CallbackURL that Exact (the sandbox) posts to, on 127.0.0.1: records every POST and answers with a chosen status. The outbox tests have their own, webhook-receiver.ts. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPost {
  body: string;
  headers: IncomingHttpHeaders;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedPost[];
  /** The status the next POSTs get (default 200); "hang" never answers. */
  answer: number | "hang";
  /** Resolves once `count` POSTs with a body have arrived (the events, not the empty test POST), or rejects after `ms`. */
  events(count: number, ms?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const hanging = new Set<() => void>();
  const receiver = { answer: 200 as number | "hang" };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
      if (receiver.answer === "hang") {
        hanging.add(() => response.destroy());
        return;
      }
      response.writeHead(receiver.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/exact`;
  const withBody = () => received.filter((post) => post.body !== "");
  return {
    url,
    received,
    get answer() {
      return receiver.answer;
    },
    set answer(value) {
      receiver.answer = value;
    },
    async events(count, ms = 3000) {
      const until = Date.now() + ms;
      while (withBody().length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} webhook events, got ${withBody().length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return withBody();
    },
    async close() {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
