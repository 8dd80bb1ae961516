/** The sandbox's in-memory world: seeded records, OAuth grants, counters. Nothing is persisted. */

/** One Exact record as the sandbox stores it: dates as epoch ms, GUIDs lowercase. */
export type Row = Record<string, unknown>;

export interface SandboxStats {
  tokenRequests: number;
  refreshes: number;
  refreshFailures: number;
  restCalls: number;
  responsesByStatus: Record<number, number>;
  rateLimited: number;
}

export function emptyStats(): SandboxStats {
  return { tokenRequests: 0, refreshes: 0, refreshFailures: 0, restCalls: 0, responsesByStatus: {}, rateLimited: 0 };
}

/** What the user agreed to on the consent page; the tokens of one connection hang off it. */
export interface Grant {
  /** One consent's token chain: set at the code exchange, carried by every refresh; revoking it ends them all. */
  chainId: string;
  clientId: string;
  userId: string;
  divisions: number[];
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  /** The divisions the user granted at consent (one or several); the grant's tokens reach these only. */
  divisions: number[];
  expiresAt: number;
}

/** A rendered consent page: its form must come back with this ticket, once. */
export interface ConsentTicket {
  clientId: string;
  redirectUri: string;
  state: string;
  expiresAt: number;
}

export interface RateWindow {
  minuteStart: number;
  minuteCount: number;
  dayStart: number;
  dayCount: number;
}

export interface SandboxState {
  signedInUserId: string;
  users: Map<string, Row>;
  divisions: Map<number, Row>;
  currentDivisionByUser: Map<string, number>;
  /** division → entity path (e.g. "crm/Accounts") → lowercase key → row */
  tables: Map<number, Map<string, Map<string, Row>>>;
  codes: Map<string, AuthorizationCode>;
  consentTickets: Map<string, ConsentTicket>;
  /** access token → grant */
  grantsByAccessToken: Map<string, Grant>;
  /** current refresh token → grant */
  grantsByRefreshToken: Map<string, Grant>;
  /** refresh tokens that were rotated away; reuse is Exact's "Old refresh token used." */
  oldRefreshTokens: Set<string>;
  /** `${endpoint}|${action}` → false when switched off; absent means allowed */
  rights: Map<string, boolean>;
  rateWindows: Map<string, RateWindow>;
  errorCounts: Map<string, { hourStart: number; count: number; blockedUntil: number }>;
  stats: SandboxStats;
  minutelyLimit: number;
  /** division → the last Timestamp (rowversion) handed out; sync endpoints order and filter by it */
  rowVersions: Map<number, number>;
  /** division → sync/Deleted rows, oldest first */
  deletions: Map<number, Row[]>;
  /** Webhooks switched off by a test (`sandbox.webhooks.pause()`): events of changes meanwhile are lost. */
  webhooksPaused: boolean;
}

export function tableOf(state: SandboxState, division: number, entityPath: string): Map<string, Row> {
  let byEntity = state.tables.get(division);
  if (!byEntity) {
    byEntity = new Map();
    state.tables.set(division, byEntity);
  }
  let table = byEntity.get(entityPath);
  if (!table) {
    table = new Map();
    byEntity.set(entityPath, table);
  }
  return table;
}
