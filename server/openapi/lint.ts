/**
 * `npm run lint:openapi`: builds this server's OpenAPI document and validates it against the OpenAPI 3.1
 * schema (@seriousme/openapi-schema-validator); any error fails. Custom models (MORPH_CUSTOM_MODELS) are
 * included when set, as the server would include them.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { standaloneDocument } from "./standalone";

const document = await standaloneDocument({ MORPH_CUSTOM_MODELS: process.env.MORPH_CUSTOM_MODELS });
const validator = new Validator();
const result = await validator.validate(document as never);
const paths = Object.keys(document.paths ?? {}).length;
const operations = Object.values(document.paths ?? {}).reduce((n, item) => n + Object.keys(item ?? {}).filter((key) => ["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(key)).length, 0);
const webhooks = Object.keys(document.webhooks ?? {}).length;
if (!result.valid) {
  console.error(`openapi.json is not a valid OpenAPI ${validator.version} document:`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log(`openapi.json: valid OpenAPI ${validator.version}; ${paths} paths, ${operations} operations, ${webhooks} webhooks.`);
