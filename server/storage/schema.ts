import type { Generated } from "kysely";

/** The database schema, one interface per table. Timestamps are epoch milliseconds (bigint). */
export interface Database {
  connections: ConnectionsTable;
  oauth_states: OAuthStatesTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  exact_webhook_subscriptions: ExactWebhookSubscriptionsTable;
  exact_inbox: ExactInboxTable;
  exact_record_versions: ExactRecordVersionsTable;
  exact_sync_cursors: ExactSyncCursorsTable;
  exact_poll_leases: ExactPollLeasesTable;
  connect_links: ConnectLinksTable;
}

/**
 * One connection per (connector, owner). A `pending` row (created by `POST /v1/connections`, never
 * authorized) has no region, division, user or tokens: those columns are null exactly when status is
 * pending. Only connections-repo.ts reads rows, and it hands pending ones out only to the list and
 * summary code (see `Connection` there).
 */
export interface ConnectionsTable {
  id: string;
  connector_id: string;
  owner_id: string;
  region: string | null;
  /** The default division (the one calls go to without `x-division`). */
  division: number | null;
  division_name: string | null;
  /** JSON `[{ code, name, missingOperations }]`: every division of the connection, the default's included ("[]" before 2026_12_03_012). */
  divisions: Generated<string>;
  provider_user_id: string | null;
  /** pending | connected | needs_reauth */
  status: string;
  /** JWE (dir + A256GCM) of `{ accessToken, refreshToken }`: never stored in clear. */
  tokens: string | null;
  access_token_expires_at: number | null;
  refresh_token_expires_at: number | null;
  /** Lease that serialises token refreshes across processes (see token-refresher). */
  refresh_lock_until: number | null;
  granted_operations: string;
  missing_operations: string;
  field_mapping: string;
  /** JSON arrays of the operations `POST /v1/connections` last asked for (since 2026_12_03_009). */
  requested_operations: Generated<string>;
  requested_optional_operations: Generated<string>;
  /** JSON object of string values, set by the backend. */
  metadata: Generated<string>;
  /** JSON array of strings, set by the backend. */
  tags: Generated<string>;
  /** The owner id and metadata values, lower-cased, one a line: what `GET /v1/connections?search=` matches. */
  search_text: Generated<string>;
  /** Last call to Exact for a customer request, written at most once a minute. */
  last_used_at: number | null;
  /** Last token refresh (added by the keep-alive's migration 2026_12_03_010; absent before it). */
  last_refreshed_at?: number | null;
  /** JSON `{ code, message, at }` of the last failure that changed the status (migration 2026_12_03_010). */
  last_error?: string | null;
  created_at: number;
  updated_at: number;
}

export interface OAuthStatesTable {
  /** SHA-256 of the state value: a database leak does not give usable states. */
  state_hash: string;
  /** The widget's id for the attempt: unique per session (with session_jti), not across sessions. */
  nonce: string;
  session_jti: string;
  connector_id: string;
  owner_id: string;
  region: string;
  origin: string;
  operations: string;
  /** pending → consumed → succeeded | failed; or cancelled. */
  status: string;
  outcome: string | null;
  expires_at: number;
  created_at: number;
  /** popup (the widget's popup, the default) | redirect (the whole tab, back to return_url) | link (a connect link). Since 2026_12_03_011. */
  mode: Generated<string>;
  /** redirect mode: where the browser goes back to, `morph_attempt` added. */
  return_url: string | null;
  /** redirect mode: `att_…`, the id the returned page reads the outcome with (any session of the same owner). */
  attempt_id: string | null;
  /** link mode: the connect link that started this attempt. */
  link_id: string | null;
  /**
   * While the user chooses divisions (status `choosing`, issue 18): a JWE of the fresh tokens, the Exact user
   * and the divisions the token reaches. Cleared when the attempt ends. Since 2026_12_03_012.
   */
  pending_choice?: string | null;
  /** `single` | `multiple` (null: multiple): how many divisions the user may choose. Since 2026_12_03_013. */
  division_selection?: string | null;
  /** While choosing: SHA-256 of the picker's single-use choice token (the token itself is only in the page). */
  choice_hash?: string | null;
  /** link mode: the hosted page's language and theme, for the picker. */
  locale?: string | null;
  theme?: string | null;
}

/**
 * A shareable connect link (issue 17): a bearer capability, so only the SHA-256 of its token is stored.
 * open → used (a connection was made through it) | revoked (DELETE, or the owner was disconnected).
 */
export interface ConnectLinksTable {
  /** `cl_…`, public: what the backend revokes it by. */
  id: string;
  token_hash: string;
  connector_id: string;
  owner_id: string;
  /** Where the browser goes after Exact; null: the hosted "Connected" page. */
  redirect_url: string | null;
  /** The region the page pre-selects. */
  region: string;
  /** 1: a reconnect may switch to another Exact user. */
  allow_user_change: number;
  status: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
  /** `single` | `multiple` (null: multiple): how many divisions the user may choose. Since 2026_12_03_013. */
  division_selection?: string | null;
}

