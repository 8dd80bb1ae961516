/** What the end-to-end tests read from `window.__morphEvents`: every callback, in order. */
export type DemoEvent =
  | { type: "success"; payload: unknown }
  | { type: "error"; payload: unknown }
  | { type: "close"; payload: null };

declare global {
  interface Window {
    __morphEvents?: DemoEvent[];
  }
}

export function recordDemoEvent(event: DemoEvent): void {
  window.__morphEvents ??= [];
  window.__morphEvents.push(event);
}

export function describeDemoEvent(event: DemoEvent): string {
  switch (event.type) {
    case "success": {
      const { divisionName } = event.payload as { divisionName?: string };
      return `onSuccess: connected to ${divisionName ?? "Exact Online"}`;
    }
    case "error": {
      const { code } = event.payload as { code?: string };
      return `onError: ${code ?? "unknown"}`;
    }
    case "close":
      return "onClose";
    default:
      return event satisfies never;
  }
}
