import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { InferenceSession } from 'onnxruntime-node';

/**
 * Where the nodes of one run went, read from onnxruntime's profile of that run. onnxruntime may run
 * nodes on CPU whatever device was requested: shape ops on purpose, and ops the device has no
 * kernel for.
 */
export interface NodePlacement {
  /** Number of graph nodes that each execution provider ran, keyed by onnxruntime's provider name, e.g. 'WebGpuExecutionProvider'. */
  nodesByProvider: Record<string, number>;
  /** Op types of the nodes that ran on 'CPUExecutionProvider', sorted. */
  cpuOpTypes: string[];
}

/** A profiling folder and the session options that make onnxruntime write its profile there. */
export interface PlacementProfile {
  folder: string;
  sessionOptions: Pick<InferenceSession.SessionOptions, 'enableProfiling' | 'profileFilePrefix'>;
}

/** One event of onnxruntime's profile (Chrome trace format); only node kernel events matter here. */
interface ProfileEvent {
  cat?: string;
  name?: string;
  args?: { provider?: string; op_name?: string; node_index?: string };
}

const KERNEL_EVENT_SUFFIX = '_kernel_time';

export async function startPlacementProfile(): Promise<PlacementProfile> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'multimax-profile-'));
  return { folder, sessionOptions: { enableProfiling: true, profileFilePrefix: path.join(folder, 'profile') } };
}

/**
 * Ends profiling of the session (onnxruntime then stops collecting events and writes the file), reads
 * which provider ran each node and deletes the profiling folder.
 */
export async function readNodePlacement(session: InferenceSession, profile: PlacementProfile): Promise<NodePlacement> {
  session.endProfiling();
  const files = (await fs.readdir(profile.folder)).filter((file) => file.endsWith('.json'));
  const file = files[0];
  if (file === undefined) throw new Error(`onnxruntime wrote no profile into ${profile.folder}, so the node placement is unknown`);

  const events = JSON.parse(await fs.readFile(path.join(profile.folder, file), 'utf8')) as ProfileEvent[];
  return placementFromEvents(events);
}

export async function removePlacementProfile(profile: PlacementProfile): Promise<void> {
  await fs.rm(profile.folder, { recursive: true, force: true });
}

/**
 * Counts each node once, however often it ran, by the provider its kernel event names. Nodes are told
 * apart by their index in the optimized graph, because onnxruntime leaves some node names empty.
 */
export function placementFromEvents(events: readonly ProfileEvent[]): NodePlacement {
  const providerOfNode = new Map<string, { provider: string; opType: string }>();
  for (const event of events) {
    if (event.cat !== 'Node' || event.name === undefined || !event.name.endsWith(KERNEL_EVENT_SUFFIX)) continue;
    const provider = event.args?.provider;
    if (provider === undefined) continue;
    const node = event.args?.node_index ?? event.name.slice(0, -KERNEL_EVENT_SUFFIX.length);
    providerOfNode.set(node, { provider, opType: event.args?.op_name ?? '?' });
  }

  const nodesByProvider: Record<string, number> = {};
  const cpuOpTypes = new Set<string>();
  for (const { provider, opType } of providerOfNode.values()) {
    nodesByProvider[provider] = (nodesByProvider[provider] ?? 0) + 1;
    if (provider === 'CPUExecutionProvider') cpuOpTypes.add(opType);
  }
  return { nodesByProvider, cpuOpTypes: [...cpuOpTypes].sort() };
}
