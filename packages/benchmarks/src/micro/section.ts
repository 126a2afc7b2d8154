import path from 'node:path';

import type { ModulatorParams } from '@multimax/core';
import * as ort from 'onnxruntime-node';

import { type RunKernelTimes, readKernelTimes } from '../measure/ort-profile.js';
import { timeSessionsInRounds } from '../measure/session-timing.js';
import { median, pairRatios } from '../measure/stats.js';
import { type BarDatum, barChart, type Chart } from '../report/charts.js';
import { countOf, formatMs, formatRatio, markdownTable } from '../report/markdown.js';
import { progress } from '../report/progress.js';
import type { RunSettings, SectionResult, TargetCheck } from '../report/section.js';
import { buildHingeModel, buildIntervalModel, buildOnePassModel, buildPatchedModel, buildSoftmaxModel } from './models.js';

const ORDERS: Array<{ label: string; params: ModulatorParams }> = [
  { label: 'first', params: { ranges: [-1, 1], ts: [-0.6, 0.3] } },
  { label: 'second', params: { ranges: [-1, 1, -2, 2], ts: [-0.6, 0.3, -0.1, 0.02] } },
];
const FULL_SHAPES = [
  [1, 12, 128, 128],
  [8, 12, 512, 512],
];
const QUICK_SHAPES = [[1, 2, 8, 8]];
/**
 * Intra-op threads: 1, because on a shared machine a second thread waits whenever another process
 * uses its core, which makes the cost of short ops swing from run to run; then onnxruntime's
 * default (0, one per core), which shows the ops that do not spread over threads.
 */
const FULL_THREADS = [1, 0];
const QUICK_THREADS = [1];

type Variant = 'softmax' | 'onePass' | 'patched' | 'interval' | 'hinge';
const VARIANT_LABELS: Record<Variant, string> = {
  softmax: 'Softmax alone',
  onePass: 'one elementwise op (Neg) + Softmax',
  patched: 'σ as emitted + Softmax',
  interval: 'σ in interval form + Softmax',
  hinge: 'σ in hinge form + Softmax',
};

interface VariantResult {
  variant: Variant;
  modulatorNodes: number;
  wallMs: number[];
  kernels: RunKernelTimes[];
}

interface MicroCase {
  shape: number[];
  order: string;
  threads: number;
  variants: VariantResult[];
}

/** Times σ + Softmax against Softmax alone in onnxruntime-node on CPU, per shape and order. */
export async function runMicroSection(settings: RunSettings): Promise<SectionResult> {
  const cases: MicroCase[] = [];
  const shapes = settings.quick ? QUICK_SHAPES : FULL_SHAPES;
  for (const threads of settings.quick ? QUICK_THREADS : FULL_THREADS) {
    for (const shape of shapes) {
      for (const { label, params } of ORDERS) {
        progress('micro', `[${shape.join(', ')}], ${label} order, ${describeThreads(threads)}`);
        cases.push(await measureCase(shape, label, params, threads, settings));
      }
    }
  }
  return { title: 'Micro: σ + Softmax against Softmax', markdown: renderMicro(cases, settings), targets: microTargets(cases), charts: [microChart(cases)] };
}

