// Child process of the patching benchmark. It measures one model in a fresh process, so that peak
// memory belongs to one operation and the parent's heap does not count. Prints one JSON line.
//   node --expose-gc worker.js time <model> <memory|files> <warmups> <repetitions>
//   node --expose-gc worker.js memory <model> <patch|plain>
import { readMemoryStatus, resetPeakRss } from '../measure/memory.js';
import { timeInRounds } from '../measure/timer.js';
import { type PatchingApi, type PatchingOperation, prepareOperation } from './operations.js';

/** Result of `time`: durations in milliseconds per round, and the sites patched. */
export interface TimingResult {
  plainMs: number[];
  patchMs: number[];
  patchedSites: number;
}

/** Result of `memory`: the peak RSS during one operation above the RSS just before it. */
export interface MemoryResult {
  baselineRssBytes: number;
  peakRssBytes: number;
  extraBytes: number;
  /** False where the kernel does not allow resetting the peak, which then includes start-up. */
  peakReset: boolean;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function measureTime(modelPath: string, api: PatchingApi, warmups: number, repetitions: number): Promise<TimingResult> {
  const plain = prepareOperation(modelPath, api, 'plain');
  const patch = prepareOperation(modelPath, api, 'patch');
  let patchedSites = 0;

  const timings = await timeInRounds(
    [
      { label: 'plain', run: () => plain.run() },
      {
        label: 'patch',
        run: async () => {
          patchedSites = await patch.run();
        },
      },
    ],
    { warmups, repetitions, between: collectGarbage },
  );
  await plain.cleanup();
  await patch.cleanup();
  return { plainMs: timings.get('plain') ?? [], patchMs: timings.get('patch') ?? [], patchedSites };
}

async function measureMemory(modelPath: string, operation: PatchingOperation): Promise<MemoryResult> {
  const prepared = prepareOperation(modelPath, 'files', operation);
  collectGarbage();
  const peakReset = resetPeakRss();
  const baseline = readMemoryStatus();

  await prepared.run();
  const after = readMemoryStatus();
  await prepared.cleanup();
  return { baselineRssBytes: baseline.rssBytes, peakRssBytes: after.peakRssBytes, extraBytes: after.peakRssBytes - baseline.rssBytes, peakReset };
}

const [mode, modelPath = '', ...rest] = process.argv.slice(2);
let result: TimingResult | MemoryResult;
if (mode === 'time') {
  result = await measureTime(modelPath, rest[0] as PatchingApi, Number(rest[1]), Number(rest[2]));
} else if (mode === 'memory') {
  result = await measureMemory(modelPath, rest[0] as PatchingOperation);
} else {
  throw new Error(`unknown mode ${JSON.stringify(mode)}; expected "time" or "memory"`);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
