import { useMorph } from "../provider/morph-context";
import { catalogues } from "./catalogues";
import type { Messages } from "./en";

/** The active language's catalogue, for the dialog's parts (all of them live in the dialog's chunk). */
export function useMessages(consumerName: string): Messages {
  return catalogues[useMorph(consumerName).locale];
}
