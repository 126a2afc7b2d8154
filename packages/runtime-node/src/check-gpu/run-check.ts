import type { ModulatorParams } from '@multimax/core';
import type { Tensor } from 'onnxruntime-node';

import { createSession } from '../create-session.js';
import type { Device } from '../devices/device.js';
import { errorMessage } from '../error-message.js';
import type { Logger } from '../logger.js';
import type { CheckModel } from './check-models.js';
import { maxAbsDifference } from './compare-outputs.js';
import { knownLimitationOf } from './known-limitations.js';

/** First-order params that make attention sparser, applied to every attention layer. */
export const CHECK_PARAMS: ModulatorParams = { ranges: [-1, 1], ts: [-0.6, 0.3] };

/** Largest accepted max abs difference between a device's outputs and cpu's. */
export const TOLERANCE = 1e-4;

/**
 * - ok / mismatch: the outputs are within / beyond TOLERANCE of cpu's.
 * - failed: the session could not be created or run for this model.
 * - skipped: a known onnxruntime limitation, unrelated to MultiMax (see known-limitations.ts).
 * - missing: the device's execution provider does not load on this machine.
 */
export type CellStatus = 'ok' | 'mismatch' | 'failed' | 'skipped' | 'missing';

export interface CheckCell {
  device: Device;
  status: CellStatus;
  maxDifference?: number;
  detail?: string;
}

export interface CheckRow {
  model: string;
  cells: CheckCell[];
}

export interface CheckReport {
  devices: readonly Device[];
  rows: CheckRow[];
  /** Devices whose provider did not load, with the reason. */
  missing: Map<Device, string>;
  /** Whether every requested device loaded and no cell is 'mismatch' or 'failed'. */
  passed: boolean;
}

/**
 * Runs each model patched with CHECK_PARAMS on cpu and on each device and compares the outputs. A
 * device whose first session fails is reported missing; after one success, a failure is the model's.
 */
export async function runDeviceCheck(models: readonly CheckModel[], devices: readonly Device[], logger: Logger): Promise<CheckReport> {
  const missing = new Map<Device, string>();
  const loaded = new Set<Device>();
  const rows: CheckRow[] = [];

  for (const model of models) {
    let expected: Record<string, Tensor>;
    try {
      expected = await runPatched(model, 'cpu', logger);
    } catch (error) {
      const detail = `the cpu reference failed: ${errorMessage(error)}`;
      rows.push({ model: model.name, cells: devices.map((device) => ({ device, status: 'failed', detail })) });
      continue;
    }

    const cells: CheckCell[] = [];
    for (const device of devices) {
      if (missing.has(device)) {
        cells.push({ device, status: 'missing' });
        continue;
      }
      cells.push(await checkOnDevice(model, device, expected, { missing, loaded, logger }));
    }
    rows.push({ model: model.name, cells });
  }

  const failed = rows.some((row) => row.cells.some((cell) => cell.status === 'mismatch' || cell.status === 'failed'));
  return { devices, rows, missing, passed: !failed && missing.size === 0 };
}

interface DeviceState {
  missing: Map<Device, string>;
  loaded: Set<Device>;
  logger: Logger;
}

async function checkOnDevice(model: CheckModel, device: Device, expected: Record<string, Tensor>, state: DeviceState): Promise<CheckCell> {
  let session: Awaited<ReturnType<typeof createSession>>['session'];
  try {
    session = (await createSession(model.model, { params: CHECK_PARAMS, device, logger: state.logger })).session;
  } catch (error) {
    if (!state.loaded.has(device)) {
      state.missing.set(device, errorMessage(error));
      return { device, status: 'missing' };
    }
    return failedOrSkipped(device, error);
  }
  state.loaded.add(device);

  try {
    const actual = await session.run(model.feeds());
    const maxDifference = maxAbsDifference(expected, actual);
    return { device, status: maxDifference <= TOLERANCE ? 'ok' : 'mismatch', maxDifference };
  } catch (error) {
    return failedOrSkipped(device, error);
  } finally {
    await session.release();
  }
}

async function runPatched(model: CheckModel, device: Device, logger: Logger): Promise<Record<string, Tensor>> {
  const { session } = await createSession(model.model, { params: CHECK_PARAMS, device, logger });
  try {
    return await session.run(model.feeds());
  } finally {
    await session.release();
  }
}

function failedOrSkipped(device: Device, error: unknown): CheckCell {
  const limitation = knownLimitationOf(error);
  return limitation === undefined ? { device, status: 'failed', detail: errorMessage(error) } : { device, status: 'skipped', detail: limitation };
}
