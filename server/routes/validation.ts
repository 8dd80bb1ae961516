import type { Context } from "hono";
import type { core } from "zod";
import { MorphError } from "../errors";

/** zValidator hook: the first bad field becomes a 400 VALIDATION_ERROR that names it. */
export function validationHook(result: { success: boolean; error?: core.$ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  throw zodToMorphError(result.error);
}

export function zodToMorphError(error: core.$ZodError): MorphError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  return new MorphError("VALIDATION_ERROR", `${field}: ${issue?.message ?? "invalid"}`, {
    field,
    issues: error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  });
}
