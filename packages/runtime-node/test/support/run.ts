import type { InferenceSession, Tensor } from 'onnxruntime-node';

import type { MultiMaxSession } from '../../src/index.js';

/** Runs the session once, releases it and returns the outputs. */
export async function runOnce(opened: MultiMaxSession | { session: InferenceSession }, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  try {
    return await opened.session.run(feeds);
  } finally {
    await opened.session.release();
  }
}
