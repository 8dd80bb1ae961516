import type { ModelRegistry } from "../connectors/exact-online/model-registry";

/**
 * The event types an endpoint may subscribe to. Records: `<model>.created|updated|deleted` for every
 * model whose changes the server learns of (Exact's webhook topics or the poller), custom models included;
 * genericWorkspace (divisions) has neither. Plus the connection's life and the test event.
 */
export const RECORD_ACTIONS = ["created", "updated", "deleted"] as const;
export const CONNECTION_EVENT_TYPES = ["connection.created", "connection.updated", "connection.needs_reauth", "connection.deleted"] as const;
export const TEST_EVENT_TYPE = "webhook.test";
const MODELS_WITHOUT_EVENTS = new Set(["genericWorkspace"]);

export class EventCatalogue {
  private readonly types: ReadonlySet<string>;
  readonly models: readonly string[];

  constructor(models: ModelRegistry) {
    this.models = models.names().filter((name) => !MODELS_WITHOUT_EVENTS.has(name));
    this.types = new Set([...this.models.flatMap((model) => RECORD_ACTIONS.map((action) => `${model}.${action}`)), ...CONNECTION_EVENT_TYPES, TEST_EVENT_TYPE]);
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  all(): string[] {
    return [...this.types];
  }

  /** The record models named by a list of event types (null: every type). */
  modelsOf(events: readonly string[] | null): string[] {
    if (events === null) return [...this.models];
    return this.models.filter((model) => RECORD_ACTIONS.some((action) => events.includes(`${model}.${action}`)));
  }
}
