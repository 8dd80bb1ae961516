import type { Context } from "hono";
import type { core } from "zod";
import { zodToMorphError } from "../errors";

/** zValidator hook: the first bad field becomes a 400 VALIDATION_ERROR that names it. */
export function validationHook(result: { success: boolean; error?: core.$ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  throw zodToMorphError(result.error);
}
