// Entry point of `npm run tune`: searches first-order MultiMax params for the PP-OCRv4 attention layers.
//
// The search keeps the recognized text of every sample equal to the SoftMax model's text and, among
// the settings that do, picks the one with the highest mean attention sparsity. Run with --write to
// save the result to params/pp-ocrv4.multimax.json.
import { writeFile } from 'node:fs/promises';

import { type ParamsFile, serializeParamsFile } from '@multimax/core';

import type { AttentionStats } from './attention-stats.js';
import { loadRecognizerAssets, type PreparedSample, prepareSamples } from './demo-setup.js';
import { formatChange, formatNats, formatPercent, formatTable, withProgress } from './format.js';
import {
  cartesianProduct,
  describeSetting,
  type LayerSetting,
  LOWER_SLOPES,
  roundThreshold,
  SLOPE_MARGIN_FACTOR,
  THRESHOLD_QUANTILES,
  toParamsFile,
  withMargin,
} from './params-search.js';
import { PARAMS_PATH } from './paths.js';
import { preprocessImage } from './preprocess.js';
import { renderTextLine } from './render.js';
import { measureScoreQuantiles } from './score-quantiles.js';
import { VariantEvaluator, type VariantScore } from './variant-evaluator.js';

/** How many accepted single-layer settings per layer go into the joint search. */
const CANDIDATES_PER_LAYER = 3;

/** Lines left out of the search and rendered like the samples, to check the chosen params on new input. */
const HELD_OUT_LINES = [
  'Attention is all you need',
  'The quick brown fox jumps over the lazy dog',
  'ONNX Runtime 1.30 on CPU',
  'Invoice 2024-117, due 31.12.',
  'Mannheim & Saarbrucken',
  'Sparsity: 63% of weights',
];

const writeResult = process.argv.includes('--write');

const assets = await withProgress('Loading the PP-OCRv4 recognizer', () => loadRecognizerAssets());
const samples = await withProgress('Reading samples/*.png', () => prepareSamples());
const layers = assets.attentionLayers;

// Step 1: the score ranges, from which the candidate thresholds come.
const quantilesByLayer = await withProgress('Measuring pre-softmax score quantiles', () => measureScoreQuantiles(assets, samples, [0, ...THRESHOLD_QUANTILES, 1]));
console.log(`\nPre-softmax attention scores over ${samples.length} samples`);
const quantileHeader = ['layer', 'scores', 'min', ...THRESHOLD_QUANTILES.map((p) => `q${Math.round(p * 100)}`), 'max'];
const quantileRows = layers.map((layer, index) => [String(layer.layer), layer.scoresValue, ...(quantilesByLayer[index] ?? []).map((value) => value.toFixed(2))]);
printTable([quantileHeader, ...quantileRows], [2, 3, 4, 5, 6, 7]);

// Step 2: the SoftMax baseline, which every variant's texts are compared with.
const evaluator = new VariantEvaluator(assets, samples);
const baseline = await withProgress('Running the SoftMax model', () => evaluator.evaluate(undefined));
console.log('\nSoftMax baseline');
printTable([['layer', 'sparsity', 'entropy (nats)'], ...baseline.attention.map((stats, index) => [String(layers[index]?.layer), formatPercent(stats.meanSparsity), formatNats(stats.meanEntropy)])], [1, 2]);

// Step 3: each layer alone, with the other layers left as SoftMax.
const acceptedByLayer: { setting: LayerSetting; stats: AttentionStats }[][] = [];
for (const [layerIndex, layer] of layers.entries()) {
  // quantilesByLayer starts with the minimum, so THRESHOLD_QUANTILES[i] sits at index i + 1.
  const thresholds = [...new Set(THRESHOLD_QUANTILES.map((_, index) => roundThreshold(quantilesByLayer[layerIndex]?.[index + 1] ?? 0)))];
  const rows: string[][] = [['ranges[0]', 'ts[0]', 'same text', `same at ts[0]×${SLOPE_MARGIN_FACTOR}`, 'sparsity', 'entropy']];
  const accepted: { setting: LayerSetting; stats: AttentionStats }[] = [];

  await withProgress(`Searching layer ${layer.layer} (${thresholds.length * LOWER_SLOPES.length} settings)`, async () => {
    for (const threshold of thresholds) {
      for (const lowerSlope of LOWER_SLOPES) {
        const settings = [{ layer: layer.layer, threshold, lowerSlope }];
        const score = await evaluator.evaluate(toParamsFile(settings));
        const marginScore = await evaluator.evaluate(toParamsFile(withMargin(settings)));
        const stats = score.attention[layerIndex] as AttentionStats;
        const passes = isFullAgreement(score) && isFullAgreement(marginScore);
        if (passes) accepted.push({ setting: settings[0] as LayerSetting, stats });
        rows.push([String(threshold), String(lowerSlope), agreementLabel(score), agreementLabel(marginScore), formatPercent(stats.meanSparsity), formatNats(stats.meanEntropy)]);
      }
    }
  });

  console.log(`\nLayer ${layer.layer} alone (${layer.softmaxNode})`);
  printTable(rows, [0, 1, 4, 5]);
  accepted.sort((a, b) => b.stats.meanSparsity - a.stats.meanSparsity);
  acceptedByLayer.push(accepted.slice(0, CANDIDATES_PER_LAYER));
}

// Step 4: the best single-layer settings combined, since patching one layer changes the input of the next.
const combinations = cartesianProduct(acceptedByLayer.map((accepted) => accepted.map((entry) => entry.setting)));
if (combinations.length === 0 || acceptedByLayer.some((accepted) => accepted.length === 0)) {
  throw new Error('no setting keeps every sample text for some layer; add samples the SoftMax model reads well or widen the grid in params-search.ts');
}

