import { useMorph } from "../provider/morph-context";
import { catalogues } from "./catalogues";
import type { Messages } from "./en";

/**
 * The active language's catalogue, for the dialog's parts (all of them live in the dialog's chunk).
 * Those parts render only inside `ConnectView`, so a missing provider is reported under its name: the
 * component a host writes (`Connect` renders it), not an internal part the host never sees.
 */
export function useMessages(): Messages {
  return catalogues[useMorph("ConnectView").locale];
}
