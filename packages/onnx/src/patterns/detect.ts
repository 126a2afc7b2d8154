import type { NodeProto } from '../io/proto.js';
import type { Graph } from '../ir/graph.js';
import { type InlineModulator, parseInlineModulator } from './inline-modulator.js';
import type { InsertionPoint, MaskOperand, SitePattern, SoftmaxKind } from './site.js';
import { reachesGraphOutput, SHAPE_OPS, traceLogits, traceScores } from './trace.js';

export interface DetectedPattern {
  kind: SoftmaxKind;
  pattern: SitePattern;
  insertion: InsertionPoint;
  guarded: boolean;
  /** The mask operands stepped over, nearest the Softmax first. */
  masks: MaskOperand[];
  /** A σ already in the graph at the insertion point, written as plain ops by another tool. */
  inline?: InlineModulator;
}

/**
 * Classifies one Softmax/LogSoftmax node and finds where σ goes: on the scores branch, before any
 * additive or Where mask, because σ of an already masked entry (−∞ or −3.4e38) gives NaN or overflow.
 */
export function detectPattern(graph: Graph, softmax: NodeProto): DetectedPattern {
  const softmaxInput = softmax.input[0] ?? '';
  let insertion: InsertionPoint = { consumer: softmax, inputIndex: 0, value: softmaxInput };
  let suffix = '';

  // fp16 exports compute Softmax in float32: Cast(to float) → Softmax → Cast(back). Look through it.
  const castIn = graph.producer(softmaxInput);
  if (castIn?.opType === 'Cast' && castIn.input[0] !== undefined) {
    insertion = { consumer: castIn, inputIndex: 0, value: castIn.input[0] };
    suffix = '+cast';
  }

  const masks: string[] = [];
  const maskOperands: MaskOperand[] = [];
  for (let depth = 0; depth < 4; depth++) {
    const shifted = skipReshapes(graph, insertion);
    // A σ written inline is a sum too, and must not be mistaken for a mask Add.
    if (parseInlineModulator(graph, shifted.value) !== undefined) {
      insertion = shifted;
      break;
    }
    const step = stepOverMask(graph, shifted.value);
    if (step === undefined) break;
    masks.push(step.mask);
    maskOperands.push({ kind: step.mask === 'add-mask' ? 'add' : 'where', value: step.maskValue });
    insertion = step.insertion;
  }

  const scores = resolveScores(graph, insertion.value);
  if (scores !== undefined) {
    const pattern = masks.length === 0 ? 'scores' : `scores+${[...masks].reverse().join('+')}`;
    const inlineSuffix = scores.inline ? '+inline-multimax' : '';
    return { kind: 'attention', pattern: pattern + suffix + inlineSuffix, insertion, guarded: false, masks: maskOperands, ...(scores.inline ? { inline: scores.inline } : {}) };
  }

  if (masks.length === 0 && traceLogits(graph, insertion.value) !== undefined && softmax.output.some((output) => reachesGraphOutput(graph, output))) {
    return { kind: 'output', pattern: `logits${suffix}`, insertion, guarded: false, masks: [] };
  }

  // Nothing recognized: σ on the Softmax input itself, guarded against masks we could not see.
  return { kind: 'other', pattern: 'unrecognized', insertion: { consumer: softmax, inputIndex: 0, value: softmaxInput }, guarded: true, masks: [] };
}

/**
 * Moves an insertion point above shape-only ops, as in Whisper's view(b, h, t, s) + mask followed
 * by view(b·h, t, s). Only ops whose output feeds nothing else are crossed, so no other consumer
 * reads modulated values.
 */
function skipReshapes(graph: Graph, insertion: InsertionPoint): InsertionPoint {
  let current = insertion;
  for (let depth = 0; depth < 4; depth++) {
    const node = graph.producer(current.value);
    const input = node?.input[0];
    if (node === undefined || input === undefined || !SHAPE_OPS.has(node.opType)) break;
    if (graph.consumers(current.value).length !== 1 || graph.isGraphOutput(current.value)) break;
    current = { consumer: node, inputIndex: 0, value: input };
  }
  return current;
}

interface MaskStep {
  mask: 'add-mask' | 'where-mask';
  insertion: InsertionPoint;
  /** The additive mask, or the fill value of a Where. */
  maskValue: string;
}

/**
 * If `value` is `Add(scores, mask)` or `Where(condition, scores, fill)` with exactly one side leading
 * to the QKᵀ product (possibly through further masks), returns the scores side.
 */
function stepOverMask(graph: Graph, value: string): MaskStep | undefined {
  const node = graph.producer(value);
  if (node === undefined) return undefined;

  if (node.opType === 'Add' && node.input.length === 2) {
    const index = scoresSide(graph, node, [0, 1]);
    if (index === undefined) return undefined;
    return { mask: 'add-mask', insertion: { consumer: node, inputIndex: index, value: node.input[index] ?? '' }, maskValue: node.input[1 - index] ?? '' };
  }

  if (node.opType === 'Where' && node.input.length === 3) {
    const index = scoresSide(graph, node, [1, 2]);
    if (index === undefined) return undefined;
    return { mask: 'where-mask', insertion: { consumer: node, inputIndex: index, value: node.input[index] ?? '' }, maskValue: node.input[3 - index] ?? '' };
  }

  return undefined;
}

function scoresSide(graph: Graph, node: NodeProto, candidates: [number, number]): number | undefined {
  const leads = candidates.map((index) => leadsToScores(graph, node.input[index] ?? '', 3));
  if (leads[0] === leads[1]) return undefined;
  return leads[0] ? candidates[0] : candidates[1];
}

/**
 * Returns whether `value` is the scaled scores, or a σ written inline on them; undefined when
 * neither.
 */
function resolveScores(graph: Graph, value: string): { inline: InlineModulator | undefined } | undefined {
  if (traceScores(graph, value) !== undefined) return { inline: undefined };
  const inline = parseInlineModulator(graph, value);
  if (inline !== undefined && traceScores(graph, inline.input) !== undefined) return { inline };
  return undefined;
}

function leadsToScores(graph: Graph, value: string, maskDepth: number): boolean {
  if (resolveScores(graph, value) !== undefined) return true;
  if (maskDepth === 0) return false;
  const step = stepOverMask(graph, value);
  return step !== undefined && leadsToScores(graph, step.insertion.value, maskDepth - 1);
}
