/** Which connections may be given a model's records: granted by the session, and not refused by Exact. */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import type { Connection } from "../../../storage/connections-repo";
import type { ModelMapping } from "../models/types";
import { mayRead } from "./watched-connections";

const contacts = { model: "genericContact" } as ModelMapping;
const connection = (grantedOperations: Operation[], missingOperations: Operation[] | null) => ({ grantedOperations, missingOperations }) as Connection;

describe("mayRead", () => {
  it.each([
    ["list granted, nothing missing", ["genericContact::list"], [], true],
    ["retrieve granted, nothing missing", ["genericContact::retrieve"], [], true],
    ["list granted but refused by Exact", ["genericContact::list"], ["genericContact::list"], false],
    ["both granted, both refused by Exact", ["genericContact::list", "genericContact::retrieve"], ["genericContact::list", "genericContact::retrieve"], false],
    ["list refused, retrieve allowed", ["genericContact::list", "genericContact::retrieve"], ["genericContact::list"], true],
    ["only a write granted", ["genericContact::create"], [], false],
    ["rights unknown (Exact could not be asked)", ["genericContact::list"], null, false],
  ] as Array<[string, Operation[], Operation[] | null, boolean]>)("%s", (_what, granted, missing, expected) => {
    expect(mayRead(connection(granted, missing), contacts)).toBe(expected);
  });
});