let best: { settings: LayerSetting[]; score: VariantScore } | undefined;
const jointRows: string[][] = [['settings', 'same text', `same at ts[0]×${SLOPE_MARGIN_FACTOR}`, 'mean sparsity', 'mean entropy']];
await withProgress(`Searching ${combinations.length} combinations`, async () => {
  for (const settings of combinations) {
    const score = await evaluator.evaluate(toParamsFile(settings));
    const marginScore = await evaluator.evaluate(toParamsFile(withMargin(settings)));
    const passes = isFullAgreement(score) && isFullAgreement(marginScore);
    jointRows.push([settings.map((setting) => `${setting.threshold}/${setting.lowerSlope}`).join(', '), agreementLabel(score), agreementLabel(marginScore), formatPercent(meanOf(score, 'meanSparsity')), formatNats(meanOf(score, 'meanEntropy'))]);
    if (passes && (best === undefined || isBetter(score, best.score))) best = { settings, score };
  }
});

console.log('\nCombinations (ranges[0]/ts[0] per layer)');
printTable(jointRows, [3, 4]);
if (best === undefined) {
  throw new Error('no combination keeps every sample text with margin; add samples or widen the grid in params-search.ts');
}
const chosen = best;

// Step 5: the chosen params on lines the search never saw.
const heldOut = await prepareHeldOutLines();
const heldOutEvaluator = new VariantEvaluator(assets, heldOut);
const [heldOutBaseline, heldOutPatched] = await withProgress(`Checking ${HELD_OUT_LINES.length} held-out lines`, async () => [
  await heldOutEvaluator.evaluate(undefined),
  await heldOutEvaluator.evaluate(toParamsFile(chosen.settings)),
]);

// Step 6: the result.
console.log('\nChosen params');
for (const setting of chosen.settings) console.log(`  ${describeSetting(setting)}`);
const resultRows = [['layer', 'sparsity', 'entropy (nats)']];
layers.forEach((layer, index) => {
  const before = baseline.attention[index] as AttentionStats;
  const after = chosen.score.attention[index] as AttentionStats;
  resultRows.push([String(layer.layer), formatChange(formatPercent(before.meanSparsity), formatPercent(after.meanSparsity)), formatChange(formatNats(before.meanEntropy), formatNats(after.meanEntropy))]);
});
printTable(resultRows);
console.log(`  samples: ${chosen.score.agreeing}/${samples.length} texts equal to SoftMax`);
console.log(`  held-out lines: ${heldOutPatched.agreeing}/${heldOut.length} texts equal to SoftMax`);

console.log('\nHeld-out lines (not used by the search)');
const heldOutRows = [['expected', 'SoftMax', 'MultiMax']];
heldOut.forEach((line, index) => {
  heldOutRows.push([JSON.stringify(line.expectedText), JSON.stringify(heldOutBaseline.texts[index]), JSON.stringify(heldOutPatched.texts[index])]);
});
printTable(heldOutRows);

const paramsFile = describeResult(chosen.settings, chosen.score);
if (writeResult) {
  await writeFile(PARAMS_PATH, serializeParamsFile(paramsFile));
  console.log(`\nWrote ${PARAMS_PATH}`);
} else {
  console.log(`\n${serializeParamsFile(paramsFile)}(not written; run with --write to save it to params/pp-ocrv4.multimax.json)`);
}

function isFullAgreement(score: VariantScore): boolean {
  return score.agreeing === score.texts.length;
}

function agreementLabel(score: VariantScore): string {
  return `${score.agreeing}/${score.texts.length}`;
}

function meanOf(score: VariantScore, field: 'meanSparsity' | 'meanEntropy'): number {
  return score.attention.reduce((sum, stats) => sum + stats[field], 0) / score.attention.length;
}

/** Higher mean sparsity wins, and equal sparsity goes to the lower mean entropy. */
function isBetter(candidate: VariantScore, current: VariantScore): boolean {
  const sparsityGain = meanOf(candidate, 'meanSparsity') - meanOf(current, 'meanSparsity');
  if (sparsityGain !== 0) return sparsityGain > 0;
  return meanOf(candidate, 'meanEntropy') < meanOf(current, 'meanEntropy');
}

/** Builds the params file, with the measured figures in each target's comment. */
function describeResult(settings: LayerSetting[], score: VariantScore): ParamsFile {
  const file = toParamsFile(settings, 'PP-OCRv4 recognizer attention, sparsified while the sample texts stay the same. Found by `npm run tune -w @multimax/ocr-demo`; see apps/ocr-demo/README.md.');
  file.targets.forEach((target, index) => {
    const before = baseline.attention[index] as AttentionStats;
    const after = score.attention[index] as AttentionStats;
    target.comment = `${samples.length} samples: sparsity ${formatPercent(before.meanSparsity)} -> ${formatPercent(after.meanSparsity)}, entropy ${formatNats(before.meanEntropy)} -> ${formatNats(after.meanEntropy)} nats`;
  });
  return file;
}

async function prepareHeldOutLines(): Promise<PreparedSample[]> {
  const prepared: PreparedSample[] = [];
  for (const [index, text] of HELD_OUT_LINES.entries()) {
    const input = await preprocessImage(await renderTextLine(text));
    prepared.push({ file: `held-out-${index + 1}`, path: '', expectedText: text, input });
  }
  return prepared;
}

function printTable(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): void {
  for (const line of formatTable(rows, rightAligned)) console.log(`  ${line}`);
}
