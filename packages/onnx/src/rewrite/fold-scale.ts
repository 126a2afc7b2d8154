import type { ModulatorParams } from '@multimax/core';

import { scalarTensor } from '../emit/constants.js';
import { readScalarConstant } from '../ir/constant-value.js';
import type { NameGenerator } from '../ir/names.js';
import type { SoftmaxSite } from '../patterns/site.js';

/** A scaling constant that absorbed σ's `scale`: `node.input[inputIndex]` read `original` before. */
export interface ScaleFold {
  node: string;
  inputIndex: number;
  original: string;
  scale: number;
}

/**
 * Folds σ's `scale` into the constant of the Mul or Div that produces the scores, which saves one
 * Mul per site. Only a positive power of two is folded, because multiplying or dividing by it is
 * exact in binary floating point (barring overflow), so the folded graph computes the same values.
 * The original constant stays as it is: the scaling node gets a new initializer.
 */
export function foldScale(site: SoftmaxSite, scores: string, params: ModulatorParams, prefix: string, names: NameGenerator): { params: ModulatorParams; fold: ScaleFold | undefined } {
  const scale = params.scale;
  const unchanged = { params, fold: undefined };
  if (scale === undefined || scale === 1 || !(scale > 0) || !Number.isInteger(Math.log2(scale))) return unchanged;

  const { graph } = site;
  const node = graph.producer(scores);
  if (node === undefined || node.name === '' || (node.opType !== 'Mul' && node.opType !== 'Div')) return unchanged;
  if (graph.consumers(scores).length !== 1 || graph.isGraphOutput(scores)) return unchanged;

  // Div scales only through its divisor; Mul may hold the constant on either side.
  const candidates = node.opType === 'Div' ? [1] : [1, 0];
  const inputIndex = candidates.find((index) => readScalarConstant(graph, node.input[index] ?? '') !== undefined);
  if (inputIndex === undefined || site.elementType === undefined) return unchanged;

  const original = node.input[inputIndex] ?? '';
  const constant = readScalarConstant(graph, original) ?? 1;
  const folded = node.opType === 'Mul' ? constant * scale : constant / scale;
  const name = names.unique(`${prefix}/folded_scale`);
  graph.proto.initializer.push(scalarTensor(name, folded, site.elementType));
  graph.setInput(node, inputIndex, name);

  const { scale: _folded, ...rest } = params;
  return { params: rest, fold: { node: node.name, inputIndex, original, scale } };
}
