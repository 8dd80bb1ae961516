/**
 * The adversarial suite's inputs (issue 8): explicit lists of hostile values, crossed with a few
 * mutations drawn from a seeded PRNG, so every run sends the same requests in the same order.
 */
import { SignJWT } from "jose";
import { createPrng, type Prng } from "../sandbox/prng";

export type Family = "session tokens" | "oauth state/callback" | "model names" | "ids" | "cursors" | "filters" | "search" | "bodies" | "proxy paths" | "headers";

export interface Probe {
  family: Family;
  label: string;
  method: string;
  /** As sent: over raw HTTP byte for byte, in-process through the WHATWG URL parser. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Raw HTTP to a listener on 127.0.0.1 (paths a URL parser would normalise), else in-process `app.request`. */
  via: "app" | "http";
  /**
   * true: must be refused without any call to Exact (REST or token endpoint). false: may reach Exact.
   */
  local: boolean;
  /** The statuses this input may get; any other is a failure. */
  expect: readonly number[];
  /** The answer is an HTML page (authorize, callback, demo), not a JSON error body. */
  html?: boolean;
  /** Text that must not come back verbatim (reflected markup). */
  notEchoed?: string;
  /** An extra check on a 2xx answer: returns what is wrong, or undefined. */
  check?: (status: number, text: string) => string | undefined;
}

export interface Fixture {
  secretKey: string;
  signingKey: Uint8Array;
  owner: string;
  /** Connected with genericContact::list only. */
  limitedOwner: string;
  /** Never connected. */
  strangerOwner: string;
  contactId: string;
  companyId: string;
  cursor: string;
  /** A real session token of `owner` (genericContact::list, proxy::read). */
  sessionToken: string;
  /** Callback query strings whose state was already consumed. */
  usedCallbacks: string[];
  now: number;
}

export const SEED = 0x8adc0de;

const ISSUER = "morph-connect";
const AUDIENCE = "morph-connect:widget";
const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

function garbage(prng: Prng, length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[prng.int(0, alphabet.length - 1)];
  return out;
}

const secret = (fx: Fixture, owner = fx.owner): Record<string, string> => ({ authorization: `Bearer ${fx.secretKey}`, "x-owner-id": owner });
const session = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Object built-ins and other names that must never be found by a lookup. */
const BUILT_IN_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__", "isPrototypeOf"];

// ---------------------------------------------------------------------------------------------------
// Session tokens and secret keys
// ---------------------------------------------------------------------------------------------------

async function forgedSessionTokens(fx: Fixture, prng: Prng): Promise<Array<[string, string]>> {
  const iat = Math.floor(fx.now / 1000);
  const claims = { cid: "exact-online", ops: ["genericContact::list"], opt: [] };
  const sign = (payload: Record<string, unknown>, key: Uint8Array, alg = "HS256", build?: (jwt: SignJWT) => SignJWT) => {
    let jwt = new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT" });
    jwt = build ? build(jwt) : jwt.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setJti("jti-forged").setIssuedAt(iat).setExpirationTime(iat + 600);
    return jwt.sign(key);
  };
  const wrongKey = new Uint8Array(32).fill(8);
  const unsigned = (header: Record<string, unknown>, payload: Record<string, unknown>, signature = "") =>
    `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
  const fullPayload = { ...claims, iss: ISSUER, aud: AUDIENCE, sub: fx.owner, jti: "jti-none", iat, exp: iat + 600 };
  const [head, body, sig] = fx.sessionToken.split(".") as [string, string, string];
  const tokens: Array<[string, string]> = [
    ["alg none", unsigned({ alg: "none", typ: "JWT" }, fullPayload)],
    ["alg None", unsigned({ alg: "None" }, fullPayload)],
    ["alg none with the real signature", unsigned({ alg: "none" }, fullPayload, sig)],
    ["alg HS256 without signature", unsigned({ alg: "HS256", typ: "JWT" }, fullPayload)],
    ["wrong key", await sign(claims, wrongKey)],
    ["HS512 with the right key", await sign(claims, new Uint8Array(64).fill(7), "HS512")],
    ["HS384 with the right key", await sign(claims, new Uint8Array(48).fill(7), "HS384")],
    ["expired", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setJti("j").setIssuedAt(iat - 4000).setExpirationTime(iat - 3000))],
    ["lifetime of a day", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setJti("j").setIssuedAt(iat).setExpirationTime(iat + 86_400))],
    ["not yet valid (nbf)", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setJti("j").setIssuedAt(iat).setNotBefore(iat + 500).setExpirationTime(iat + 600))],
    ["wrong issuer", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer("evil").setAudience(AUDIENCE).setSubject(fx.owner).setJti("j").setIssuedAt(iat).setExpirationTime(iat + 600))],
    ["wrong audience", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience("morph-connect:backend").setSubject(fx.owner).setJti("j").setIssuedAt(iat).setExpirationTime(iat + 600))],
    ["no subject", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setJti("j").setIssuedAt(iat).setExpirationTime(iat + 600))],
    ["no jti", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setIssuedAt(iat).setExpirationTime(iat + 600))],
    ["no exp", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(fx.owner).setJti("j").setIssuedAt(iat))],
    ["other connector", await sign({ ...claims, cid: "quickbooks" }, fx.signingKey)],
    ["ops not a list", await sign({ ...claims, ops: "genericContact::list" }, fx.signingKey)],
    ["ops as an object", await sign({ ...claims, ops: { __proto__: { length: 1 } } }, fx.signingKey)],
    ["opt missing", await sign({ cid: "exact-online", ops: [] }, fx.signingKey)],
    ["subject __proto__", await sign(claims, fx.signingKey, "HS256", (j) => j.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject("__proto__").setJti("j").setIssuedAt(iat).setExpirationTime(iat + 60).setNotBefore(iat + 3600))],
    ["payload swapped under the real signature", `${head}.${b64url(JSON.stringify({ ...fullPayload, sub: "org_other" }))}.${sig}`],
    ["header swapped under the real signature", `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "../../etc/passwd" }))}.${body}.${sig}`],
    ["signature of another token", `${head}.${body}.${(await sign(claims, wrongKey)).split(".")[2]}`],
    ["two dots only", ".."],
    ["four parts", `${fx.sessionToken}.extra`],
    ["JWE-shaped", `${head}.${body}.${sig}.${sig}.${sig}`],
    ["header not JSON", `${b64url("not json")}.${body}.${sig}`],
    ["header JSON array", `${b64url("[]")}.${body}.${sig}`],
    ["payload not JSON", `${head}.${b64url("{")}.${sig}`],
    ["payload null", `${head}.${b64url("null")}.${sig}`],
    ["unicode (UTF-8 bytes)", Buffer.from("тест.тест.тест").toString("latin1")],
    ["huge (64 KB)", `${head}.${garbage(prng, 65_536)}.${sig}`],
    ["huge header claim", unsigned({ alg: "HS256", crit: Array.from({ length: 2000 }, (_, i) => `c${i}`) }, fullPayload, sig)],
  ];
  // The real token cut short at a few places, and with one character flipped at a few others.
  for (const cut of [1, 10, head.length, head.length + 1, fx.sessionToken.length - sig.length - 1, fx.sessionToken.length - 1]) {
    tokens.push([`truncated to ${cut}`, fx.sessionToken.slice(0, cut)]);
  }
  for (let i = 0; i < 6; i++) {
    const at = prng.int(0, fx.sessionToken.length - 1);
    const original = fx.sessionToken[at]!;
    const flipped = original === "A" ? "B" : original === "." ? "A" : "A";
    if (original === flipped) continue;
    tokens.push([`one character flipped at ${at}`, `${fx.sessionToken.slice(0, at)}${flipped}${fx.sessionToken.slice(at + 1)}`]);
  }
  for (let i = 0; i < 4; i++) tokens.push([`random garbage #${i}`, `${garbage(prng, prng.int(10, 40))}.${garbage(prng, prng.int(10, 200))}.${garbage(prng, 43)}`]);
  return tokens;
}

