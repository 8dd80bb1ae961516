import { describe, expect, it } from "vitest";
import { FairSlots } from "./fair-slots";

/** A task that runs until `finish()` is called, and says when it started. */
function heldTask(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started.push(name);
      await done;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("FairSlots", () => {
  it("caps one key below the total, so another key starts at once", async () => {
    const slots = new FairSlots(4, 2);
    const started: string[] = [];
    const tasks = ["a1", "a2", "a3", "a4", "b1"].map((name) => heldTask(started, name));
    const runs = tasks.map((task, i) => slots.run(i < 4 ? "a" : "b", task.run));
    await settle();
    expect(started).toEqual(["a1", "a2", "b1"]);
    for (const task of tasks) task.finish();
    await Promise.all(runs);
    expect(started).toEqual(["a1", "a2", "b1", "a3", "a4"]);
  });

  it("hands freed slots to waiting keys in turn, not in arrival order", async () => {
    const slots = new FairSlots(1, 1);
    const started: string[] = [];
    const tasks = new Map(["a1", "a2", "a3", "b1", "c1"].map((name) => [name, heldTask(started, name)]));
    const runs = [...tasks].map(([name, task]) => slots.run(name[0]!, task.run));
    for (let i = 0; i < tasks.size; i++) {
      await settle();
      tasks.get(started[started.length - 1]!)!.finish();
    }
    await Promise.all(runs);
    expect(started).toEqual(["a1", "a2", "b1", "c1", "a3"]);
  });
});
