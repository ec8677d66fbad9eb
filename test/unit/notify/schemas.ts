import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

export function readJson(url: URL): Json {
  return JSON.parse(readFileSync(url, "utf8")) as Json;
}

const FIXTURES = new URL("../../fixtures/notify/", import.meta.url);

/** Upstream documents use keywords Ajv does not know (`version`, `x-examples`): not errors here. */
function ajv(): Ajv {
  return addFormats(new Ajv({ strict: false, validateSchema: false, allErrors: true, logger: false }));
}

/** Adaptive Cards' own schema, 1.5.0 (test/fixtures/notify/SOURCES.md). */
export function adaptiveCardValidator(): ValidateFunction {
  const schema = readJson(new URL("adaptive-card-1.5.schema.json", FIXTURES));
  // Draft-06 names a schema with `id`, which Ajv 8 reads only as `$id`.
  const { id, ...rest } = schema;
  return ajv().compile({ ...rest, $id: String(id) });
}

export const PAGERDUTY_ENQUEUE = "#/paths/~1enqueue/post/requestBody/content/application~1json/schema";

/** PagerDuty's OpenAPI for Events API v2, the part for `/enqueue` (test/fixtures/notify/SOURCES.md). */
export function pagerDutyOpenApi(): Json {
  return readJson(new URL("pagerduty-events-v2.openapi.json", FIXTURES));
}

export function pagerDutyValidator(): ValidateFunction {
  const instance = ajv();
  instance.addSchema(pagerDutyOpenApi(), "pagerduty");
  return instance.compile({ $ref: `pagerduty${PAGERDUTY_ENQUEUE}` });
}

/** The published schema of the webhook payload. */
export function webhookSchema(): Json {
  return readJson(new URL("../../../docs/notify-webhook.schema.json", import.meta.url));
}

export function webhookValidator(): ValidateFunction {
  return addFormats(new Ajv({ strict: true, allErrors: true })).compile(webhookSchema());
}

/** Ajv's errors, readable in a failed expectation. */
export function problems(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}
