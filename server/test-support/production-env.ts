/** A complete production-mode environment (real Exact credentials, no generated keys), for config tests. */
export const PRODUCTION_ENV = {
  EXACT_CLIENT_ID: "client",
  EXACT_CLIENT_SECRET: "secret",
  MORPH_SECRET_KEY: "sk_live_0123456789abcdefghijklmn",
  MORPH_SIGNING_KEY: Buffer.alloc(32, 1).toString("base64"),
  MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64"),
  MORPH_PUBLIC_URL: "https://connect.example.com",
  DATABASE_URL: "postgres://morph:pw@127.0.0.1:5432/morph",
};
