import type { ModulatorParams } from '@multimax/core';

import type { NodeProto } from '../io/proto.js';
import { readScalarConstant } from '../ir/constant-value.js';
import type { Graph } from '../ir/graph.js';

/** A σ that another tool wrote into the graph as plain ops, e.g. torch.onnx.export of a MultiMax-trained model. */
export interface InlineModulator {
  /** The scores σ reads. */
  input: string;
  /** The value σ writes. */
  output: string;
  params: ModulatorParams;
  /** Every node of the σ subgraph; each feeds only other σ nodes, except the one writing `output`. */
  nodes: NodeProto[];
}

interface Term {
  /** Index into ranges/ts: 0 below and 1 above (first order), 2 below and 3 above (second order). */
  slot: number;
  x: string;
  range: number;
  coefficient: number;
  nodes: NodeProto[];
}

/**
 * Recognizes `x + Σ t·max(r − x, 0)^k` and `t·max(x − r, 0)^k` (k = 1, 2) written as Add, Mul, Relu,
 * Sub, and Pow or Mul for squares, with scalar constants, and reads its params back.
 * NOTE: the affine variant σ(scale·x + bias) written inline is not recognized.
 */
export function parseInlineModulator(graph: Graph, output: string): InlineModulator | undefined {
  const addends: string[] = [];
  const addNodes: NodeProto[] = [];
  collectAddends(graph, output, addends, addNodes, true);
  if (addNodes.length === 0) return undefined;

  const terms: Term[] = [];
  const others: string[] = [];
  for (const addend of addends) {
    const term = parseTerm(graph, addend);
    if (term === undefined) others.push(addend);
    else terms.push(term);
  }

  // Exactly one addend is x itself, and every term reads that x.
  const [x] = others;
  if (others.length !== 1 || x === undefined || terms.length === 0 || terms.some((term) => term.x !== x)) return undefined;
  const slots = new Set(terms.map((term) => term.slot));
  if (slots.size !== terms.length) return undefined;

  const secondOrder = terms.some((term) => term.slot >= 2);
  const size = secondOrder ? 4 : 2;
  const ranges = new Array<number>(size).fill(0);
  const ts = new Array<number>(size).fill(0);
  for (const term of terms) {
    ranges[term.slot] = term.range;
    ts[term.slot] = term.coefficient;
  }

  const nodes = [...addNodes, ...terms.flatMap((term) => term.nodes)];
  if (!feedsOnlyEachOther(graph, nodes, output)) return undefined;
  return { input: x, output, params: { ranges, ts }, nodes };
}

function collectAddends(graph: Graph, value: string, addends: string[], nodes: NodeProto[], root: boolean): void {
  const node = graph.producer(value);
  const isSum = node?.opType === 'Add' && node.input.length === 2 && (root || graph.consumers(value).length === 1);
  if (!isSum || node === undefined) {
    addends.push(value);
    return;
  }
  nodes.push(node);
  for (const input of node.input) collectAddends(graph, input, addends, nodes, false);
}

/** Parses `t·h`, `h·t` with h = hinge or hinge², hinge = Relu(Sub(r, x)) or Relu(Sub(x, r)). */
function parseTerm(graph: Graph, value: string): Term | undefined {
  const product = graph.producer(value);
  if (product?.opType !== 'Mul' || product.input.length !== 2) return undefined;
  const [left = '', right = ''] = product.input;
  const leftConstant = readScalarConstant(graph, left);
  const rightConstant = readScalarConstant(graph, right);
  const coefficient = leftConstant ?? rightConstant;
  const hingeValue = leftConstant !== undefined ? right : left;
  if (coefficient === undefined) return undefined;

  const squared = parseSquare(graph, hingeValue);
  const hinge = parseHinge(graph, squared?.base ?? hingeValue);
  if (hinge === undefined) return undefined;

  const slot = (squared ? 2 : 0) + (hinge.below ? 0 : 1);
  return { slot, x: hinge.x, range: hinge.range, coefficient, nodes: [product, ...(squared?.nodes ?? []), ...hinge.nodes] };
}

function parseSquare(graph: Graph, value: string): { base: string; nodes: NodeProto[] } | undefined {
  const node = graph.producer(value);
  if (node?.opType === 'Mul' && node.input[0] !== undefined && node.input[0] === node.input[1]) return { base: node.input[0], nodes: [node] };
  if (node?.opType === 'Pow' && node.input[0] !== undefined && readScalarConstant(graph, node.input[1] ?? '') === 2) return { base: node.input[0], nodes: [node] };
  return undefined;
}

function parseHinge(graph: Graph, value: string): { below: boolean; x: string; range: number; nodes: NodeProto[] } | undefined {
  const relu = graph.producer(value);
  if (relu?.opType !== 'Relu') return undefined;
  const difference = graph.producer(relu.input[0] ?? '');
  if (difference?.opType !== 'Sub') return undefined;

  const [minuend = '', subtrahend = ''] = difference.input;
  const minuendConstant = readScalarConstant(graph, minuend);
  const subtrahendConstant = readScalarConstant(graph, subtrahend);
  if (minuendConstant !== undefined && subtrahendConstant === undefined) return { below: true, x: subtrahend, range: minuendConstant, nodes: [relu, difference] };
  if (subtrahendConstant !== undefined && minuendConstant === undefined) return { below: false, x: minuend, range: subtrahendConstant, nodes: [relu, difference] };
  return undefined;
}

/** Returns whether every value the nodes write, except `output`, is read only by those nodes. */
function feedsOnlyEachOther(graph: Graph, nodes: NodeProto[], output: string): boolean {
  const members = new Set(nodes);
  return nodes.every((node) =>
    node.output.every((value) => value === output || (!graph.isGraphOutput(value) && graph.consumers(value).every((consumer) => members.has(consumer)))),
  );
}
