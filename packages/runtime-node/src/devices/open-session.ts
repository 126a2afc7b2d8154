import { InferenceSession, type Tensor } from 'onnxruntime-node';

import type { Logger } from '../logger.js';
import { type NodePlacement, type PlacementProfile, readNodePlacement, removePlacementProfile, startPlacementProfile } from '../placement/node-placement.js';
import type { Device } from './device.js';
import { DeviceError } from './device-error.js';
import { executionProvidersFor } from './execution-providers.js';
import { failedRunError, unavailableDeviceError } from './install-hints.js';

/** A device that was tried and could not run the model, with the reason. */
export interface DeviceFallback {
  device: Device;
  error: DeviceError;
}

export interface OpenSessionRequest {
  model: Uint8Array;
  /** Devices to try in order; the first that creates the session (and runs `verifyFeeds`) wins. */
  devices: readonly Device[];
  /** Session options without `executionProviders`, which each device sets. */
  sessionOptions: InferenceSession.SessionOptions;
  deviceId: number | undefined;
  /** Inputs for one run on each device before it is accepted; the run is profiled to report the node placement. */
  verifyFeeds: Record<string, Tensor> | undefined;
  logger: Logger;
}

export interface OpenedSession {
  session: InferenceSession;
  device: Device;
  fallbacks: DeviceFallback[];
  placement: NodePlacement | undefined;
}

/**
 * Creates the session on the first device that loads. Each failure is logged with its cause and the
 * next device is tried; when the last device fails too, its DeviceError is raised.
 */
export async function openSession(request: OpenSessionRequest): Promise<OpenedSession> {
  const fallbacks: DeviceFallback[] = [];

  for (const [index, device] of request.devices.entries()) {
    try {
      const opened = await openOnDevice(device, request);
      return { ...opened, device, fallbacks };
    } catch (cause) {
      const error = cause instanceof DeviceError ? cause : unavailableDeviceError(device, cause);
      const next = request.devices[index + 1];
      if (next === undefined) throw error;

      fallbacks.push({ device, error });
      request.logger.warn(`${error.message} Trying device '${next}' instead.`);
    }
  }

  throw new DeviceError('device-unavailable', 'no device to try; the device list is empty');
}

async function openOnDevice(device: Device, request: OpenSessionRequest): Promise<{ session: InferenceSession; placement: NodePlacement | undefined }> {
  const executionProviders = executionProvidersFor(device, request.deviceId);
  if (request.verifyFeeds === undefined) {
    const session = await InferenceSession.create(request.model, { ...request.sessionOptions, executionProviders });
    return { session, placement: undefined };
  }

  const profile = await startPlacementProfile();
  try {
    const session = await InferenceSession.create(request.model, { ...request.sessionOptions, ...profile.sessionOptions, executionProviders });
    const placement = await runProfiled(session, request.verifyFeeds, profile).catch((cause: unknown) => {
      throw failedRunError(device, cause);
    });
    return { session, placement };
  } finally {
    await removePlacementProfile(profile);
  }
}

/** Runs the feeds once; a failed run releases the session, so the caller can try the next device. */
async function runProfiled(session: InferenceSession, feeds: Record<string, Tensor>, profile: PlacementProfile): Promise<NodePlacement> {
  try {
    await session.run(feeds);
    return await readNodePlacement(session, profile);
  } catch (error) {
    await session.release();
    throw error;
  }
}
