/**
 * Change a record in the running sandbox "as a user in Exact" and watch the webhook arrive:
 *
 *   npm run sandbox:change -- update crm/Contacts LastName="O'Brien" -- FirstName=Sean
 *   npm run sandbox:change -- update crm/Contacts 9fb0bad2-ec3d-41fb-aa86-d05165354a6f -- JobTitleDescription=Bakker
 *   npm run sandbox:change -- create crm/Contacts -- FirstName=Femke LastName=Jansen Account=<account id>
 *   npm run sandbox:change -- delete crm/Contacts LastName=Jansen
 *
 * Before `--`: the record, by key or by Field=value pairs that match exactly one record. After `--`: the fields
 * to write (Exact's property names; numbers and true/false are sent as such). Talks to the sandbox's control
 * route, `POST {sandbox}/_control/changes`, which exists only in sandbox mode. SANDBOX_URL (default
 * http://localhost:8787/sandbox) and SANDBOX_DIVISION (default 1234567) say where.
 */
const USAGE = "usage: npm run sandbox:change -- <create|update|delete> <service/Entity> [key | Field=value …] [-- Field=value …]";

function value(text: string): unknown {
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function pairs(args: string[]): Record<string, unknown> {
  return Object.fromEntries(
    args.map((arg) => {
      const at = arg.indexOf("=");
      if (at < 1) throw new Error(`"${arg}" is not Field=value\n${USAGE}`);
      return [arg.slice(0, at), value(arg.slice(at + 1))];
    }),
  );
}

async function main(): Promise<void> {
  const [action, endpoint, ...rest] = process.argv.slice(2);
  if (!action || !endpoint || !["create", "update", "delete"].includes(action)) throw new Error(USAGE);
  const split = rest.indexOf("--");
  const target = split === -1 ? rest : rest.slice(0, split);
  const fields = split === -1 ? undefined : pairs(rest.slice(split + 1));
  const body: Record<string, unknown> = { division: Number(process.env.SANDBOX_DIVISION ?? 1234567), endpoint, action };
  if (target.length === 1 && !target[0]!.includes("=")) body.key = target[0];
  else if (target.length > 0) body.match = pairs(target);
  if (fields) body.fields = fields;

  const url = `${(process.env.SANDBOX_URL ?? "http://localhost:8787/sandbox").replace(/\/+$/, "")}/_control/changes`;
  const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${answer.status} from ${url}: ${text}`);
  console.log(JSON.stringify(JSON.parse(text), null, 2));
  console.log(`\n${action}d: subscribed webhooks for this topic are on their way.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
