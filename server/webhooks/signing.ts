import { Webhook } from "standardwebhooks";

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Standard Webhooks headers for one attempt (https://www.standardwebhooks.com/): the signature is over
 * `<id>.<timestamp>.<body>`, one `v1,<base64>` per secret, space-separated. During a rotation both the
 * new and the old secret sign, so a receiver still configured with either verifies.
 */
export function signatureHeaders(eventId: string, timestampMs: number, body: string, secrets: readonly string[]): SignedHeaders {
  const timestamp = new Date(timestampMs);
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(timestampMs / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(eventId, timestamp, body)).join(" "),
  };
}
