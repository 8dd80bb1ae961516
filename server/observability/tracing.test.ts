import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults } from "../sandbox/faults";
import { createClock, startTestServer, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";
import { captureLogs } from "./log-capture";
import { flushTracing, startTracing, stopTracing, tracingOn } from "./tracing";

/** A span as OTLP/HTTP JSON carries it (ids in hex, attributes as typed values). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number } }>;
}

const attributesOf = (span: OtlpSpan): Record<string, unknown> =>
  Object.fromEntries(span.attributes.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));

/** A local OTLP/HTTP collector: every span posted to /v1/traces, and the service name it came with. */
async function startOtlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; services: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      expect(request.url).toBe("/v1/traces");
      expect(request.headers["content-type"]).toContain("application/json");
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        resourceSpans: Array<{ resource: { attributes: OtlpSpan["attributes"] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
      };
      for (const resourceSpans of body.resourceSpans) {
        services.push(String(resourceSpans.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue));
        for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, services, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  let collector: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    expect(tracingOn()).toBe(false);
    expect(await startTracing({})).toBe(false); // no endpoint: off, nothing loaded
    collector = await startOtlpReceiver();
    // The exporter reads the standard variables itself.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    expect(await startTracing()).toBe(true);
    logs = captureLogs("info");
    // Exact's minute passes in a second, so a 429's wait for the next window is short.
    server = await startTestServer({ clock: createClock(60), sandbox: { minutelyLimit: 1000 } });
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx).start();
  });
  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    await server.close();
    logs.restore();
    await stopTracing();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await collector.close();
  });

  it("sends a span per request with a child span per Exact call, and the trace id in the request's log line", async () => {
    await server.connect("org_traced", ["genericContact::list"]);
    sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "rate-limit" }, times: 1 });
    const response = await server.backend("/v1/resources/genericContact?limit=2", { ownerId: "org_traced", headers: { "x-request-id": "traced-read" } });
    expect(response.status).toBe(200);
    await flushTracing();

    const requestSpan = collector.spans.find((span) => attributesOf(span)["morph.request_id"] === "traced-read")!;
    expect(requestSpan).toBeDefined();
    expect(requestSpan.name).toBe("GET /v1/resources/:model");
    expect(attributesOf(requestSpan)).toMatchObject({ "http.route": "/v1/resources/:model", "http.response.status_code": 200 });

    const exactSpans = collector.spans.filter((span) => span.parentSpanId === requestSpan.spanId);
    const contacts = exactSpans.filter((span) => attributesOf(span)["exact.endpoint"] === "bulk/CRM/Contacts" || attributesOf(span)["exact.endpoint"] === "crm/Contacts");
    // The 429, then the retry after the window's reset: two spans, the second a retry that waited.
    expect(contacts.map((span) => attributesOf(span)["http.response.status_code"])).toEqual([429, 200]);
    expect(attributesOf(contacts[0]!)).toMatchObject({ "exact.attempt": 0, "exact.retry": false, "http.request.method": "GET" });
    expect(attributesOf(contacts[1]!)).toMatchObject({ "exact.attempt": 1, "exact.retry": true });
    expect(attributesOf(contacts[1]!)["exact.rate_limit_wait_ms"]).toBeGreaterThan(0);
    expect(contacts.every((span) => span.traceId === requestSpan.traceId && span.name.startsWith("Exact GET "))).toBe(true);

    const line = logs.lines.find((entry) => entry.msg === "request" && entry.reqId === "traced-read");
    expect(line?.traceId).toBe(requestSpan.traceId);
    expect(logs.lines.filter((entry) => entry.msg === "exact call failed" && entry.traceId === requestSpan.traceId)).toHaveLength(1);
    expect(collector.services).toContain("morph-connect");
  });

  it("continues a caller's trace from its traceparent", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await server.app.request("/health", { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, "x-request-id": "traced-parent" } });
    await flushTracing();
    const span = collector.spans.find((candidate) => attributesOf(candidate)["morph.request_id"] === "traced-parent")!;
    expect(span.traceId).toBe(traceId);
    expect(span.parentSpanId).toBe("00f067aa0ba902b7");
  });

  it("sends a span per webhook delivery", async () => {
    const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: ["connection.created"] }) });
    const endpointId = ((await created.json()) as { data: { id: string } }).data.id;
    await server.connect("org_traced_hook", ["genericContact::list"]);
    await receiver.waitFor(1, 10_000);
    // The span ends once the receiver's answer is in.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flushTracing();
    const delivery = collector.spans.find((span) => span.name === "webhook delivery" && attributesOf(span)["webhook.endpoint_id"] === endpointId)!;
    expect(delivery).toBeDefined();
    expect(attributesOf(delivery)).toMatchObject({ "webhook.event_type": "connection.created", "http.response.status_code": 200, "webhook.delivered": true });
  });
});