/** One `Idempotency-Key` of `POST /v1/resources/:model`, per owner, kept 24 h (server/resources/idempotency.ts). */
export interface IdempotencyKeysTable {
  connector_id: string;
  owner_id: string;
  idempotency_key: string;
  /** SHA-256 of the model and the canonical JSON body: the same key with another request is a conflict. */
  request_hash: string;
  /** pending (the first request runs) → done (its answer is below). */
  status: string;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

/** A customer's webhook endpoint (server/webhooks/endpoints-repo.ts). */
export interface WebhookEndpointsTable {
  id: string;
  url: string;
  /** JSON array of event types; null: every event. */
  events: string | null;
  /** Only this owner's events; null: every owner's. */
  owner_id: string | null;
  description: string | null;
  /** 1: events carry Exact's record as `raw`. */
  include_raw: number;
  /** JWE (dir + A256GCM) of the `whsec_…` signing secret: never stored in clear. */
  secret: string;
  /** The secret before the last rotation, still signed with until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  /** Created, or last re-enabled: where "no success for days" starts counting. */
  enabled_at: number;
  last_success_at: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** One event in the outbox, written in the transaction of the state it reflects. */
export interface WebhookEventsTable {
  id: string;
  type: string;
  connector_id: string;
  owner_id: string | null;
  connection_id: string | null;
  model: string | null;
  action: string | null;
  /** JSON of the event's `data`. */
  data: string;
  /** JSON of Exact's record, for endpoints with includeRaw. */
  raw: string | null;
  /** The record's division; the default division for `connection.*` (since 2026_12_03_014; null before, and for tests). */
  division?: number | null;
  created_at: number;
}

/** One event for one endpoint; claimed by one worker at a time (server/webhooks/outbox-repo.ts). */
export interface WebhookDeliveriesTable {
  /** Creation order (autoincrement / bigserial). */
  seq: Generated<number>;
  id: string;
  endpoint_id: string;
  event_id: string;
  /** `<connectionId>:<model>`: deliveries of one key are attempted in `seq` order. */
  order_key: string;
  /** pending → delivered | retrying → … → delivered | failed. */
  status: string;
  /** Attempts made, all time. */
  attempts: number;
  /** `attempts` when the current retry schedule started (0, or the count at a manual retry). */
  retry_base: number;
  next_attempt_at: number;
  /** The worker holding the row, until `claimed_until` (a killed worker's rows come back after it). */
  claimed_by: string | null;
  claimed_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  /** The first bytes of the answer, for the delivery log. */
  response_excerpt: string | null;
}

/** One Exact webhook subscription per (region, division, topic), made with one connection's token on that division. */
export interface ExactWebhookSubscriptionsTable {
  region: string;
  division: number;
  topic: string;
  /** Exact's ID of the subscription; null until Exact has answered. */
  subscription_id: string | null;
  callback_url: string;
  /** pending (being made) | active | failed (retried at retry_at) */
  status: string;
  /** Why the last attempt failed, without secrets. */
  last_error: string | null;
  retry_at: number | null;
  /** A process making or removing this subscription holds it until then. */
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** One verified notification from Exact, stored before answering 200; processed after. */
export interface ExactInboxTable {
  id: string;
  division: number;
  topic: string;
  /** Create | Update | Delete */
  action: string;
  entity_key: string;
  event_created_on: string | null;
  /** A hash of division, topic, key, action and EventCreatedOn (unique): a replayed notification is stored once. Null before 2026_12_03_006. */
  fingerprint: string | null;
  /** pending | done | failed | superseded (a newer notification of the same record took its place) */
  status: string;
  attempts: number;
  /** The processor that claimed the row, until claimed_until: a crashed claim expires and another takes it. */
  claim_token: string | null;
  claimed_until: number | null;
  next_attempt_at: number;
  last_error: string | null;
  received_at: number;
  processed_at: number | null;
}

/** What was last emitted (or silently seen) of one record for one connection: dedupe, created vs updated, lines. */
export interface ExactRecordVersionsTable {
  connection_id: string;
  /** The division the record lives in (since 2026_12_03_014; 0 for rows of a connection gone before it). */
  division: number;
  model: string;
  record_id: string;
  /** Exact's Modified (epoch ms) where the entity has it, else a hash of the unified record. */
  version: string;
  /** The invoice of an invoice line: which lines an invoice had. */
  parent_id: string | null;
  /** 1: a tombstone, so a deletion seen twice (webhook and sync/Deleted) is emitted once. */
  deleted: number;
  updated_at: number;
}

/** The poller's position per connection and model: a sync Timestamp, or "scan" for models read whole. */
export interface ExactSyncCursorsTable {
  connection_id: string;
  /** The division polled (since 2026_12_03_014). */
  division: number;
  model: string;
  cursor: string;
  updated_at: number;
}

/** One poll at a time per connection, across processes, and when the next is due. */
export interface ExactPollLeasesTable {
  connection_id: string;
  lease_until: number | null;
  next_poll_at: number;
}
