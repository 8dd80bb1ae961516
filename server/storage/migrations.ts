import { type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, sql } from "kysely";

// Written once, never edited: add a new entry for every schema change.
const migrations: Record<string, Migration> = {
  "2026_11_22_001_initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("connections")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
        .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
        .addColumn("region", "varchar(16)", (c) => c.notNull())
        .addColumn("division", "integer", (c) => c.notNull())
        .addColumn("division_name", "text", (c) => c.notNull())
        .addColumn("provider_user_id", "varchar(64)", (c) => c.notNull())
        .addColumn("status", "varchar(32)", (c) => c.notNull())
        .addColumn("tokens", "text", (c) => c.notNull())
        .addColumn("access_token_expires_at", "bigint", (c) => c.notNull())
        .addColumn("refresh_token_expires_at", "bigint", (c) => c.notNull())
        .addColumn("refresh_lock_until", "bigint")
        .addColumn("granted_operations", "text", (c) => c.notNull())
        .addColumn("missing_operations", "text", (c) => c.notNull())
        .addColumn("field_mapping", "text", (c) => c.notNull().defaultTo("{}"))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("connections_connector_owner_unique", ["connector_id", "owner_id"])
        .execute();

      await db.schema
        .createTable("oauth_states")
        .addColumn("state_hash", "varchar(64)", (c) => c.primaryKey())
        .addColumn("nonce", "varchar(64)", (c) => c.notNull().unique())
        .addColumn("session_jti", "varchar(64)", (c) => c.notNull())
        .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
        .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
        .addColumn("region", "varchar(16)", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("operations", "text", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("oauth_states_expires_idx").on("oauth_states").column("expires_at").execute();
    },
  },
  // The widget's nonce may be up to 128 characters (connect.ts NONCE_PATTERN); PostgreSQL enforced 64
  // and a longer nonce failed the insert. SQLite does not enforce varchar lengths, and cannot ALTER a
  // column's type, so there is nothing to do there.
  "2026_11_22_002_oauth_states_nonce_128": {
    async up(db: Kysely<unknown>) {
      if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
      await db.schema
        .alterTable("oauth_states")
        .alterColumn("nonce", (column) => column.setDataType("varchar(128)"))
        .execute();
    },
  },
  "2026_11_22_003_idempotency_keys": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("idempotency_keys")
        .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
        .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
        .addColumn("idempotency_key", "varchar(255)", (c) => c.notNull())
        .addColumn("request_hash", "varchar(64)", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("response_status", "integer")
        .addColumn("response_body", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_keys_pk", ["connector_id", "owner_id", "idempotency_key"])
        .execute();
      await db.schema.createIndex("idempotency_keys_expires_idx").on("idempotency_keys").column("expires_at").execute();
    },
  },
  // Customer webhooks (issue 9): endpoints, the event outbox, one delivery row per (event, endpoint), and
  // every attempt. `seq` gives creation order, which per-key ordering and the delivery log rely on.
  "2026_11_22_004_webhook_delivery": {
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable("webhook_endpoints")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("events", "text")
        .addColumn("owner_id", "varchar(255)")
        .addColumn("description", "text")
        .addColumn("include_raw", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("previous_secret", "text")
        .addColumn("previous_secret_expires_at", "bigint")
        .addColumn("enabled_at", "bigint", (c) => c.notNull())
        .addColumn("last_success_at", "bigint")
        .addColumn("disabled_at", "bigint")
        .addColumn("disabled_reason", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("webhook_events")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("type", "varchar(128)", (c) => c.notNull())
        .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
        .addColumn("owner_id", "varchar(255)")
        .addColumn("connection_id", "varchar(64)")
        .addColumn("model", "varchar(64)")
        .addColumn("action", "varchar(16)")
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("raw", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("webhook_deliveries")
        .addColumn("seq", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("id", "varchar(64)", (c) => c.notNull().unique())
        .addColumn("endpoint_id", "varchar(64)", (c) => c.notNull())
        .addColumn("event_id", "varchar(64)", (c) => c.notNull())
        .addColumn("order_key", "varchar(400)", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("retry_base", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("claimed_by", "varchar(64)")
        .addColumn("claimed_until", "bigint")
        .addColumn("last_status_code", "integer")
        .addColumn("last_error", "text")
        .addColumn("delivered_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      // Partial indexes over unfinished rows only: the claim's scan and its "is an earlier row of my key
      // still open?" check stay as small as the backlog, however long the delivered history grows.
      await sql`create index webhook_deliveries_open_idx on webhook_deliveries (seq) where status in ('pending', 'retrying')`.execute(db);
      await sql`create index webhook_deliveries_open_key_idx on webhook_deliveries (endpoint_id, order_key, seq) where status in ('pending', 'retrying')`.execute(db);
      await db.schema.createIndex("webhook_deliveries_endpoint_idx").on("webhook_deliveries").columns(["endpoint_id", "seq"]).execute();

      await db.schema
        .createTable("webhook_delivery_attempts")
        .addColumn("delivery_id", "varchar(64)", (c) => c.notNull())
        .addColumn("attempt", "integer", (c) => c.notNull())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .addColumn("status_code", "integer")
        .addColumn("error", "text")
        .addColumn("response_excerpt", "text")
        .addPrimaryKeyConstraint("webhook_delivery_attempts_pk", ["delivery_id", "attempt"])
        .execute();
    },
  },
  // Issue 9, from Exact to us: Exact's webhook subscriptions, the inbox of received notifications, what was
  // last seen of each record per connection (dedupe, created vs updated, invoice lines), and the poller's cursors.
  "2026_11_22_005_exact_events": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("exact_webhook_subscriptions")
        .addColumn("region", "varchar(16)", (c) => c.notNull())
        .addColumn("division", "integer", (c) => c.notNull())
        .addColumn("topic", "varchar(64)", (c) => c.notNull())
        .addColumn("subscription_id", "varchar(64)")
        .addColumn("callback_url", "text", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("retry_at", "bigint")
        .addColumn("lease_until", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("exact_webhook_subscriptions_pk", ["region", "division", "topic"])
        .execute();

      await db.schema
        .createTable("exact_inbox")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("division", "integer", (c) => c.notNull())
        .addColumn("topic", "varchar(64)", (c) => c.notNull())
        .addColumn("action", "varchar(16)", (c) => c.notNull())
        .addColumn("entity_key", "varchar(64)", (c) => c.notNull())
        .addColumn("event_created_on", "varchar(64)")
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("claim_token", "varchar(64)")
        .addColumn("claimed_until", "bigint")
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addColumn("processed_at", "bigint")
        .execute();
      await db.schema.createIndex("exact_inbox_pending_idx").on("exact_inbox").columns(["status", "next_attempt_at"]).execute();

      await db.schema
        .createTable("exact_record_versions")
        .addColumn("connection_id", "varchar(64)", (c) => c.notNull())
        .addColumn("model", "varchar(64)", (c) => c.notNull())
        .addColumn("record_id", "varchar(64)", (c) => c.notNull())
        .addColumn("version", "varchar(128)", (c) => c.notNull())
        .addColumn("parent_id", "varchar(64)")
        .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("exact_record_versions_pk", ["connection_id", "model", "record_id"])
        .execute();
      await db.schema.createIndex("exact_record_versions_parent_idx").on("exact_record_versions").columns(["connection_id", "model", "parent_id"]).execute();

      await db.schema
        .createTable("exact_sync_cursors")
        .addColumn("connection_id", "varchar(64)", (c) => c.notNull())
        .addColumn("model", "varchar(64)", (c) => c.notNull())
        .addColumn("cursor", "varchar(64)", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("exact_sync_cursors_pk", ["connection_id", "model"])
        .execute();

      await db.schema
        .createTable("exact_poll_leases")
        .addColumn("connection_id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("lease_until", "bigint")
        .addColumn("next_poll_at", "bigint", (c) => c.notNull())
        .execute();
    },
  },
  "2026_12_03_006_exact_inbox_dedupe": {
    async up(db: Kysely<unknown>) {
      // One row per distinct notification: a replay of a signed one is acknowledged and not stored again.
      // Nullable, so rows from before keep their place (NULLs never collide in a unique index).
      await db.schema.alterTable("exact_inbox").addColumn("fingerprint", "varchar(64)").execute();
      await db.schema.createIndex("exact_inbox_fingerprint_idx").on("exact_inbox").column("fingerprint").unique().execute();
      // The receiver collapses a record's pending notifications into one: it looks them up by key.
      await db.schema.createIndex("exact_inbox_key_idx").on("exact_inbox").columns(["division", "topic", "entity_key", "status"]).execute();
    },
  },
  // Issue 14, finding 14: a nonce is unique per session, not across all sessions, so one session can neither
  // learn that another's nonce exists nor take it first. PostgreSQL drops the inline unique constraint
  // (named by its default, <table>_<column>_key). SQLite cannot drop one (it is an automatic index), so the
  // table is rebuilt without it, in one transaction (Kysely runs SQLite migrations outside one).
  "2026_12_03_007_oauth_states_nonce_per_session": {
    async up(db: Kysely<unknown>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table oauth_states drop constraint oauth_states_nonce_key`.execute(db);
      } else {
        await db.transaction().execute(async (trx) => {
          await trx.schema
            .createTable("oauth_states_rebuilt")
            .addColumn("state_hash", "varchar(64)", (c) => c.primaryKey())
            .addColumn("nonce", "varchar(128)", (c) => c.notNull())
            .addColumn("session_jti", "varchar(64)", (c) => c.notNull())
            .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
            .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
            .addColumn("region", "varchar(16)", (c) => c.notNull())
            .addColumn("origin", "text", (c) => c.notNull())
            .addColumn("operations", "text", (c) => c.notNull())
            .addColumn("status", "varchar(16)", (c) => c.notNull())
            .addColumn("outcome", "text")
            .addColumn("expires_at", "bigint", (c) => c.notNull())
            .addColumn("created_at", "bigint", (c) => c.notNull())
            .execute();
          await sql`insert into oauth_states_rebuilt
            select state_hash, nonce, session_jti, connector_id, owner_id, region, origin, operations, status, outcome, expires_at, created_at
            from oauth_states`.execute(trx);
          await trx.schema.dropTable("oauth_states").execute();
          await trx.schema.alterTable("oauth_states_rebuilt").renameTo("oauth_states").execute();
          await trx.schema.createIndex("oauth_states_expires_idx").on("oauth_states").column("expires_at").execute();
        });
      }
      await db.schema.createIndex("oauth_states_session_nonce_unique").on("oauth_states").columns(["session_jti", "nonce"]).unique().execute();
    },
  },
  // Issue 16: the connection as a resource. A backend creates a `pending` connection before any user
  // authorizes it, so the columns only an authorization fills become nullable; the backend's labels
  // (metadata, tags), the operations it asked for, what `search` matches, and when a customer request last
  // used the connection are new. SQLite cannot drop a NOT NULL: the table is rebuilt as in 007.
  "2026_12_03_009_connection_resource": {
    async up(db: Kysely<unknown>) {
      const filledByAuthorization = ["region", "division", "division_name", "provider_user_id", "tokens", "access_token_expires_at", "refresh_token_expires_at"];
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        for (const column of filledByAuthorization) {
          await db.schema.alterTable("connections").alterColumn(column, (c) => c.dropNotNull()).execute();
        }
        await db.schema
          .alterTable("connections")
          .addColumn("requested_operations", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("requested_optional_operations", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
          .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("last_used_at", "bigint")
          .execute();
        // A connection made before asked for what it was granted.
        await sql`update connections set requested_operations = granted_operations, search_text = lower(owner_id)`.execute(db);
      } else {
        await db.transaction().execute(async (trx) => {
          await trx.schema
            .createTable("connections_rebuilt")
            .addColumn("id", "varchar(64)", (c) => c.primaryKey())
            .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
            .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
            .addColumn("region", "varchar(16)")
            .addColumn("division", "integer")
            .addColumn("division_name", "text")
            .addColumn("provider_user_id", "varchar(64)")
            .addColumn("status", "varchar(32)", (c) => c.notNull())
            .addColumn("tokens", "text")
            .addColumn("access_token_expires_at", "bigint")
            .addColumn("refresh_token_expires_at", "bigint")
            .addColumn("refresh_lock_until", "bigint")
            .addColumn("granted_operations", "text", (c) => c.notNull())
            .addColumn("missing_operations", "text", (c) => c.notNull())
            .addColumn("field_mapping", "text", (c) => c.notNull().defaultTo("{}"))
            .addColumn("created_at", "bigint", (c) => c.notNull())
            .addColumn("updated_at", "bigint", (c) => c.notNull())
            .addColumn("requested_operations", "text", (c) => c.notNull().defaultTo("[]"))
            .addColumn("requested_optional_operations", "text", (c) => c.notNull().defaultTo("[]"))
            .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
            .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
            .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
            .addColumn("last_used_at", "bigint")
            .addUniqueConstraint("connections_connector_owner_unique", ["connector_id", "owner_id"])
            .execute();
          await sql`insert into connections_rebuilt
            (id, connector_id, owner_id, region, division, division_name, provider_user_id, status, tokens, access_token_expires_at,
             refresh_token_expires_at, refresh_lock_until, granted_operations, missing_operations, field_mapping, created_at, updated_at,
             requested_operations, search_text)
            select id, connector_id, owner_id, region, division, division_name, provider_user_id, status, tokens, access_token_expires_at,
             refresh_token_expires_at, refresh_lock_until, granted_operations, missing_operations, field_mapping, created_at, updated_at,
             granted_operations, lower(owner_id)
            from connections`.execute(trx);
          await trx.schema.dropTable("connections").execute();
          await trx.schema.alterTable("connections_rebuilt").renameTo("connections").execute();
        });
      }
      // GET /v1/connections pages newest first by (created_at, id): the keyset is an index walk.
      await db.schema.createIndex("connections_created_idx").on("connections").columns(["created_at", "id"]).execute();
    },
  },
  // Issue 16: a connection's health. When its tokens were last refreshed (or first issued), which the keep-alive
  // job reads to refresh idle connections before Exact's 30-day refresh token lapses; and the last failure that
  // changed its status. Connections made before are taken as refreshed when their current pair was issued
  // (its tracked refresh-token expiry less Exact's 30 days), so the job does not see them all as overdue at once.
  "2026_12_03_010_connection_refresh_health": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("connections").addColumn("last_refreshed_at", "bigint").execute();
      await db.schema.alterTable("connections").addColumn("last_error", "text").execute();
      await sql`update connections set last_refreshed_at = refresh_token_expires_at - ${sql.lit(30 * 86_400_000)}
        where refresh_token_expires_at is not null`.execute(db);
      await db.schema.createIndex("connections_keep_alive_idx").on("connections").columns(["status", "last_refreshed_at"]).execute();
    },
  },
  // Issue 17: connect from anywhere. An attempt remembers how the browser came (`popup`, or `redirect` with the
  // page to return to and the attempt id put on it), and the link it came through; shareable connect links are
  // stored by the SHA-256 of their token. Connections are looked up by their Exact user (one user, two owners).
  "2026_12_03_011_connect_links": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("oauth_states")
        .addColumn("mode", "varchar(16)", (c) => c.notNull().defaultTo("popup"))
        .execute();
      await db.schema.alterTable("oauth_states").addColumn("return_url", "text").execute();
      await db.schema.alterTable("oauth_states").addColumn("attempt_id", "varchar(64)").execute();
      await db.schema.alterTable("oauth_states").addColumn("link_id", "varchar(64)").execute();
      await db.schema.createIndex("oauth_states_attempt_id_unique").on("oauth_states").column("attempt_id").unique().execute();
      await db.schema
        .createTable("connect_links")
        .addColumn("id", "varchar(64)", (c) => c.primaryKey())
        .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
        .addColumn("connector_id", "varchar(64)", (c) => c.notNull())
        .addColumn("owner_id", "varchar(255)", (c) => c.notNull())
        .addColumn("redirect_url", "text")
        .addColumn("region", "varchar(16)", (c) => c.notNull())
        .addColumn("allow_user_change", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("used_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("connect_links_owner_idx").on("connect_links").columns(["connector_id", "owner_id", "status"]).execute();
      await db.schema.createIndex("connections_provider_user_idx").on("connections").columns(["connector_id", "provider_user_id"]).execute();
    },
  },
  // Issue 18: a connection reaches the divisions its user chose, each with its own missing rights, as a JSON
  // array `[{ code, name, missingOperations }]`; division/division_name/missing_operations stay the default's.
  // Rows made before it hold "[]" and read as the one division they always had. An attempt waiting for the user
  // to choose keeps the fresh tokens and the divisions they reach, sealed (JWE), until the choice or the TTL.
  "2026_12_03_012_connection_divisions": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("connections").addColumn("divisions", "text", (c) => c.notNull().defaultTo("[]")).execute();
      await db.schema.alterTable("oauth_states").addColumn("pending_choice", "text").execute();
    },
  },
  // Issue 18: choosing divisions at connect time. An attempt records how many divisions the user may choose
  // (`single` | `multiple`, from the session or the link) and, for a link, the page's language and theme; while
  // the user chooses, only the SHA-256 of the picker's single-use choice token is kept. A link keeps its own
  // divisionSelection. Rows made before read as `multiple`.
  "2026_12_03_013_division_choice": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("oauth_states").addColumn("division_selection", "text").execute();
      await db.schema.alterTable("oauth_states").addColumn("choice_hash", "text").execute();
      await db.schema.alterTable("oauth_states").addColumn("locale", "text").execute();
      await db.schema.alterTable("oauth_states").addColumn("theme", "text").execute();
      await db.schema.createIndex("oauth_states_choice_hash_idx").on("oauth_states").column("choice_hash").execute();
      await db.schema.alterTable("connect_links").addColumn("division_selection", "text").execute();
    },
  },
  // Issue 18: events per division. The poller's cursors and the record versions of a connection are kept per
  // division (two divisions have their own Timestamps and may hold the same record id); rows made before are the
  // division the connection had then (0 for a connection already gone). An event carries its division.
  // SQLite cannot change a primary key: those two tables are rebuilt as in 007.
  "2026_12_03_014_division_cursors": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("webhook_events").addColumn("division", "integer").execute();
      const ofConnection = (table: string) =>
        sql`update ${sql.table(table)} set division = coalesce((select c.division from connections c where c.id = ${sql.ref(`${table}.connection_id`)}), 0)`;
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        for (const [table, key] of [
          ["exact_sync_cursors", "connection_id, division, model"],
          ["exact_record_versions", "connection_id, division, model, record_id"],
        ] as const) {
          await db.schema.alterTable(table).addColumn("division", "integer", (c) => c.notNull().defaultTo(0)).execute();
          await ofConnection(table).execute(db);
          await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_pk`)}`.execute(db);
          await sql`alter table ${sql.table(table)} add constraint ${sql.raw(`${table}_pk`)} primary key (${sql.raw(key)})`.execute(db);
        }
        return;
      }
      await db.transaction().execute(async (trx) => {
        await trx.schema
          .createTable("exact_sync_cursors_rebuilt")
          .addColumn("connection_id", "varchar(64)", (c) => c.notNull())
          .addColumn("division", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("model", "varchar(64)", (c) => c.notNull())
          .addColumn("cursor", "varchar(64)", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("exact_sync_cursors_pk", ["connection_id", "division", "model"])
          .execute();
        await sql`insert into exact_sync_cursors_rebuilt (connection_id, division, model, cursor, updated_at)
          select connection_id, 0, model, cursor, updated_at from exact_sync_cursors`.execute(trx);
        await trx.schema
          .createTable("exact_record_versions_rebuilt")
          .addColumn("connection_id", "varchar(64)", (c) => c.notNull())
          .addColumn("division", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("model", "varchar(64)", (c) => c.notNull())
          .addColumn("record_id", "varchar(64)", (c) => c.notNull())
          .addColumn("version", "varchar(128)", (c) => c.notNull())
          .addColumn("parent_id", "varchar(64)")
          .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("exact_record_versions_pk", ["connection_id", "division", "model", "record_id"])
          .execute();
        await sql`insert into exact_record_versions_rebuilt (connection_id, division, model, record_id, version, parent_id, deleted, updated_at)
          select connection_id, 0, model, record_id, version, parent_id, deleted, updated_at from exact_record_versions`.execute(trx);
        for (const table of ["exact_sync_cursors", "exact_record_versions"]) {
          await trx.schema.dropTable(table).execute();
          await trx.schema.alterTable(`${table}_rebuilt`).renameTo(table).execute();
          await ofConnection(table).execute(trx);
        }
      });
      await db.schema.createIndex("exact_record_versions_parent_idx").on("exact_record_versions").columns(["connection_id", "division", "model", "parent_id"]).execute();
    },
  },
};

export class StaticMigrations implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** Runs at start-up; throws (with Kysely's reason) if a migration fails, so the server never serves a half schema. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new StaticMigrations() }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) throw new Error(`Database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`, { cause: error });
}
