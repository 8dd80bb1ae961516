/** The database schema, one interface per table. Timestamps are epoch milliseconds (bigint). */
export interface Database {
  connections: ConnectionsTable;
  oauth_states: OAuthStatesTable;
  idempotency_keys: IdempotencyKeysTable;
}

export interface ConnectionsTable {
  id: string;
  connector_id: string;
  owner_id: string;
  region: string;
  division: number;
  division_name: string;
  provider_user_id: string;
  status: string;
  /** JWE (dir + A256GCM) of `{ accessToken, refreshToken }`: never stored in clear. */
  tokens: string;
  access_token_expires_at: number;
  refresh_token_expires_at: number;
  /** Lease that serialises token refreshes across processes (see token-refresher). */
  refresh_lock_until: number | null;
  granted_operations: string;
  missing_operations: string;
  field_mapping: string;
  created_at: number;
  updated_at: number;
}

export interface OAuthStatesTable {
  /** SHA-256 of the state value: a database leak does not give usable states. */
  state_hash: string;
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
}

/** One `Idempotency-Key` of `POST /v1/resources/:model`, per owner, kept 24 h (server/routes/idempotency.ts). */
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
