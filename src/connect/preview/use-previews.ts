import { useEffect, useState } from "react";
import type { ConnectionSummary, Model } from "../../protocol";
import { splitOperation } from "../split-operation";
import type { Transport } from "../../transport/transport";

export type PreviewEntry =
  | { model: Model; status: "loading" }
  | { model: Model; status: "loaded"; rows: Array<Record<string, unknown>> }
  | { model: Model; status: "error" };

/**
 * Models this connection may list (and Exact lets the user list), custom ones included, in the order
 * the grant names them: the ones the preview can show.
 */
export function previewableModels(connection: ConnectionSummary): Model[] {
  const models: Model[] = [];
  for (const operation of connection.grantedOperations) {
    const [model, action] = splitOperation(operation);
    if (action === "list" && !connection.missingOperations.includes(operation) && !models.includes(model)) models.push(model);
  }
  return models;
}

/**
 * Loads the first rows of every previewable model while `enabled`. A model whose route answers 404 is
 * dropped (the server may not offer previews), so the tabs show only what exists.
 */
export function usePreviews(
  transport: Transport,
  sessionToken: string,
  connection: ConnectionSummary | null,
  enabled: boolean,
): PreviewEntry[] {
  const [entries, setEntries] = useState<PreviewEntry[]>([]);
  const models = connection && enabled ? previewableModels(connection).join() : "";

  useEffect(() => {
    if (!models) return setEntries([]);
    const controller = new AbortController();
    const list = models.split(",") as Model[];
    setEntries(list.map((model) => ({ model, status: "loading" })));
    for (const model of list) {
      void transport.getPreview(sessionToken, model, controller.signal).then((response) => {
        if (controller.signal.aborted) return;
        setEntries((current) =>
          response.ok
            ? current.map((entry) => (entry.model === model ? { model, status: "loaded", rows: response.data.data } : entry))
            : response.httpStatus === 404
              ? current.filter((entry) => entry.model !== model)
              : current.map((entry) => (entry.model === model ? { model, status: "error" } : entry)),
        );
      });
    }
    return () => controller.abort();
  }, [transport, sessionToken, models, connection?.connectionId]);

  return entries;
}