async function sessionTokenProbes(fx: Fixture, prng: Prng): Promise<Probe[]> {
  const probes: Probe[] = [];
  const tokens = await forgedSessionTokens(fx, prng);
  const routes: Array<[string, string]> = [
    ["GET", "/v1/connect/session"],
    ["GET", "/v1/connect/connection"],
    ["DELETE", "/v1/connect/connection"],
    ["GET", "/v1/connect/preview/genericContact"],
    ["GET", "/v1/connect/attempts/nonce-0123456789abcdef?wait=0"],
  ];
  for (const [name, token] of tokens) {
    // Every token on one route, a rotating second route, so each route sees every kind of token.
    for (const [method, path] of [routes[0]!, routes[1 + (probes.length % (routes.length - 1))]!]) {
      probes.push({ family: "session tokens", label: `${name} → ${method} ${path}`, method, path, headers: session(token), via: "app", local: true, expect: [401] });
    }
    // The browser's way in: the token as a query parameter of authorize (an HTML page).
    probes.push({
      family: "session tokens",
      label: `${name} → authorize`,
      method: "GET",
      path: `/v1/connect/authorize?${new URLSearchParams({ sessionToken: token, region: "nl", origin: "http://app.test:3000", nonce: "nonce-forged-token-0001" })}`,
      headers: {},
      via: "app",
      local: true,
      expect: [401],
      html: true,
    });
  }
  // Authorization header shapes on the widget routes and on the secret-key routes.
  const authorizations = [
    "", "Bearer", "Bearer ", "Bearer  ", `bearer ${fx.sessionToken}x`, `Basic ${b64url("user:pass")}`, `Bearer ${fx.sessionToken} ${fx.sessionToken}`,
    `Token ${fx.sessionToken}`, `Bearer\t${fx.secretKey}x`, `Bearer ${fx.secretKey.slice(0, -1)}`, `Bearer ${fx.secretKey}x`, `Bearer ${fx.secretKey.toUpperCase()}`,
    `Bearer ${fx.sessionToken}`, `Bearer ${"x".repeat(20_000)}`, `Bearer ${fx.secretKey.slice(0, 8)}`, "Bearer null", "Bearer undefined", "Bearer [object Object]",
  ];
  const secretRoutes: Array<[string, string, string?]> = [
    ["GET", "/v1/resources/genericContact"],
    ["GET", `/v1/connections/exact-online/${fx.owner}`],
    ["POST", "/v1/sessions", JSON.stringify({ connectorId: "exact-online", ownerId: "x", operations: ["genericContact::list"] })],
    ["GET", "/v1/proxy/api/v1/current/Me"],
  ];
  for (const authorization of authorizations) {
    for (const [method, path, body] of secretRoutes) {
      const headers: Record<string, string> = { "x-owner-id": fx.owner, "content-type": "application/json" };
      if (authorization) headers.authorization = authorization;
      probes.push({ family: "session tokens", label: `secret route ${method} ${path} with Authorization "${authorization.slice(0, 40)}"`, method, path, headers, body, via: "app", local: true, expect: [401] });
    }
  }
  // The secret key is not a session token.
  probes.push({ family: "session tokens", label: "secret key as a session token", method: "GET", path: "/v1/connect/session", headers: session(fx.secretKey), via: "app", local: true, expect: [401] });
  return probes;
}

// ---------------------------------------------------------------------------------------------------
// OAuth: authorize parameters, callback state and parameters
// ---------------------------------------------------------------------------------------------------

