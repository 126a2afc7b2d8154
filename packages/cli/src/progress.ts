import cliProgress from 'cli-progress';

/** Progress of one long step; a no-op when progress display is off. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

/** Models at least this large show progress on a terminal without --progress. */
export const PROGRESS_MIN_BYTES = 100 * 1024 * 1024;

/**
 * Creates a progress bar on stderr (cli-progress), so stdout stays clean for reports and JSON.
 * `force` shows it even when stderr is not a terminal.
 */
export function createProgress(enabled: boolean, force = false): Progress {
  if (!enabled && !force) return { start() {}, update() {}, stop() {} };

  const bar = new cliProgress.SingleBar(
    { format: '{label} [{bar}] {value}/{total}', stream: process.stderr, noTTYOutput: force, notTTYSchedule: 200, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
