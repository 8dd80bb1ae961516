import { randomBytes } from "node:crypto";

/** Opaque random ids with a readable prefix (`evt_…` is also the `webhook-id` a receiver dedupes on). */
const newId = (prefix: string) => `${prefix}_${randomBytes(16).toString("base64url")}`;

export const newEventId = () => newId("evt");
export const newDeliveryId = () => newId("del");
export const newEndpointId = () => newId("ep");