function oauthProbes(fx: Fixture, prng: Prng): Probe[] {
  const probes: Probe[] = [];
  const callback = (label: string, query: string, expect: readonly number[] = [400], notEchoed?: string) =>
    probes.push({ family: "oauth state/callback", label: `callback ${label}`, method: "GET", path: `/v1/oauth/callback${query}`, headers: {}, via: "app", local: true, expect, html: true, notEchoed });
  const XSS = "<script>alert(1)</script>";
  callback("without parameters", "");
  callback("with an empty state", "?state=&code=abc");
  callback("with only a code", "?code=abc");
  callback("with only an error", "?error=access_denied");
  callback("with an error and no state", `?error=${encodeURIComponent(XSS)}`, [400], XSS);
  for (let i = 0; i < 8; i++) callback(`with forged state #${i}`, `?state=${garbage(prng, 43)}&code=${garbage(prng, 20)}`);
  for (let i = 0; i < 4; i++) callback(`with forged state and ?error #${i}`, `?state=${garbage(prng, 43)}&error=${prng.pick(["access_denied", "server_error", "invalid_scope", "temporarily_unavailable"])}`);
  for (const [i, query] of fx.usedCallbacks.entries()) {
    callback(`replayed #${i}`, `?${query}`);
    callback(`replayed with ?error #${i}`, `?${query}&error=access_denied`);
  }
  const odd = [
    "%00", "%ff%fe", "%C3%28", "%E2%80%AE", "..%2F..%2F", "'%20or%20'1'%3D'1", "%27%3B--", encodeURIComponent(XSS), "%F0%9F%92%A5".repeat(20), "+++", "%2B%2F%3D",
    "a".repeat(10_000), garbage(prng, 4096), "state%00withnull", "%", "%%", "%G0", "\u00e9\u00e8", "%EF%BB%BF", "[]", "{}", "constructor", "__proto__", "toString",
  ];
  for (const value of odd) callback(`with state ${value.slice(0, 30)}`, `?state=${value}&code=${value}`, [400], value.includes("script") ? XSS : undefined);
  callback("with two states", `?state=${garbage(prng, 43)}&state=${garbage(prng, 43)}&code=x`);
  callback("with state as an array", `?state[]=${garbage(prng, 43)}&code=x`);
  callback("with a 16 KB code", `?state=${garbage(prng, 43)}&code=${"c".repeat(16_384)}`);
  for (const error of ["", "access_denied", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "x".repeat(8192), "access_denied&error_description=" + encodeURIComponent(XSS)]) {
    callback(`?error=${error.slice(0, 30)} with a forged state`, `?state=${garbage(prng, 43)}&error=${error}`, [400]);
  }

  // authorize: every parameter wrong in turn, with a real session token (it starts no attempt, calls nothing).
  const authorize = (label: string, params: Record<string, string>, expect: readonly number[], notEchoed?: string) =>
    probes.push({
      family: "oauth state/callback",
      label: `authorize ${label}`,
      method: "GET",
      path: `/v1/connect/authorize?${new URLSearchParams(params)}`,
      headers: {},
      via: "app",
      local: true,
      expect,
      html: true,
      notEchoed,
    });
  const base = { sessionToken: fx.sessionToken, region: "nl", origin: "http://app.test:3000", nonce: "nonce-adversarial-0001" };
  for (const origin of ["", "null", "http://evil.test", "http://app.test:3000.evil.test", "http://app.test:3000/", "HTTP://APP.TEST:3000", "http://app.test", "javascript:alert(1)", `http://app.test:3000"><script>alert(1)</script>`, "*", "http://app.test:3000\n"]) {
    authorize(`origin ${JSON.stringify(origin).slice(0, 40)}`, { ...base, origin }, [403], origin.includes("<script>") ? XSS : undefined);
  }
  for (const nonce of ["", "short", "x".repeat(129), "nonce with spaces 0001", "nonce/../../../0001", "nonce%00nonce-00001", "nónce-0123456789abc", "__proto__", "constructor-constructor", XSS]) {
    authorize(`nonce ${JSON.stringify(nonce).slice(0, 30)}`, { ...base, nonce }, nonce === "constructor-constructor" ? [302] : [400], nonce.includes("script") ? XSS : undefined);
  }
  for (const region of ["", "xx", "NL", "nl ", "__proto__", "constructor", "toString", "nl\u0000", "../nl", "co.uk.evil"]) {
    authorize(`region ${JSON.stringify(region)}`, { ...base, nonce: `nonce-region-${garbage(prng, 12)}`, region }, [400]);
  }
  for (const operations of ["__proto__", "constructor", "genericContact::list", "genericContact::delete", "proxy::write", ",,,", "genericContact::list,__proto__", "x".repeat(5000)]) {
    authorize(`operations ${operations.slice(0, 30)}`, { ...base, nonce: `nonce-ops-${garbage(prng, 12)}`, operations }, operations === ",,," ? [302] : [400]);
  }
  authorize("without a session token", { region: "nl", origin: base.origin, nonce: "nonce-no-token-00001" }, [401]);
  return probes;
}

// ---------------------------------------------------------------------------------------------------
// Model names, ids, cursors, filters, search
// ---------------------------------------------------------------------------------------------------

function modelProbes(fx: Fixture, prng: Prng): Probe[] {
  const names = [
    ...BUILT_IN_NAMES, "unknown", "GenericContact", "genericcontact", "genericContact ", " genericContact", "gen\u00e9ricContact", "genericContact\u200b",
    "\u{1F4A5}", "genericContact%00", "genericContact;drop", "genericContact::list", "proxy", "fields", "%2e%2e", "..", "x".repeat(10_000), "null", "undefined", "1", "-1",
  ];
  const probes: Probe[] = [];
  for (const name of names) {
    const encoded = encodeURIComponent(name).replace(/%25/g, "%");
    const routes: Array<[string, string, string?]> = [
      ["GET", `/v1/resources/${encoded}?limit=1`],
      ["GET", `/v1/resources/${encoded}/fields`],
      ["GET", `/v1/resources/${encoded}/${fx.contactId}`],
      ["POST", `/v1/resources/${encoded}`, JSON.stringify({ firstName: "X", company: { id: fx.companyId } })],
      ["DELETE", `/v1/resources/${encoded}/${fx.contactId}`],
    ];
    // All five for the built-in names, a PRNG-chosen two for the others.
    const chosen = BUILT_IN_NAMES.includes(name) ? routes : [routes[prng.int(0, 4)]!, routes[prng.int(0, 4)]!];
    for (const [method, path, body] of chosen) {
      probes.push({ family: "model names", label: `${method} model ${JSON.stringify(name).slice(0, 40)}`, method, path, headers: { ...secret(fx), "content-type": "application/json" }, body, via: "app", local: true, expect: [400, 404, 405] });
    }
    probes.push({ family: "model names", label: `preview of model ${JSON.stringify(name).slice(0, 40)}`, method: "GET", path: `/v1/connect/preview/${encoded}`, headers: session(fx.sessionToken), via: "app", local: true, expect: [400, 403, 404] });
  }
  return probes;
}

