import path from 'node:path';

import * as ort from 'onnxruntime-node';

import { readKernelTimes } from '../measure/ort-profile.js';
import { median } from '../measure/stats.js';
import { timeSessionsInRounds } from '../measure/session-timing.js';
import { buildFeeds, buildModelBytes, FIRST_ORDER, type InferenceCase, type ModelKind, patchBytes, SECOND_ORDER } from './cases.js';

/** Latencies of one case: the original and the patched model, measured in alternating rounds. */
export interface CaseTiming {
  inferenceCase: InferenceCase;
  sites: number;
  originalMs: number[];
  patchedMs: number[];
  /**
   * Per measured run of the patched model, when profiled: its kernel time divided by the kernel
   * time of every node but the inserted ones. This attributes the slowdown to the inserted nodes
   * alone, so it varies less with machine load than the ratio of two wall-clock times.
   */
  attributedRatios?: number[];
  /** Median kernel milliseconds per run of the inserted nodes, per op type, when profiled. */
  insertedByOpType?: Record<string, number>;
}

/** Builds each model kind once and patches it once per order, so cases of different sizes share them. */
export class ModelCache {
  private readonly originals = new Map<ModelKind, Uint8Array>();
  private readonly patched = new Map<string, { bytes: Uint8Array; sites: number }>();

  constructor(private readonly quick: boolean) {}

  original(kind: ModelKind): Uint8Array {
    let bytes = this.originals.get(kind);
    if (bytes === undefined) {
      bytes = buildModelBytes(kind, this.quick);
      this.originals.set(kind, bytes);
    }
    return bytes;
  }

  patchedFor(inferenceCase: InferenceCase): { bytes: Uint8Array; sites: number } {
    const key = `${inferenceCase.kind}/${inferenceCase.order}`;
    let entry = this.patched.get(key);
    if (entry === undefined) {
      entry = patchBytes(this.original(inferenceCase.kind), inferenceCase.order === 'first' ? FIRST_ORDER : SECOND_ORDER);
      this.patched.set(key, entry);
    }
    return entry;
  }
}

/** Prefix of the nodes that patchModel inserts. */
const INSERTED_NODE_PREFIX = 'multimax/';

/**
 * Creates both sessions with the same options, times them in rounds and releases them. With
 * `profileFolder`, both sessions are profiled (so both carry the profiler's cost) and the result
 * has attributedRatios.
 */
export async function timeCase(
  inferenceCase: InferenceCase,
  models: ModelCache,
  options: { quick: boolean; warmups: number; repetitions: number; sessionOptions: ort.InferenceSession.SessionOptions; profileFolder?: string },
): Promise<CaseTiming> {
  const patched = models.patchedFor(inferenceCase);
  const feeds = buildFeeds(inferenceCase, options.quick);
  const profileOptions = (label: string) =>
    options.profileFolder === undefined ? {} : { enableProfiling: true, profileFilePrefix: path.join(options.profileFolder, `inference-${label}`) };
  const originalSession = await ort.InferenceSession.create(models.original(inferenceCase.kind), { ...options.sessionOptions, ...profileOptions('original') });
  const patchedSession = await ort.InferenceSession.create(patched.bytes, { ...options.sessionOptions, ...profileOptions('patched') });

  try {
    const timings = await timeSessionsInRounds(
      [
        { label: 'original', session: originalSession, feeds },
        { label: 'patched', session: patchedSession, feeds },
      ],
      { warmups: options.warmups, repetitions: options.repetitions },
    );
    const result: CaseTiming = { inferenceCase, sites: patched.sites, originalMs: timings.get('original') ?? [], patchedMs: timings.get('patched') ?? [] };
    if (options.profileFolder !== undefined) {
      await readKernelTimes(originalSession, path.join(options.profileFolder, 'inference-original'));
      const kernels = await readKernelTimes(patchedSession, path.join(options.profileFolder, 'inference-patched'), (name) => name.startsWith(INSERTED_NODE_PREFIX));
      const measured = kernels.slice(options.warmups);
      result.attributedRatios = measured.map((run) => run.totalMs / (run.totalMs - run.selectedMs));
      const opTypes = new Set(measured.flatMap((run) => [...run.selectedByOpType.keys()]));
      result.insertedByOpType = Object.fromEntries([...opTypes].map((opType) => [opType, median(measured.map((run) => run.selectedByOpType.get(opType) ?? 0))]));
    }
    return result;
  } finally {
    await originalSession.release();
    await patchedSession.release();
  }
}
