import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";

/**
 * OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * is set. Off, nothing of the SDK is loaded and every helper here returns after one check: the request path
 * pays no span, no context propagation (AsyncLocalStorage) and no export.
 * On, spans go over OTLP/HTTP (JSON) to the endpoint; the exporter reads the standard variables itself
 * (OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES).
 */

let tracer: Tracer | undefined;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

type Env = Record<string, string | undefined>;

export const tracingWanted = (env: Env = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED?.toLowerCase() !== "true";

/** Loads the SDK and registers it for the process; false (and nothing loaded) when tracing is not wanted. */
export async function startTracing(env: Env = process.env): Promise<boolean> {
  if (tracer) return true;
  if (!tracingWanted(env)) return false;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, resources] = await Promise.all([
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/core"),
    import("@opentelemetry/resources"),
  ]);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the default name.
  const resource = resources.resourceFromAttributes({ "service.name": "morph-connect" }).merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const sdk = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // An incoming `traceparent` (a caller's own trace) becomes the request span's parent.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(sdk);
  provider = sdk;
  tracer = trace.getTracer("morph-connect");
  return true;
}

/** Sends the spans not yet exported (a test reads them; shutdown loses none). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

export const tracingOn = (): boolean => tracer !== undefined;

/** The trace id of the span running now, for the log line; undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  if (!tracer) return undefined;
  return trace.getActiveSpan()?.spanContext().traceId;
}

/**
 * Runs `work` inside a server span continuing the caller's `traceparent`, if any. The caller names the
 * span once the route is known (`span.updateName`) and ends it.
 */
export function inServerSpan<T>(headers: { get(name: string): string | null | undefined }, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), headers, { keys: () => ["traceparent", "tracestate"], get: (carrier, key) => carrier.get(key) ?? undefined });
  return tracer!.startActiveSpan("HTTP request", { kind: SpanKind.SERVER, attributes }, parent, work);
}

/** A child span of the active one, for work that ends elsewhere (`endSpan`); undefined when tracing is off. */
export function startChildSpan(name: string, kind: "client" | "internal", attributes?: Attributes): Span | undefined {
  if (!tracer) return undefined;
  return tracer.startSpan(name, { kind: kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes });
}

/** Ends a span with its outcome's attributes; a failure marks it as an error. */
export function endSpan(span: Span | undefined, attributes: Attributes, failed: string | undefined): void {
  if (!span) return;
  span.setAttributes(attributes);
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
  span.end();
}
