/**
 * A request with effects at Exact (an idempotent create) may be cancelled by its client only until its
 * first call to Exact is sent. From then on Exact may have acted, so every call of the request runs to
 * Exact's answer (the POST and the read-back after it), and that answer is what the idempotency key keeps.
 */
const markSentBySignal = new WeakMap<AbortSignal, () => void>();

/** The same request, with a signal that follows the client's only until `markSent` is called for it. */
export function cancellableUntilSent(request: Request, body: string): Request {
  const controller = new AbortController();
  const clientLeft = () => controller.abort(request.signal.reason);
  if (request.signal.aborted) clientLeft();
  else request.signal.addEventListener("abort", clientLeft, { once: true });
  const wrapped = new Request(request, { body, signal: controller.signal });
  // Keyed by the new request's own signal: that is the object handlers pass on (`c.req.raw.signal`).
  markSentBySignal.set(wrapped.signal, () => request.signal.removeEventListener("abort", clientLeft));
  return wrapped;
}

/** Called right before a call goes to Exact: a signal from `cancellableUntilSent` no longer cancels. */
export function markSent(signal: AbortSignal | undefined): void {
  if (signal) markSentBySignal.get(signal)?.();
}