function idProbes(fx: Fixture, prng: Prng): Probe[] {
  const guid = fx.contactId;
  const malformed = [
    "", " ", "x", "1", "-1", "0", guid.slice(0, -1), `${guid}0`, `{${guid}}`, `(${guid})`, guid.replace(/-/g, ""), guid.replace(/-/g, "_"), `${guid} `, ` ${guid}`,
    `${guid}')`, `guid'${guid}'`, `guid'x')`, "1' or 1 eq 1", "1' or '1' eq '1", `${guid}) or (1 eq 1`, `${guid}'),crm/Accounts(guid'${guid}`, "' or 1 eq 1 --", "$metadata",
    "..%2F..%2Fcrm%2FAccounts", "..", ".", "%2e%2e", "%252e%252e", "..%5C..%5C", "%00", `${guid}%00`, `${guid}%0a`, "%ZZ", "%", "\u0661\u0662\u0663", "１２３",
    "x".repeat(10_000), guid.replace(/[0-9a-f]/, "g"), guid.replace(/-/, "\u2010"), "00000000-0000-0000-0000-00000000000", "__proto__", "constructor", "toString",
    "1e3", "0x10", "NaN", "Infinity",
  ];
  const probes: Probe[] = [];
  const models: Array<[string, string]> = [
    ["genericContact", "guid"],
    ["genericWorkspace", "integer"],
  ];
  for (const id of malformed) {
    const encoded = /%/.test(id) ? id : encodeURIComponent(id);
    for (const [model, keyType] of models) {
      // Some are fine as the other model's key (an integer division code): those may reach Exact.
      const integerOk = keyType === "integer" && /^-?\d{1,15}$/.test(id);
      const method = prng.pick(["GET", "GET", "PATCH", "DELETE"]);
      const body = method === "PATCH" ? JSON.stringify({ firstName: "Hostile" }) : undefined;
      const operationOk = model === "genericContact" || method === "GET";
      probes.push({
        family: "ids",
        label: `${method} ${model} id ${JSON.stringify(id).slice(0, 40)}`,
        method,
        path: `/v1/resources/${model}/${encoded}`,
        headers: { ...secret(fx), "content-type": "application/json" },
        body,
        via: "app",
        local: !(integerOk && operationOk),
        // An empty id lists; "fields" is not among them.
        expect: id === "" ? [200, 400, 403, 404, 405] : integerOk && operationOk ? [200, 403, 404] : [400, 403, 404, 405],
      });
    }
  }
  // Well-formed keys that exist nowhere: Exact is asked and says 404.
  for (let i = 0; i < 4; i++) {
    probes.push({ family: "ids", label: `unknown GUID #${i}`, method: "GET", path: `/v1/resources/genericContact/${prng.uuid()}`, headers: secret(fx), via: "app", local: false, expect: [404] });
  }
  probes.push({ family: "ids", label: "upper-case GUID of a real contact", method: "GET", path: `/v1/resources/genericContact/${guid.toUpperCase()}`, headers: secret(fx), via: "app", local: false, expect: [200] });
  return probes;
}

function cursorProbes(fx: Fixture, prng: Prng): Probe[] {
  const encode = (value: unknown) => b64url(typeof value === "string" ? value : JSON.stringify(value));
  const cursors: Array<[string, string]> = [
    ["empty object", encode({})],
    ["version 2", encode({ v: 2, a: "1" })],
    ["key as a number", encode({ v: 1, a: 1 })],
    ["key as a list", encode({ v: 1, a: ["1"] })],
    ["OData injection", encode({ v: 1, a: "guid'x') or 1 eq 1 or ID eq guid'y" })],
    ["quote injection", encode({ v: 1, a: "1' or 1 eq 1" })],
    ["skiptoken with a filter", encode({ v: 1, a: "1&$filter=1 eq 1" })],
    ["guid with a tail", encode({ v: 1, a: `guid'${fx.contactId}' or 1 eq 1` })],
    ["a 16-digit integer", encode({ v: 1, a: "1234567890123456" })],
    ["__proto__ wrapper", encode('{"__proto__":{"v":1,"a":"1"}}')],
    ["constructor wrapper", encode('{"constructor":{"v":1,"a":"1"}}')],
    ["null", encode("null")],
    ["a list", encode("[1]")],
    ["a string", encode('"cursor"')],
    ["truncated JSON", encode('{"v":1,"a":"gu')],
    ["not base64", "!!!***"],
    ["padding only", "===="],
    ["percent garbage", "%ff%fe%00"],
    ["standard base64 with + and /", Buffer.from(JSON.stringify({ v: 1, a: "guid'x'" })).toString("base64")],
    ["huge (100 KB)", encode({ v: 1, a: "1".repeat(100_000) })],
    ["huge garbage", garbage(prng, 50_000)],
    ["the real cursor, twice", `${fx.cursor}${fx.cursor}`],
  ];
  for (let i = 0; i < 16; i++) cursors.push([`base64 garbage #${i}`, garbage(prng, prng.int(1, 200))]);
  for (let i = 0; i < 6; i++) cursors.push([`JSON with a random key #${i}`, encode({ v: 1, a: `guid'${garbage(prng, 36, "0123456789abcdef-g'")}'` })]);
  const probes: Probe[] = cursors.map(([label, cursor]) => ({
    family: "cursors",
    label: `cursor: ${label}`,
    method: "GET",
    path: `/v1/resources/${prng.pick(["genericContact", "genericContact", "genericCompany"])}?limit=2&cursor=${encodeURIComponent(cursor)}`,
    headers: secret(fx),
    via: "app",
    local: true,
    expect: [400, 403],
  }));
  // Base64url decoding skips characters outside its alphabet: these decode to the real cursor, whose
  // content is then checked as strictly as any other. They may reach Exact; they must answer 200.
  for (const [label, cursor] of [["with a dot", `${fx.cursor}.`], ["JSON-quoted", `"${fx.cursor}"`], ["with spaces", ` ${fx.cursor} `]] as const) {
    probes.push({ family: "cursors", label: `cursor: the real one ${label}`, method: "GET", path: `/v1/resources/genericContact?limit=2&cursor=${encodeURIComponent(cursor)}`, headers: secret(fx), via: "app", local: false, expect: [200] });
  }
  probes.push({ family: "cursors", label: "cursor: the real one (control)", method: "GET", path: `/v1/resources/genericContact?limit=2&cursor=${fx.cursor}`, headers: secret(fx), via: "app", local: false, expect: [200] });
  return probes;
}

/** A 2xx list whose filter carried hostile text must have matched nothing: the text was a literal, not syntax. */
const matchedNothing = (status: number, text: string) => {
  if (status !== 200) return undefined;
  const data = (JSON.parse(text) as { data?: unknown[] }).data;
  return Array.isArray(data) && data.length === 0 ? undefined : `an injected filter matched ${Array.isArray(data) ? data.length : "?"} records`;
};