async function measureCase(shape: number[], order: string, params: ModulatorParams, threads: number, settings: RunSettings): Promise<MicroCase> {
  const patched = buildPatchedModel(shape, params);
  const hinge = buildHingeModel(shape, params);
  const models: Array<{ variant: Variant; bytes: Uint8Array; modulatorNodes: number }> = [
    { variant: 'softmax', bytes: buildSoftmaxModel(shape), modulatorNodes: 0 },
    { variant: 'onePass', ...buildOnePassModel(shape) },
    { variant: 'patched', ...patched },
    { variant: 'interval', ...buildIntervalModel(shape, params) },
    { variant: 'hinge', ...hinge },
  ];

  const elementCount = shape.reduce((product, dim) => product * dim, 1);
  const data = new Float32Array(elementCount);
  // Scores in about [−3, 3], so both hinges of σ are active on part of every row.
  for (let i = 0; i < elementCount; i++) data[i] = 3 * Math.sin(i * 0.37);
  const feeds = { x: new ort.Tensor('float32', data, shape) };

  const sessions = [];
  for (const model of models) {
    const profileFilePrefix = path.join(settings.temporaryFolder, `micro-${model.variant}`);
    const session = await ort.InferenceSession.create(model.bytes, { enableProfiling: true, profileFilePrefix, intraOpNumThreads: threads });
    sessions.push({ ...model, session, profileFilePrefix });
  }

  const wall = await timeSessionsInRounds(
    sessions.map(({ variant, session }) => ({ label: variant, session, feeds })),
    { warmups: settings.warmups, repetitions: settings.repetitions },
  );

  const variants: VariantResult[] = [];
  for (const entry of sessions) {
    const kernels = (await readKernelTimes(entry.session, entry.profileFilePrefix)).slice(settings.warmups);
    await entry.session.release();
    variants.push({ variant: entry.variant, modulatorNodes: entry.modulatorNodes, wallMs: wall.get(entry.variant) ?? [], kernels });
  }
  return { shape, order, threads, variants };
}

/** Charts each variant's kernel time relative to Softmax alone, with 1 thread, against the 2× target. */
function microChart(cases: MicroCase[]): Chart {
  const bars: BarDatum[] = cases
    .filter((microCase) => microCase.threads === 1)
    .flatMap((microCase) => {
      const baseline = variantOf(microCase, 'softmax').kernels.map((run) => run.totalMs);
      return microCase.variants
        .filter((result) => result.variant !== 'softmax')
        .map((result) => ({
          group: `[${microCase.shape.join(', ')}], ${microCase.order} order`,
          series: VARIANT_LABELS[result.variant],
          value: median(pairRatios(result.kernels.map((run) => run.totalMs), baseline)),
        }));
    });
  const title = 'σ + Softmax kernel time relative to Softmax alone (1 thread)';
  return { name: 'micro', title, spec: barChart({ title, valueTitle: 'times Softmax alone', bars, baseline: 1, target: { value: 2, label: 'target 2×' } }) };
}

function renderMicro(cases: MicroCase[], settings: RunSettings): string {
  const rows = cases.flatMap((microCase) => {
    const baseline = variantOf(microCase, 'softmax');
    return microCase.variants.map((result) => {
      const kernelTotals = result.kernels.map((run) => run.totalMs);
      const modulatorMs = result.kernels.map((run) => run.totalMs - (run.byOpType.get('Softmax') ?? 0));
      return [
        `[${microCase.shape.join(', ')}]`,
        microCase.order,
        describeThreads(microCase.threads),
        VARIANT_LABELS[result.variant],
        String(result.modulatorNodes),
        formatMs(median(result.wallMs)),
        formatRatio(median(pairRatios(result.wallMs, baseline.wallMs))),
        formatMs(median(kernelTotals)),
        formatRatio(median(pairRatios(kernelTotals, baseline.kernels.map((run) => run.totalMs)))),
        result.variant === 'softmax' ? '' : opBreakdown(result.kernels, modulatorMs),
      ];
    });
  });

  return [
    `Median of ${countOf(settings.repetitions, 'round')} after ${countOf(settings.warmups, 'warm-up round')}; each round runs every variant once, in rotating order.`,
    'onnxruntime-node on CPU, first with 1 intra-op thread (kernel times then measure work, and vary less with the load of the shared machine),',
    'then with onnxruntime\'s default thread count, which shows the ops that do not spread over threads.',
    'One float32 input in about [−3, 3]; first order: ranges [−1, 1], ts [−0.6, 0.3]; second order adds ranges [−2, 2], ts [−0.1, 0.02].',
    '"session.run" is the wall-clock time of the call, which includes handing the input and the output between JavaScript and onnxruntime;',
    '"kernels" is the sum of the kernel times that onnxruntime\'s profiler records for the same runs, the cost of the ops themselves.',
    'Ratios are medians of the per-round ratios to Softmax alone.',
    '"σ as emitted" is what patchModel inserts for float32 scores: the first order as the chain LeakyRelu(r1 − r0 − LeakyRelu(r1 − x, q), p)',
    'with p = 1 − ts[0] and q = 1 + ts[1] (Sub, LeakyRelu, Sub, LeakyRelu), the second order in interval form.',
    '"σ in interval form" writes each order around d = x − Clip(x, r_low, r_high): Clip, Sub, LeakyRelu, Mul and Add (one more Mul for the second order),',
    'which the emitter used for the first order before the chain and still uses for float16.',
    '"σ in hinge form" writes each term as Sub, Relu, Mul (Mul again for a square) and Add, as the emitter does for a lone second-order term.',
    '"one elementwise op" is the floor: onnxruntime on CPU fuses no elementwise ops, so every op of σ is one more pass over the scores.',
    '',
    markdownTable(['shape', 'order', 'threads', 'graph', 'σ nodes', 'session.run', 'ratio', 'kernels', 'ratio', 'σ kernels by op (median of runs)'], rows),
  ].join('\n');
}

