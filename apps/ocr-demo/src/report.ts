// The demo's terminal report: one block per image and a summary over all images.
import type { PlannedSite } from '@multimax/onnx';

import { type AttentionStats, poolAttentionStats, SPARSITY_THRESHOLD } from './attention-stats.js';
import type { SampleResult } from './evaluate.js';
import { formatChange, formatNats, formatPercent, formatTable } from './format.js';
import type { AttentionLayer } from './model-variants.js';

/** One image run through both models. */
export interface ImageComparison {
  file: string;
  expectedText: string | undefined;
  softmax: SampleResult;
  multimax: SampleResult;
}

/** Lists the Softmax nodes of the plan and what the patch did to each. */
export function formatPatchPlan(plan: readonly PlannedSite[]): string[] {
  const rows = plan.map(({ site, action, params }) => {
    const detail = action === 'patch' && params !== undefined ? `ranges [${params.ranges.join(', ')}], ts [${params.ts.join(', ')}]` : describeAction(action);
    return [site.name, `${site.kind} ${site.layer}`, detail];
  });
  return formatTable(rows);
}

export function formatImageReport(comparison: ImageComparison, layers: readonly AttentionLayer[], index: number, total: number): string[] {
  const { softmax, multimax, expectedText } = comparison;
  const lines = [`[${index + 1}/${total}] ${comparison.file}`];

  let softmaxVerdict = '';
  if (expectedText !== undefined) softmaxVerdict = softmax.text === expectedText ? 'correct' : 'WRONG';
  const multimaxVerdict = multimax.text === softmax.text ? 'same as SoftMax' : 'DIFFERS from SoftMax';

  const textRows = [
    ['expected', expectedText === undefined ? '(not in samples/manifest.json)' : JSON.stringify(expectedText), ''],
    ['SoftMax', JSON.stringify(softmax.text), softmaxVerdict],
    ['MultiMax', JSON.stringify(multimax.text), multimaxVerdict],
  ];
  const statsRows = [
    ['layer', 'Softmax node', 'sparsity SoftMax → MultiMax', 'entropy (nats) SoftMax → MultiMax'],
    ...layers.map((layer, layerIndex) => [String(layer.layer), layer.softmaxNode, ...formatStatsChange(softmax.attention[layerIndex], multimax.attention[layerIndex])]),
  ];

  lines.push(...formatTable(textRows).map((line) => `  ${line}`));
  lines.push(...formatTable(statsRows).map((line) => `  ${line}`));
  return lines;
}

export function formatSummary(comparisons: readonly ImageComparison[], layers: readonly AttentionLayer[]): string[] {
  const total = comparisons.length;
  const withExpected = comparisons.filter((comparison) => comparison.expectedText !== undefined);
  const sameText = comparisons.filter((comparison) => comparison.multimax.text === comparison.softmax.text).length;
  const softmaxCorrect = withExpected.filter((comparison) => comparison.softmax.text === comparison.expectedText).length;
  const multimaxCorrect = withExpected.filter((comparison) => comparison.multimax.text === comparison.expectedText).length;

  const lines = [`Summary over ${total} images`];
  lines.push(`  MultiMax text equals SoftMax text: ${sameText}/${total}`);
  lines.push(`  correct text (images with an expected text): SoftMax ${softmaxCorrect}/${withExpected.length}, MultiMax ${multimaxCorrect}/${withExpected.length}`);

  const statsRows = [['layer', 'Softmax node', 'rows', 'sparsity SoftMax → MultiMax', 'entropy (nats) SoftMax → MultiMax']];
  layers.forEach((layer, layerIndex) => {
    const softmax = poolAttentionStats(comparisons.map((comparison) => comparison.softmax.attention[layerIndex] as AttentionStats));
    const multimax = poolAttentionStats(comparisons.map((comparison) => comparison.multimax.attention[layerIndex] as AttentionStats));
    statsRows.push([String(layer.layer), layer.softmaxNode, String(softmax.rows), ...formatStatsChange(softmax, multimax)]);
  });
  lines.push(...formatTable(statsRows, [2]).map((line) => `  ${line}`));

  lines.push(`  sparsity: share of attention probabilities below ${SPARSITY_THRESHOLD}; entropy: −Σ p·ln p.`);
  lines.push('  Both are means over attention rows (one per head and query position), pooled over images.');
  return lines;
}

function formatStatsChange(softmax: AttentionStats | undefined, multimax: AttentionStats | undefined): [string, string] {
  if (softmax === undefined || multimax === undefined) return ['-', '-'];
  return [
    formatChange(formatPercent(softmax.meanSparsity), formatPercent(multimax.meanSparsity), 5),
    formatChange(formatNats(softmax.meanEntropy), formatNats(multimax.meanEntropy), 4),
  ];
}

function describeAction(action: PlannedSite['action']): string {
  if (action === 'identity') return 'unchanged (identity params)';
  return 'unchanged (no target in the params file)';
}