function filterProbes(fx: Fixture, prng: Prng): Probe[] {
  const probes: Probe[] = [];
  const list = (label: string, query: string, local: boolean, expect: readonly number[], check?: Probe["check"]) =>
    probes.push({ family: "filters", label, method: "GET", path: `/v1/resources/genericContact?limit=5&${query}`, headers: secret(fx), via: "app", local, expect, check });
  for (const name of [...BUILT_IN_NAMES, "unknownField", "Email", "FirstName", "ID", "id", "fullName", "email2", "x".repeat(300)]) {
    list(`filter[${name.slice(0, 30)}]`, `filter[${encodeURIComponent(name)}]=x`, true, [400]);
  }
  for (const key of ["filter", "filter[]", "filter[email][x]", "filter[email", "filter]email[", "filter[ email]", "filter[e mail]", "filter[1email]", "filter.email", "filters[email]", "filter[email]]", "filter[__proto__][email]", "filter%5Bemail%5D%00"]) {
    list(`key ${key}`, `${key.includes("%") ? key : encodeURIComponent(key)}=x`, true, [400]);
  }
  const injections = [
    "x' or 1 eq 1 or Email eq 'y", "' or ''='", "x') or (1 eq 1", "x' or substringof('a', Email) or 'a' eq 'b", "x'; DROP TABLE Contacts;--", "x\\' or 1 eq 1",
    "%27%20or%201%20eq%201", "x' or Email ne 'y", "x' and 1 eq 1) or (1 eq 1", "\u2019 or 1 eq 1 or Email eq \u2019", "x'\u0000' or 1 eq 1", "$filter=1 eq 1", "x&$top=1000",
  ];
  for (const value of injections) {
    const field = prng.pick(["email", "firstName", "lastName"]);
    list(`filter[${field}] injection ${value.slice(0, 30)}`, `filter[${field}]=${encodeURIComponent(value)}`, false, [200, 400], matchedNothing);
  }
  // A reference (GUID) filter takes only a GUID: anything else is refused here.
  for (const value of ["x", "guid'x'", `${fx.companyId}' or 1 eq 1`, `${fx.companyId}) or (1 eq 1`, "1' or 1 eq 1", "", `{${fx.companyId}}`, "null"]) {
    list(`filter[company] ${value.slice(0, 30)}`, `filter[company]=${encodeURIComponent(value)}`, true, [400]);
  }
  // Typed filters of another model: integers, dates, numbers.
  for (const value of ["x", "1 or 1 eq 1", "2026-13-40", "2026-01-01' or 1 eq 1", "1e999", "NaN", "", "datetime'2026-01-01'"]) {
    const field = prng.pick(["issueDate", "status", "totalAmount"]);
    probes.push({ family: "filters", label: `accountingInvoice filter[${field}] ${value}`, method: "GET", path: `/v1/resources/accountingInvoice?filter[${field}]=${encodeURIComponent(value)}`, headers: secret(fx), via: "app", local: true, expect: [400, 403] });
  }
  return probes;
}