/** Lists the median kernel time per op type other than Softmax, and their total. */
function opBreakdown(kernels: RunKernelTimes[], modulatorMs: number[]): string {
  const opTypes = [...new Set(kernels.flatMap((run) => [...run.byOpType.keys()]))].filter((opType) => opType !== 'Softmax');
  const parts = opTypes.map((opType) => `${opType} ${formatMs(median(kernels.map((run) => run.byOpType.get(opType) ?? 0)))}`);
  return `${parts.join(', ')}; total ${formatMs(median(modulatorMs))}`;
}

function variantOf(microCase: MicroCase, variant: Variant): VariantResult {
  const result = microCase.variants.find((candidate) => candidate.variant === variant);
  if (result === undefined) throw new Error(`micro case [${microCase.shape.join(', ')}] has no ${variant} variant`);
  return result;
}

function microTargets(cases: MicroCase[]): TargetCheck[] {
  const ratios = cases.map((microCase) => {
    const baseline = variantOf(microCase, 'softmax');
    const patched = variantOf(microCase, 'patched');
    const onePass = variantOf(microCase, 'onePass');
    const kernelRatio = (result: VariantResult) => median(pairRatios(result.kernels.map((run) => run.totalMs), baseline.kernels.map((run) => run.totalMs)));
    return {
      label: `[${microCase.shape.join(', ')}] ${microCase.order}, ${describeThreads(microCase.threads)}`,
      kernels: kernelRatio(patched),
      onePass: kernelRatio(onePass),
      wall: median(pairRatios(patched.wallMs, baseline.wallMs)),
    };
  });
  const worstKernels = Math.max(...ratios.map((ratio) => ratio.kernels));
  const worstWall = Math.max(...ratios.map((ratio) => ratio.wall));
  const onePassRange = `${formatRatio(Math.min(...ratios.map((ratio) => ratio.onePass)))} – ${formatRatio(Math.max(...ratios.map((ratio) => ratio.onePass)))}`;
  return [
    {
      target: 'σ + Softmax costs ≤ 2× Softmax alone (kernel time)',
      measured: `kernels ${ratios.map((ratio) => `${ratio.label} ${formatRatio(ratio.kernels)}`).join(', ')}; session.run worst ${formatRatio(worstWall)}; one elementwise op + Softmax alone: ${onePassRange}`,
      met: Number.isFinite(worstKernels) ? worstKernels <= 2 : undefined,
    },
  ];
}

function describeThreads(threads: number): string {
  return threads === 0 ? 'default threads' : `${threads} thread${threads === 1 ? '' : 's'}`;
}
