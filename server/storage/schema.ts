/** The database schema, one interface per table. Timestamps are epoch milliseconds (bigint). */
export interface Database {
  connections: ConnectionsTable;
  oauth_states: OAuthStatesTable;
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