function searchProbes(fx: Fixture, prng: Prng): Probe[] {
  const values = [
    "'", "''", "'''", "\\'", "O'Brien", "') or substringof('a', Name", "x' or 1 eq 1 or 'a' eq 'a", "substringof('a', FullName)", "eq", "$filter", "1 eq 1", "\"", "\\",
    "%27", "%", "%00", "\u0000", "\t\n", "<script>alert(1)</script>", "\u{1F4A5}", "Z\u00fcrich", "\u202e", "*", "?", "#", "&", "=", "+", ")", "(", "'))))))))", "x".repeat(200),
  ];
  const probes: Probe[] = values.map((value) => ({
    family: "search",
    label: `search ${JSON.stringify(value).slice(0, 30)}`,
    method: "GET",
    path: `/v1/resources/${prng.pick(["genericContact", "genericCompany"])}?limit=3&search=${encodeURIComponent(value)}`,
    headers: secret(fx),
    via: "app",
    local: false,
    expect: [200],
    check: (status, text) => (Array.isArray((JSON.parse(text) as { data?: unknown }).data) ? undefined : "no data list"),
  }));
  for (const [label, value] of [["empty", ""], ["201 characters", "x".repeat(201)], ["10 KB", "'".repeat(10_240)], ["10 KB of OData", "x' or 1 eq 1 ".repeat(800)], ["100 KB", garbage(prng, 102_400)]] as const) {
    probes.push({ family: "search", label: `search ${label}`, method: "GET", path: `/v1/resources/genericContact?search=${encodeURIComponent(value)}`, headers: secret(fx), via: "app", local: true, expect: [400] });
  }
  for (const limit of ["0", "-1", "1001", "1.5", "x", "", "9".repeat(400), "1e309", "NaN", "Infinity"]) {
    probes.push({ family: "search", label: `limit ${JSON.stringify(limit).slice(0, 20)}`, method: "GET", path: `/v1/resources/genericContact?limit=${encodeURIComponent(limit)}`, headers: secret(fx), via: "app", local: true, expect: [400] });
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------

function deepArray(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}
function deepObject(depth: number, key = "a"): string {
  return `${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`;
}

function bodyProbes(fx: Fixture, prng: Prng): Probe[] {
  const MB = 1024 * 1024;
  const company = fx.companyId;
  const bodies: Array<[string, string, readonly number[]]> = [
    ["empty", "", [400]],
    ["not JSON", "firstName=X", [400]],
    ["cut-off JSON", '{"firstName":"X"', [400]],
    ["JSON null", "null", [400]],
    ["JSON true", "true", [400]],
    ["JSON number", "1", [400]],
    ["JSON string", '"firstName"', [400]],
    ["JSON empty list", "[]", [400]],
    ["JSON list of a valid body", JSON.stringify([{ firstName: "X", company: { id: company } }]), [400]],
    ["empty object", "{}", [400]],
    ["nested __proto__", `{"__proto__":{"firstName":"Proto","company":{"id":"${company}"}}}`, [400]],
    ["__proto__ beside valid fields", `{"firstName":"X","company":{"id":"${company}"},"__proto__":{"isAdmin":true}}`, [400]],
    ["constructor.prototype", `{"firstName":"X","company":{"id":"${company}"},"constructor":{"prototype":{"polluted":true}}}`, [400]],
    ["toString key", `{"firstName":"X","company":{"id":"${company}"},"toString":"x"}`, [400]],
    ["hasOwnProperty key", `{"firstName":"X","company":{"id":"${company}"},"hasOwnProperty":1}`, [400]],
    ["Exact property names", `{"FirstName":"X","Account":"${company}"}`, [400]],
    ["a read-only Exact name", `{"firstName":"X","company":{"id":"${company}"},"ID":"${company}"}`, [400]],
    ["unknown field", `{"firstName":"X","company":{"id":"${company}"},"salary":1}`, [400]],
    ["huge number", `{"firstName":1e309,"company":{"id":"${company}"}}`, [400]],
    ["negative huge number", `{"firstName":-1e309,"company":{"id":"${company}"}}`, [400]],
    ["30-digit number", `{"firstName":123456789012345678901234567890,"company":{"id":"${company}"}}`, [400]],
    ["name as a number", `{"firstName":1,"company":{"id":"${company}"}}`, [400]],
    ["name as a list", `{"firstName":["X"],"company":{"id":"${company}"}}`, [400]],
    ["name as an object", `{"firstName":{"toString":"X"},"company":{"id":"${company}"}}`, [400]],
    ["name as true", `{"firstName":true,"company":{"id":"${company}"}}`, [400]],
    ["company as a bare GUID", `{"firstName":"X","company":"${company}"}`, [400]],
    ["company injection", `{"firstName":"X","company":{"id":"${company}' or 1 eq 1"}}`, [400]],
    ["company guid() wrapper", `{"firstName":"X","company":{"id":"guid'${company}'"}}`, [400]],
    ["company id __proto__", `{"firstName":"X","company":{"__proto__":{"id":"${company}"}}}`, [400]],
    ["company with an extra key", `{"firstName":"X","company":{"id":"${company}","constructor":1}}`, [400]],
    ["email injection", `{"firstName":"X","company":{"id":"${company}"},"email":"a' or 1 eq 1"}`, [400]],
    ["blank names", `{"firstName":"   ","lastName":"","company":{"id":"${company}"}}`, [400]],
    ["duplicate keys", `{"firstName":"X","firstName":1,"company":{"id":"${company}"}}`, [400]],
    ["deep array (100 000)", deepArray(100_000), [400]],
    ["deep object (50 000)", deepObject(50_000), [400]],
    ["deep __proto__ (10 000)", deepObject(10_000, "__proto__"), [400]],
    ["UTF-8 BOM", `\ufeff{"firstName":"X","company":{"id":"${company}"},"extra":1}`, [400]],
    ["lone surrogate", `{"firstName":"\\ud800","company":{"id":"${company}"},"extra":1}`, [400]],
    ["1 MB + 1 of JSON", `{"firstName":"${"x".repeat(MB - 32)}","company":{"id":"${company}"}}`, [413]],
    ["2 MB of spaces", `${" ".repeat(2 * MB)}{}`, [413]],
    ["20 MB", `{"x":"${"y".repeat(20 * MB)}"}`, [413]],
  ];
  for (let i = 0; i < 6; i++) {
    const length = prng.int(1, 300);
    bodies.push([`random bytes #${i}`, garbage(prng, length, "{}[]\":,0123456789abcdefghijklmnopqrstuvwxyz\\'\u0000\u00e9 \n"), [400]]);
  }
  const probes: Probe[] = [];
  for (const [label, body, expect] of bodies) {
    for (const [method, path] of [
      ["POST", "/v1/resources/genericContact"],
      ["PATCH", `/v1/resources/genericContact/${fx.contactId}`],
    ] as const) {
      // The big ones once: they test the body limit, not the route.
      if (body.length > 100_000 && method === "PATCH" && !label.startsWith("1 MB")) continue;
      probes.push({ family: "bodies", label: `${method} body: ${label}`, method, path, headers: { ...secret(fx), "content-type": "application/json" }, body, via: "app", local: true, expect: method === "PATCH" && label === "empty object" ? [400] : expect });
    }
  }
  // Content types that are not JSON, with a body that would be valid JSON.
  for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json\u0000", ""]) {
    probes.push({ family: "bodies", label: `content-type ${JSON.stringify(contentType)} with an invalid body`, method: "POST", path: "/v1/resources/genericContact", headers: { ...secret(fx), ...(contentType ? { "content-type": contentType.replace("\u0000", "") } : {}) }, body: `{"firstName":"X","company":{"id":"${company}"},"extra":1}`, via: "app", local: true, expect: [400, 415] });
  }
  // The session-minting route's body.
  const sessions: Array<[string, unknown]> = [
    ["operations __proto__", { connectorId: "exact-online", ownerId: "o", operations: ["__proto__"] }],
    ["operations constructor::list", { connectorId: "exact-online", ownerId: "o", operations: ["constructor::list"] }],
    ["operations toString::list", { connectorId: "exact-online", ownerId: "o", operations: ["toString::list"] }],
    ["operation with three parts", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list::x"] }],
    ["61 operations", { connectorId: "exact-online", ownerId: "o", operations: Array.from({ length: 61 }, () => "genericContact::list") }],
    ["no operations", { connectorId: "exact-online", ownerId: "o", operations: [] }],
    ["ownerId of 256 characters", { connectorId: "exact-online", ownerId: "o".repeat(256), operations: ["genericContact::list"] }],
    ["ownerId empty", { connectorId: "exact-online", ownerId: "", operations: ["genericContact::list"] }],
    ["ownerId a number", { connectorId: "exact-online", ownerId: 1, operations: ["genericContact::list"] }],
    ["other connector", { connectorId: "constructor", ownerId: "o", operations: ["genericContact::list"] }],
    ["expiresIn a day", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], expiresIn: 86_400 }],
    ["expiresIn negative", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], expiresIn: -1 }],
    ["expiresIn as text", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], expiresIn: "600" }],
    ["expiresIn fractional", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], expiresIn: 600.5 }],
    ["optionalOperations __proto__", { connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], optionalOperations: ["__proto__::list"] }],
  ];
  for (const [label, value] of sessions) {
    probes.push({ family: "bodies", label: `POST /v1/sessions ${label}`, method: "POST", path: "/v1/sessions", headers: { authorization: `Bearer ${fx.secretKey}`, "content-type": "application/json" }, body: JSON.stringify(value), via: "app", local: true, expect: [400] });
  }
  probes.push({ family: "bodies", label: "POST /v1/sessions expiresIn 1e309", method: "POST", path: "/v1/sessions", headers: { authorization: `Bearer ${fx.secretKey}`, "content-type": "application/json" }, body: '{"connectorId":"exact-online","ownerId":"o","operations":["genericContact::list"],"expiresIn":1e309}', via: "app", local: true, expect: [400] });
  probes.push({ family: "bodies", label: "POST /v1/sessions with __proto__ key", method: "POST", path: "/v1/sessions", headers: { authorization: `Bearer ${fx.secretKey}`, "content-type": "application/json" }, body: '{"__proto__":{"connectorId":"exact-online","ownerId":"o","operations":["genericContact::list"]}}', via: "app", local: true, expect: [400] });
  // Field mappings: names of built-ins, Exact names that do not exist (checked against the reference table, no call).
  const mappings: Array<[string, string, readonly number[]]> = [
    ["__proto__ model", '{"__proto__":{"vat":"VATNumber"}}', [200, 400]],
    ["constructor model", '{"constructor":{"vat":"VATNumber"}}', [400]],
    ["unknown Exact field", '{"genericCompany":{"vat":"NoSuchField"}}', [400]],
    ["built-in unified field", '{"genericCompany":{"name":"Name"}}', [400]],
    ["Exact field __proto__", '{"genericCompany":{"vat":"__proto__"}}', [400]],
    ["unified field __proto__", '{"genericCompany":{"__proto__":"VATNumber"}}', [200, 400]],
    ["injection in the Exact field", `{"genericCompany":{"vat":"Name eq 'x' or 1 eq 1"}}`, [400]],
    ["a list", "[]", [400]],
    ["not JSON", "{", [400]],
  ];
  for (const [label, body, expect] of mappings) {
    probes.push({ family: "bodies", label: `PUT field-mapping ${label}`, method: "PUT", path: `/v1/connections/exact-online/${fx.limitedOwner}/field-mapping`, headers: { authorization: `Bearer ${fx.secretKey}`, "content-type": "application/json" }, body, via: "app", local: true, expect });
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------------
// Proxy paths (raw HTTP, byte for byte)
// ---------------------------------------------------------------------------------------------------

const DOTS = ["..", ".%2e", "%2e.", "%2e%2e", "%2E%2E", "%252e%252e", "%25252e%25252e", ".%09.", ".%0a.", ".%0d.", ".%00.", "%c0%ae%c0%ae", "%e0%80%ae%e0%80%ae", "%u002e%u002e", "%EF%BC%8E%EF%BC%8E", ".%20.", "...", "%2e%20%2e"];
const SEPARATORS = ["/", "%2f", "%2F", "%5c", "%5C", "%252f", "\\"];
/** What an escape would reach from Exact's `/api/v1/<division>/`: Exact's (the sandbox's) OAuth endpoints and the server's own routes. */
const TARGETS = ["oauth2/token", "oauth2/auth?client_id=x", "health", "v1/sessions"];

function proxyProbes(fx: Fixture, prng: Prng): Probe[] {
  const probes: Probe[] = [];
  const proxy = (label: string, path: string, method = "GET", local = true, expect: readonly number[] = [400]) =>
    probes.push({ family: "proxy paths", label, method, path: `/v1/proxy${path}`, headers: secret(fx), via: "http", local, expect, body: method === "GET" ? undefined : "{}" });
  for (const dot of DOTS) {
    // Each dot form with two separators and two targets drawn from the PRNG, at depth 2 and 4.
    for (let i = 0; i < 2; i++) {
      const separator = prng.pick(SEPARATORS);
      const target = prng.pick(TARGETS);
      const depth = i === 0 ? 2 : 4;
      const prefix = prng.pick(["/api/v1/1234567/", "/api/v1/{division}/", "/api/v1/%7Bdivision%7D/", "/api/v1/1234567/crm/"]);
      const method = prng.pick(["GET", "GET", "POST", "PUT", "DELETE"]);
      const path = `${prefix}${Array.from({ length: depth }, () => dot).join(separator)}${separator}${target}`;
      // Refused as a path (400), or, once a URL parser has normalised plain dots away, no route (404) or no grant for a write (403).
      proxy(`${method} ${dot} × ${depth} by ${separator} → ${target}`, path, method, true, [400, 403, 404]);
    }
  }
  // Out of Exact's REST API, or malformed: refused here (400), or no route once a URL parser has
  // normalised the dot segments away (404). Nothing reaches Exact.
  const escapes = [
    "/api/oauth2/token", "/api/oauth2/auth", "/api/v1/../oauth2/token", "/api/v1/%2e%2e/oauth2/token", "/api/v1/1234567/../../oauth2/token", "/health", "/v1/sessions", "/", "",
    "//127.0.0.1:1/api/v1/current/Me", "//evil.test/api/v1/current/Me", "/api/v1/http://evil.test/crm/Accounts", "/api/v1/http:%2F%2Fevil.test%2Fx",
    "/api/v1/1234567/crm/Accounts%3F%24top%3D1", "/api/v1/1234567/crm/Accounts%23x", "/api/v1/1234567//crm/Accounts", "/api/v1//1234567/crm/Accounts", "/api/v1/1234567/crm/Accounts/",
    "/api/v1/1234567/crm%00/Accounts", "/api/v1/1234567/crm%7f/Accounts", "/api/v1/1234567/crm%c2%85/Accounts", "/api/v1/1234567/crm%e2%80%8b/Accounts", "/api/v1/1234567/crm%20/Accounts",
    "/api/v1/1234567/crm/%", "/api/v1/1234567/crm/Accounts%", "/api/v1/1234567/%zz", "/api/v1/1234567/%C3%28", "/api/v1/1234567/%E0%A4%A", "/api/v1/1234567/%FF", "/api/v1/1234567/%ED%A0%80",
    "/api/v2/1234567/crm/Accounts", "/API/v1/1234567/crm/Accounts", "/api/V1/1234567/crm/Accounts", "/api/v1", "/api/v1/", "/api",
    `/api/v1/1234567/crm/Accounts(guid'${fx.companyId}')%2F..%2F..%2F..%2Foauth2%2Ftoken`, "/api/v1/1234567/crm/Accounts/%2e", "/api/v1/1234567/crm/Accounts<script>",
    "/api/v1/1234567/crm/Acc\"ounts", "/api/v1/1234567/crm/Acc%60ounts", "/api/v1/1234567/crm/Accounts/..%2f..%2f..%2f..%2fhealth",
    "/api/v1/1234567/crm/Accounts/.",
  ];
  for (const path of escapes) proxy(`path ${path.slice(0, 60)}`, path, "GET", true, [400, 404]);
  // Odd, but inside Exact's /api/v1/ on Exact's host: Exact may be asked, and refuses them itself.
  const inside = [
    "/api/v1/@evil.test/crm/Accounts", "/api/v1/1234567@evil.test/crm/Accounts", "/api/v1/1234567/crm/Accounts@127.0.0.1:1", "/api/v1/1234567/crm:Accounts@evil.test",
    "/api/v1/%40evil.test/x/y", "/api/v1/1234567/crm/Accounts%3B/../../oauth2/token", "/api/v1/1234567/crm/Accounts%2e%2e", "/api/v1/1234567/./crm/Accounts",
    `/api/v1/1234567/${"a".repeat(4000)}/x`,
  ];
  for (const path of inside) proxy(`inside /api/v1/: ${path.slice(0, 60)}`, path, "GET", false, [400, 403, 404]);

  // Controls: proper calls through the proxy reach Exact (and nothing else).
  proxy("control: current/Me", "/api/v1/current/Me", "GET", false, [200]);
  proxy("control: {division} in braces", "/api/v1/{division}/crm/Accounts?$top=1&$select=ID&$filter=Name%20ne%20''", "GET", false, [200]);
  proxy("control: %7Bdivision%7D", "/api/v1/%7Bdivision%7D/crm/Contacts?$top=1&$select=ID", "GET", false, [200]);
  proxy("a division that is not the connection's", "/api/v1/7654321/crm/Contacts?$top=1", "GET", false, [403]);
  proxy("an entity Exact does not have", "/api/v1/{division}/crm/Nothing", "GET", false, [403, 404]);
  return probes;
}

// ---------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------

function headerProbes(fx: Fixture, prng: Prng): Probe[] {
  const probes: Probe[] = [];
  const owners = ["", " ", "__proto__", "constructor", "toString", "' or 1=1 --", "org_proxy\u0000", "x".repeat(8192), "\u00e9\u00e8\u00ff", fx.strangerOwner, `${fx.owner} `, fx.owner.toUpperCase(), "*", "%", "../org"];
  for (const owner of owners) {
    const route = prng.pick(["/v1/resources/genericContact?limit=1", "/v1/resources/genericContact/fields", "/v1/proxy/api/v1/current/Me", `/v1/resources/genericContact/${fx.contactId}`]);
    const headers: Record<string, string> = { authorization: `Bearer ${fx.secretKey}`, "x-owner-id": owner.replace("\u0000", "") };
    // Headers are trimmed on the way in: "org " is the connected owner again, and may reach Exact.
    const same = owner.trim() === fx.owner;
    probes.push({ family: "headers", label: `x-owner-id ${JSON.stringify(owner).slice(0, 30)} on ${route.slice(0, 40)}`, method: "GET", path: route, headers, via: "app", local: !same, expect: same ? [200] : [400, 404] });
  }
  probes.push({ family: "headers", label: "no x-owner-id", method: "GET", path: "/v1/resources/genericContact", headers: { authorization: `Bearer ${fx.secretKey}` }, via: "app", local: true, expect: [400] });
  for (const connector of ["", "EXACT-ONLINE", "exact_online", "__proto__", "constructor", "quickbooks", "exact-online\u00a0", "x".repeat(4096), "../exact-online"]) {
    probes.push({ family: "headers", label: `x-connector-id ${JSON.stringify(connector).slice(0, 30)}`, method: "GET", path: prng.pick(["/v1/resources/genericContact", "/v1/proxy/api/v1/current/Me"]), headers: { ...secret(fx), "x-connector-id": connector }, via: "app", local: true, expect: [400] });
  }
  // The limited owner was granted genericContact::list only: everything else is refused before Exact.
  for (const [method, path] of [
    ["GET", `/v1/resources/genericContact/${fx.contactId}`],
    ["DELETE", `/v1/resources/genericContact/${fx.contactId}`],
    ["GET", "/v1/resources/genericCompany"],
    ["GET", "/v1/resources/genericUser/fields"],
    ["GET", "/v1/proxy/api/v1/{division}/crm/Accounts"],
    ["POST", "/v1/proxy/api/v1/{division}/crm/Contacts"],
    ["DELETE", `/v1/proxy/api/v1/{division}/crm/Contacts(guid'${fx.contactId}')`],
    ["GET", "/v1/proxy/api/v1/{division}/system/Divisions"],
    ["PATCH", "/v1/resources/genericWorkspace/1234567"],
  ] as const) {
    probes.push({ family: "headers", label: `owner without the grant: ${method} ${path.slice(0, 50)}`, method, path, headers: { ...secret(fx, fx.limitedOwner), "content-type": "application/json" }, body: method === "GET" || method === "DELETE" ? undefined : '{"Name":"x"}', via: "app", local: true, expect: [403, 405] });
  }
  const keys = ["", " ", "x".repeat(256), "key with spaces", "\u00e9t\u00e9", "key\ttab", "k".repeat(10_000)];
  for (const key of keys) {
    probes.push({
      family: "headers",
      label: `Idempotency-Key ${JSON.stringify(key).slice(0, 30)}`,
      method: "POST",
      path: "/v1/resources/genericContact",
      headers: { ...secret(fx), "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ firstName: "Idem", company: { id: fx.companyId } }),
      via: "app",
      // A blank key is no key (header values are trimmed): that create really happens.
      local: key.trim() !== "",
      expect: key.trim() === "" ? [201, 400] : [400],
    });
  }
  // Accept: anything goes to the unified routes (they answer JSON), and the proxy passes a named type on.
  for (const accept of ["application/xml", "*/*;q=0", "text/html", "garbage", "x".repeat(8192), "application/json;q=0, */*", "application/atom+xml"]) {
    probes.push({ family: "headers", label: `Accept ${accept.slice(0, 30)} on a list`, method: "GET", path: "/v1/resources/genericContact?limit=1", headers: { ...secret(fx), accept }, via: "app", local: false, expect: [200] });
    probes.push({ family: "headers", label: `Accept ${accept.slice(0, 30)} on the proxy`, method: "GET", path: "/v1/proxy/api/v1/current/Me", headers: { ...secret(fx), accept }, via: "app", local: false, expect: [200, 400, 406, 415, 502] });
  }
  // Connection routes with odd path parameters.
  for (const [connector, owner] of [["exact-online", "__proto__"], ["exact-online", "constructor"], ["__proto__", fx.owner], ["exact-online", "x".repeat(5000)], ["exact-online", "%00"], ["exact-online", "..%2F..%2Fhealth"]] as const) {
    for (const suffix of ["", "/permissions", "/field-mapping"]) {
      probes.push({ family: "headers", label: `GET /v1/connections/${connector.slice(0, 20)}/${owner.slice(0, 20)}${suffix}`, method: "GET", path: `/v1/connections/${encodeURIComponent(connector)}/${owner.includes("%") ? owner : encodeURIComponent(owner)}${suffix}`, headers: { authorization: `Bearer ${fx.secretKey}` }, via: "app", local: true, expect: [400, 404] });
    }
  }
  // The widget's attempts with odd nonces, and the demo page's theme.
  for (const nonce of ["error", "__proto__", "constructor", "x".repeat(4096), "%00", "..", "newListener", "removeListener"]) {
    for (const method of ["GET", "DELETE"]) {
      probes.push({ family: "headers", label: `${method} attempt ${nonce.slice(0, 20)}`, method, path: `/v1/connect/attempts/${encodeURIComponent(nonce)}?wait=${prng.pick(["0", "-1", "NaN", "1e309", "0.1"])}`, headers: session(fx.sessionToken), via: "app", local: true, expect: [204, 404] });
    }
  }
  for (const theme of ["dark", "<script>alert(1)</script>", "__proto__", "x".repeat(5000), "\"><img src=x>"]) {
    probes.push({ family: "headers", label: `demo theme ${theme.slice(0, 20)}`, method: "GET", path: `/demo/connectors/exact-online?theme=${encodeURIComponent(theme)}`, headers: {}, via: "app", local: true, expect: [200, 400, 404], html: true, notEchoed: theme.includes("<") ? theme : undefined });
  }
  return probes;
}

/** Every probe, in a fixed order. */
export async function hostileInputs(fx: Fixture): Promise<Probe[]> {
  const prng = createPrng(SEED);
  return [
    ...(await sessionTokenProbes(fx, prng)),
    ...oauthProbes(fx, prng),
    ...modelProbes(fx, prng),
    ...idProbes(fx, prng),
    ...cursorProbes(fx, prng),
    ...filterProbes(fx, prng),
    ...searchProbes(fx, prng),
    ...bodyProbes(fx, prng),
    ...proxyProbes(fx, prng),
    ...headerProbes(fx, prng),
  ];
}

