import type { InferenceSession, Tensor } from 'onnxruntime-node';

import { type CacheOption, type CacheStatus, prepareWithCache } from './cache/prepare-with-cache.js';
import { candidateDevices, type Device, type DeviceRequest, parseDeviceRequest } from './devices/device.js';
import { type DeviceFallback, openSession } from './devices/open-session.js';
import { consoleLogger, type Logger } from './logger.js';
import { withExternalDataFolder } from './model/external-data.js';
import { readModelSource } from './model/model-source.js';
import { type ParamsInput, resolveParams } from './model/params.js';
import type { PatchSummary } from './patching/patch-summary.js';
import { type ProbeOutput, type ProbeRequest, validateProbeRequest } from './patching/probes.js';
import type { NodePlacement } from './placement/node-placement.js';

export interface CreateSessionOptions {
  /**
   * MultiMax params: a params file object, the path of a params file, or one params object (either
   * notation) for every attention Softmax. Identity params, e.g. `{ ranges: [0, 0], ts: [0, 0] }`,
   * leave the model as it is.
   */
  params: ParamsInput;
  /** 'auto' (the default) tries cuda, webgpu, then cpu and takes the first that loads. */
  device?: DeviceRequest;
  /** GPU index for cuda and tensorrt. */
  deviceId?: number;
  /** Passed to onnxruntime-node's InferenceSession.create; `executionProviders` is set from `device`. */
  sessionOptions?: InferenceSession.SessionOptions;
  /** Cache patched models on disk, keyed by model, params and tool version. Off by default. */
  cache?: CacheOption;
  /** Attention layers whose probabilities to add as extra model outputs. */
  probes?: ProbeRequest;
  /**
   * Sample inputs for one run on each device before it is accepted. A device that fails this run is
   * treated like one that fails to load, and the run is profiled to report which provider ran each node.
   */
  verify?: { feeds: Record<string, Tensor> };
  /** Receives fallback and cache warnings; defaults to console.warn. */
  logger?: Logger;
}

export interface MultiMaxSession {
  session: InferenceSession;
  /** The device whose execution provider the session was created with. */
  device: Device;
  /** Devices tried before `device`, with the reason each failed; empty when the first one loaded. */
  fallbacks: DeviceFallback[];
  patch: PatchSummary;
  /** Output names of the probed attention layers, in layer order. */
  probes: ProbeOutput[];
  cache: CacheStatus;
  /** Node placement of the verification run; undefined without `verify`. */
  placement: NodePlacement | undefined;
}

/**
 * Patches a model with MultiMax in memory and creates an onnxruntime-node session for it on the
 * requested device. Neither the model file nor its folder is written to.
 */
export async function createSession(model: string | Uint8Array, options: CreateSessionOptions): Promise<MultiMaxSession> {
  const request = parseDeviceRequest(options.device ?? 'auto');
  const sessionOptions = options.sessionOptions ?? {};
  validateSessionOptions(sessionOptions, options);
  if (options.probes !== undefined) validateProbeRequest(options.probes);
  const logger = options.logger ?? consoleLogger;

  const params = await resolveParams(options.params);
  const source = await readModelSource(model);
  const { prepared, cache } = await prepareWithCache({ source, params, probes: options.probes, sessionOptions, cache: options.cache, logger });

  const opened = await openSession({
    model: prepared.bytes,
    devices: candidateDevices(request),
    sessionOptions: withExternalDataFolder(sessionOptions, source),
    deviceId: options.deviceId,
    verifyFeeds: options.verify?.feeds,
    logger,
  });

  return { ...opened, patch: prepared.patch, probes: prepared.probes, cache };
}

function validateSessionOptions(sessionOptions: InferenceSession.SessionOptions, options: CreateSessionOptions): void {
  if (sessionOptions.executionProviders !== undefined) {
    throw new TypeError("sessionOptions.executionProviders is set from options.device; remove it and pass device 'cuda', 'tensorrt', 'webgpu', 'cpu' or 'auto'");
  }
  if (options.verify !== undefined && sessionOptions.enableProfiling === true) {
    throw new TypeError('options.verify profiles its run to read the node placement, which would end the profiling that sessionOptions.enableProfiling starts; use one of them');
  }
}
