import type { InferenceSession, Tensor } from 'onnxruntime-node';

import { type RoundOptions, timeInRounds } from './timer.js';

export interface TimedSession {
  label: string;
  session: InferenceSession;
  feeds: Record<string, Tensor>;
}

/** Times session.run of each session in rounds (see timeInRounds) and returns the milliseconds per label. */
export function timeSessionsInRounds(sessions: readonly TimedSession[], options: RoundOptions): Promise<Map<string, number[]>> {
  return timeInRounds(
    sessions.map(({ label, session, feeds }) => ({ label, run: () => session.run(feeds) })),
    options,
  );
}
