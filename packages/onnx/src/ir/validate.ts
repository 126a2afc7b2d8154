import { ModelError } from '../errors.js';
import type { GraphProto, ModelProto, NodeProto } from '../io/proto.js';
import { outerNamesReadBy, subgraphsOf } from './graph.js';

/**
 * Op domains whose ops onnxruntime implements: the ONNX standard domains and onnxruntime's own.
 * Domains of model-local functions count as known too.
 */
export const KNOWN_DOMAINS: ReadonlySet<string> = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'ai.onnx.training',
  'ai.onnx.preview.training',
  'com.microsoft',
  'com.microsoft.nchwc',
  'com.microsoft.experimental',
  'com.ms.internal.nhwc',
  'org.pytorch.aten',
  'ai.multimax',
]);

export interface ValidationOptions {
  /** Custom op domains to accept besides KNOWN_DOMAINS (their custom-op library must be loaded at run time). */
  allowDomains?: readonly string[];
  source?: string;
}

/**
 * Checks the structure the rewriter relies on and raises ModelError('invalid-graph') naming the
 * first problem: a value produced twice, a node input that nothing produces, a cycle, or an op from a
 * domain onnxruntime does not know. Subgraphs are checked with their outer scopes.
 */
export function validateModel(model: ModelProto, options: ValidationOptions = {}): void {
  if (model.graph === undefined) throw new ModelError('invalid-model', 'the model has no graph', { file: options.source });
  const domains = new Set([...KNOWN_DOMAINS, ...(options.allowDomains ?? []), ...model.functions.map((fn) => fn.domain)]);
  checkGraph(model.graph, { has: () => false }, domains, 'main', options.source);
}

interface Scope {
  has(name: string): boolean;
}

function checkGraph(graph: GraphProto, outer: Scope, domains: ReadonlySet<string>, path: string, source?: string): void {
  const fail = (message: string) => {
    throw new ModelError('invalid-graph', `graph ${path}: ${message}`, { file: source });
  };

  const declared = new Set<string>();
  for (const value of graph.input) declared.add(value.name);
  for (const tensor of graph.initializer) declared.add(tensor.name);
  const producerOf = new Map<string, NodeProto>();
  for (const node of graph.node) {
    for (const output of node.output) {
      if (output === '') continue;
      // A name may be both a graph input and an initializer (a default value), but no node may redefine it.
      if (producerOf.has(output) || declared.has(output)) {
        fail(`value ${JSON.stringify(output)} is produced more than once (again by node ${describe(node)}); each value must have one producer, so re-export the model`);
      }
      producerOf.set(output, node);
    }
  }

  // Subgraphs may read every value of this graph and of the scopes around it.
  const scope: Scope = { has: (name) => producerOf.has(name) || declared.has(name) || outer.has(name) };

  // Exporters write nodes in topological order, and then one pass proves the graph acyclic: every
  // value a node reads comes from an earlier node. Only a graph out of order needs Kahn's algorithm.
  const producedSoFar = new Set<string>();
  const readyAt = (name: string) => producedSoFar.has(name) || declared.has(name) || outer.has(name);
  let sorted = true;
  for (const node of graph.node) {
    if (!domains.has(node.domain)) {
      fail(`node ${describe(node)} uses op domain ${JSON.stringify(node.domain)}, which onnxruntime does not know; load its custom-op library at run time and allow the domain (--allow-domain ${node.domain})`);
    }
    for (const input of node.input) {
      if (input === '' || readyAt(input)) continue;
      if (!producerOf.has(input)) fail(`node ${describe(node)} reads ${JSON.stringify(input)}, which no node, input or initializer produces; the model is incomplete or corrupt`);
      sorted = false;
    }
    const subgraphs = subgraphsOf(node);
    for (const subgraph of subgraphs) checkGraph(subgraph.graph, scope, domains, `${path}/${describe(node)}:${subgraph.label}`, source);
    if (sorted && subgraphs.length > 0) {
      for (const subgraph of subgraphs) for (const name of outerNamesReadBy(subgraph.graph)) if (!readyAt(name)) sorted = false;
    }
    for (const output of node.output) if (output !== '') producedSoFar.add(output);
  }
  for (const output of graph.output) {
    if (!scope.has(output.name)) fail(`graph output ${JSON.stringify(output.name)} is not produced by any node, input or initializer`);
  }

  if (!sorted) checkAcyclic(graph, producerOf, fail);
}

/** Kahn's algorithm over the graph's own edges; node order need not be topological, cycles are errors. */
function checkAcyclic(graph: GraphProto, producerOf: ReadonlyMap<string, NodeProto>, fail: (message: string) => never): void {
  const dependencies = new Map<NodeProto, Set<NodeProto>>();
  const dependents = new Map<NodeProto, NodeProto[]>();
  for (const node of graph.node) {
    const reads = new Set(node.input);
    for (const subgraph of subgraphsOf(node)) for (const name of outerNamesReadBy(subgraph.graph)) reads.add(name);
    const producers = new Set<NodeProto>();
    for (const name of reads) {
      const producer = producerOf.get(name);
      if (producer !== undefined && producer !== node) producers.add(producer);
      if (producer === node) fail(`node ${describe(node)} reads its own output ${JSON.stringify(name)}; the graph has a cycle`);
    }
    dependencies.set(node, producers);
    for (const producer of producers) {
      const list = dependents.get(producer);
      if (list === undefined) dependents.set(producer, [node]);
      else list.push(node);
    }
  }

  const ready = graph.node.filter((node) => dependencies.get(node)?.size === 0);
  let visited = 0;
  while (ready.length > 0) {
    const node = ready.pop()!;
    visited++;
    for (const dependent of dependents.get(node) ?? []) {
      const remaining = dependencies.get(dependent)!;
      remaining.delete(node);
      if (remaining.size === 0) ready.push(dependent);
    }
  }
  if (visited < graph.node.length) {
    const stuck = graph.node.find((node) => (dependencies.get(node)?.size ?? 0) > 0);
    fail(`the graph has a cycle through node ${stuck ? describe(stuck) : '?'}; ONNX graphs must be acyclic, so re-export the model`);
  }
}

function describe(node: NodeProto): string {
  return node.name ? JSON.stringify(node.name) : `${node.opType} (unnamed)`;
}
