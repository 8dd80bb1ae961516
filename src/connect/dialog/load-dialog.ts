import { useSyncExternalStore } from "react";
// Types only: the module itself is fetched by the dynamic import below, never statically.
import type * as ConnectDialogModule from "./connect-dialog";

type DialogModule = typeof ConnectDialogModule;

/**
 * The dialog, its views and the full catalogues are one lazily imported chunk: the first load carries
 * only the button. It is fetched on intent (pointer over or focus on the button), when the page is idle,
 * or on the click itself; until then an open dialog shows its shell.
 *
 * Not `React.lazy`: a lazy component suspends on its first render even when its chunk has arrived, and
 * a loaded dialog must render in the very click that opens it (tests and stories preload it).
 */
let loaded: DialogModule | null = null;
let loading: Promise<DialogModule> | null = null;
const listeners = new Set<() => void>();

/** Starts (or joins) the dialog chunk's download. Only handlers and effects call it (SSR-safe). */
export function loadConnectDialog(): Promise<DialogModule> {
  loading ??= import("./connect-dialog").then(
    (module) => {
      loaded = module;
      listeners.forEach((listener) => listener());
      return module;
    },
    (error: unknown) => {
      // A network blip must not stick: the next intent or click tries again.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Prefetch: errors are retried on the next attempt, never reported from here. */
export function prefetchConnectDialog(): void {
  loadConnectDialog().catch(() => {});
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The dialog module once its chunk has arrived, `null` before (and always on the server). */
export function useConnectDialog(): DialogModule | null {
  return useSyncExternalStore(
    subscribe,
    () => loaded,
    () => null,
  );
}
