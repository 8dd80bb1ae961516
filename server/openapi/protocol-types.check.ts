/**
 * Compile-time proof (checked by `npm run typecheck`; nothing runs) that each response schema of the OpenAPI
 * document and the TypeScript type that the widget and the typed client use are the same type: each one's
 * `z.infer` is assignable to the other. The widget keeps src/protocol.ts's plain interfaces (its bundle must
 * not ship zod); a field added to one side only fails the build here.
 */
import type { z } from "zod";
import type {
  AttemptOutcome,
  AuthorizationLink,
  ConnectionDivision,
  ConnectionDivisionChoice,
  ConnectionResource,
  ConnectionResponse,
  ConnectionSummary,
  ErrorBody,
  PendingConnectionSummary,
  PreviewResponse,
  SessionInfo,
  SessionModel,
} from "../../src/protocol";
import type { ConnectionDetails, WebhookDelivery, WebhookEndpoint, WebhookEvent } from "../client";
import type { DeliveryLogEntry, endpointView } from "../webhooks/endpoint-service";
import type {
  attemptOutcomeSchema,
  authorizationLinkSchema,
  connectionDetailsSchema,
  connectionDivisionChoiceSchema,
  connectionDivisionSchema,
  connectionResourceSchema,
  connectionResponseSchema,
  connectionSummarySchema,
  errorBodySchema,
  pendingConnectionSummarySchema,
  previewResponseSchema,
  sessionInfoSchema,
  sessionModelSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEventSchema,
} from "./schemas";

/** True only when A and B are assignable both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

same<Same<z.infer<typeof connectionDivisionSchema>, ConnectionDivision>>();
same<Same<z.infer<typeof connectionDivisionChoiceSchema>, ConnectionDivisionChoice>>();
same<Same<z.infer<typeof connectionSummarySchema>, ConnectionSummary>>();
same<Same<z.infer<typeof pendingConnectionSummarySchema>, PendingConnectionSummary>>();
same<Same<z.infer<typeof connectionResourceSchema>, ConnectionResource>>();
same<Same<z.infer<typeof connectionDetailsSchema>, ConnectionDetails>>();
same<Same<z.infer<typeof sessionModelSchema>, SessionModel>>();
same<Same<z.infer<typeof sessionInfoSchema>, SessionInfo>>();
same<Same<z.infer<typeof connectionResponseSchema>, ConnectionResponse>>();
same<Same<z.infer<typeof attemptOutcomeSchema>, AttemptOutcome>>();
same<Same<z.infer<typeof previewResponseSchema>, PreviewResponse>>();
same<Same<z.infer<typeof authorizationLinkSchema>, AuthorizationLink>>();
same<Same<z.infer<typeof webhookEndpointSchema>, WebhookEndpoint>>();
same<Same<z.infer<typeof webhookEndpointSchema>, ReturnType<typeof endpointView>>>();
same<Same<z.infer<typeof webhookDeliverySchema>, WebhookDelivery>>();
same<Same<z.infer<typeof webhookDeliverySchema>, DeliveryLogEntry>>();
same<Same<z.infer<typeof webhookEventSchema>, WebhookEvent>>();
// The server answers a subset of ErrorCode: the widget's own codes (POPUP_BLOCKED, …) never come over HTTP.
same<z.infer<typeof errorBodySchema> extends ErrorBody ? true : false>();
