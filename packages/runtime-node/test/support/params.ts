import type { ModulatorParams } from '@multimax/core';

import type { Logger } from '../../src/index.js';

/** First-order params that make attention sparser; the same as the GPU check uses. */
export const SPARSE_PARAMS: ModulatorParams = { ranges: [-1, 1], ts: [-0.6, 0.3] };

/** Creates a logger that keeps every warning, for assertions. */
export function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}
