/** `npm run sandbox`: the Exact Online sandbox on its own, on 127.0.0.1:$SANDBOX_PORT (default 8788). */
import { serve } from "@hono/node-server";
import { SANDBOX_DEFAULTS, createExactSandbox } from "./index";

const port = Number(process.env.SANDBOX_PORT ?? 8788);
const publicUrl = `http://127.0.0.1:${port}`;
// SANDBOX_MINUTELY_LIMIT raises Exact's 60 calls a minute, e.g. for `npm run bench`.
const minutelyLimit = process.env.SANDBOX_MINUTELY_LIMIT ? Number(process.env.SANDBOX_MINUTELY_LIMIT) : undefined;
const sandbox = createExactSandbox({ publicUrl, minutelyLimit });

serve({ fetch: sandbox.app.fetch, port, hostname: "127.0.0.1" }, () => {
  console.log(`Exact Online sandbox listening on ${publicUrl}`);
  console.log(`  authorize: ${publicUrl}/api/oauth2/auth?client_id=${SANDBOX_DEFAULTS.clientId}&redirect_uri=…&response_type=code&state=…`);
  console.log(`  client_id=${SANDBOX_DEFAULTS.clientId} client_secret=${SANDBOX_DEFAULTS.clientSecret} webhook secret=${SANDBOX_DEFAULTS.webhookSecret}`);
  console.log(`  divisions: ${sandbox.control.divisions().map((d) => `${d.code} ${d.name}`).join("; ")}`);
});
