import { type ModulatorParams, multimax, multimaxLastAxis, softmax } from '@multimax/core';

import { median, pairRatios } from '../measure/stats.js';
import { type TimedAction, timeInRounds } from '../measure/timer.js';
import { countOf, formatMs, formatRatio, markdownTable } from '../report/markdown.js';
import { progress } from '../report/progress.js';
import type { RunSettings, SectionResult } from '../report/section.js';
import { plainSoftmaxRows } from './plain-softmax.js';

const FIRST_ORDER: ModulatorParams = { ranges: [-1, 1], ts: [-0.6, 0.3] };
const SECOND_ORDER: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-0.6, 0.3, -0.1, 0.02] };

interface CoreCase {
  rows: number;
  rowLength: number;
  timings: Map<string, number[]>;
}

const BASELINE = 'plain JavaScript softmax';

/** Times @multimax/core's float64 reference functions against a plain JavaScript softmax on large rows. */
export async function runCoreSection(settings: RunSettings): Promise<SectionResult> {
  const layouts = settings.quick
    ? [{ rows: 1, rowLength: 4096 }]
    : [
        { rows: 1, rowLength: 1 << 20 },
        { rows: 64, rowLength: 1 << 14 },
      ];
  const cases: CoreCase[] = [];
  for (const layout of layouts) {
    progress('core', `${layout.rows} × ${layout.rowLength}`);
    cases.push({ ...layout, timings: await timeLayout(layout.rows, layout.rowLength, settings) });
  }
  return { title: 'Core: @multimax/core against a plain JavaScript softmax', markdown: renderCore(cases, settings), targets: [] };
}

async function timeLayout(rows: number, rowLength: number, settings: RunSettings): Promise<Map<string, number[]>> {
  const data = new Float32Array(rows * rowLength);
  for (let i = 0; i < data.length; i++) data[i] = 3 * Math.sin(i * 0.37);
  const shape = [rows, rowLength];

  const actions: TimedAction[] = [
    { label: BASELINE, run: () => plainSoftmaxRows(data, rowLength) },
    { label: 'multimaxLastAxis, first order', run: () => multimaxLastAxis(data, shape, FIRST_ORDER) },
    { label: 'multimaxLastAxis, second order', run: () => multimaxLastAxis(data, shape, SECOND_ORDER) },
  ];
  // multimax and softmax take one row and return float64, so they run row by row.
  const eachRow = (compute: (row: Float32Array) => Float64Array) => () => {
    for (let offset = 0; offset < data.length; offset += rowLength) compute(data.subarray(offset, offset + rowLength));
  };
  actions.push(
    { label: 'softmax (core), per row', run: eachRow((row) => softmax(row)) },
    { label: 'multimax, first order, per row', run: eachRow((row) => multimax(row, FIRST_ORDER)) },
  );
  return timeInRounds(actions, { warmups: Math.max(settings.warmups, settings.quick ? 0 : 3), repetitions: settings.repetitions });
}

function renderCore(cases: CoreCase[], settings: RunSettings): string {
  const rows = cases.flatMap((coreCase) => {
    const baseline = coreCase.timings.get(BASELINE) ?? [];
    const elements = coreCase.rows * coreCase.rowLength;
    return [...coreCase.timings].map(([label, timings]) => [
      `${coreCase.rows} × ${coreCase.rowLength}`,
      label,
      formatMs(median(timings)),
      `${((median(timings) * 1e6) / elements).toFixed(1)} ns`,
      formatRatio(median(pairRatios(timings, baseline))),
    ]);
  });
  return [
    `Median of ${countOf(settings.repetitions, 'round')} after warm-up rounds, in the main process (JIT-compiled), all functions interleaved per round.`,
    'Input: float32 values in about [−3, 3]; no mask. The core functions compute each row in float64 and apply the masking and non-finite rules of SPEC.md.',
    '',
    markdownTable(['rows × row length', 'function', 'time', 'per element', 'ratio to plain'], rows),
  ].join('\n');
}
