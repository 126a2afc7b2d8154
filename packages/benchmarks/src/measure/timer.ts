/** One action of a timed round. */
export interface TimedAction {
  label: string;
  run: () => unknown;
}

export interface RoundOptions {
  /** Unmeasured rounds first. */
  warmups: number;
  /** Measured rounds. */
  repetitions: number;
  /** Runs before each action, outside the timing (e.g. a garbage collection). */
  between?: () => void;
}

/**
 * Runs every action once per round and returns, per label, the wall-clock milliseconds of each
 * measured round (awaiting actions that return a promise). The order rotates every round, so a
 * change in machine load affects all actions alike, and the ratio of one round compares runs made
 * moments apart.
 */
export async function timeInRounds(actions: readonly TimedAction[], options: RoundOptions): Promise<Map<string, number[]>> {
  const timings = new Map<string, number[]>(actions.map((action) => [action.label, []]));
  const rounds = options.warmups + options.repetitions;

  for (let round = 0; round < rounds; round++) {
    const shift = round % actions.length;
    for (const action of [...actions.slice(shift), ...actions.slice(0, shift)]) {
      options.between?.();
      const start = performance.now();
      await action.run();
      const elapsed = performance.now() - start;
      if (round >= options.warmups) timings.get(action.label)?.push(elapsed);
    }
  }
  return timings;
}
