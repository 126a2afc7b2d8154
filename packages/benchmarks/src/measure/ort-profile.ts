import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { InferenceSession } from 'onnxruntime-node';

/** Kernel times of one session.run, from onnxruntime's profiler. */
export interface RunKernelTimes {
  /** Sum of all kernel times, in milliseconds. */
  totalMs: number;
  /** Kernel time per op type, in milliseconds. */
  byOpType: Map<string, number>;
  /** Kernel time of the nodes whose name passed the `selectNode` filter, in milliseconds. */
  selectedMs: number;
  /** The same per op type. */
  selectedByOpType: Map<string, number>;
}

/** Kernel events are named `<node name>_kernel_time`. */
const KERNEL_SUFFIX = '_kernel_time';

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

/**
 * Ends profiling of a session created with `enableProfiling` and `profileFilePrefix`, reads the
 * profile that onnxruntime wrote (`<prefix>_<date>.json`), deletes it, and returns the kernel times
 * of each session.run in order. The file is found by its prefix, because onnxruntime-node's
 * endProfiling does not return its name.
 */
export async function readKernelTimes(session: InferenceSession, profileFilePrefix: string, selectNode: (name: string) => boolean = () => false): Promise<RunKernelTimes[]> {
  session.endProfiling();
  const folder = path.dirname(profileFilePrefix);
  const base = path.basename(profileFilePrefix);
  const files = (await fs.readdir(folder)).filter((name) => name.startsWith(`${base}_`) && name.endsWith('.json'));
  if (files.length !== 1) throw new Error(`expected one onnxruntime profile ${profileFilePrefix}_*.json, found ${files.length}`);

  const file = path.join(folder, files[0] ?? '');
  const events = JSON.parse(await fs.readFile(file, 'utf8')) as ProfileEvent[];
  await fs.rm(file);

  const kernels = events.filter((event) => event.cat === 'Node' && event.name.endsWith(KERNEL_SUFFIX));
  const runs = events.filter((event) => event.cat === 'Session' && event.name === 'model_run');
  return runs.map((run) => {
    const byOpType = new Map<string, number>();
    let totalMs = 0;
    let selectedMs = 0;
    const selectedByOpType = new Map<string, number>();
    for (const kernel of kernels) {
      if (kernel.ts < run.ts || kernel.ts > run.ts + run.dur) continue;
      const opType = kernel.args?.op_name ?? 'unknown';
      const milliseconds = kernel.dur / 1000;
      byOpType.set(opType, (byOpType.get(opType) ?? 0) + milliseconds);
      totalMs += milliseconds;
      if (selectNode(kernel.name.slice(0, -KERNEL_SUFFIX.length))) {
        selectedMs += milliseconds;
        selectedByOpType.set(opType, (selectedByOpType.get(opType) ?? 0) + milliseconds);
      }
    }
    return { totalMs, byOpType, selectedMs, selectedByOpType };
  });
}
