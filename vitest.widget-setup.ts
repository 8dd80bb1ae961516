import { configure } from "@testing-library/react";

// `findBy…` waits for the lazily loaded dialog chunk; on a busy CI machine its import can take more than
// Testing Library's default second. This bounds a wait, it does not time anything.
configure({ asyncUtilTimeout: 5_000 });
