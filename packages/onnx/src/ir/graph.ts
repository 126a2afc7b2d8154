import type { AttributeProto, GraphProto, NodeProto } from '../io/proto.js';
import { AttributeType } from '../io/proto.js';

/**
 * A view over one GraphProto that indexes producers and consumers of each value. The proto stays the
 * source of truth: edits go through the methods below, which keep the indexes in step.
 * Subgraphs (If/Loop/Scan bodies) get their own Graph with `parent` set; names from outer scopes
 * appear in a subgraph as inputs without a producer.
 */
export class Graph {
  readonly proto: GraphProto;
  readonly parent: Graph | undefined;
  /** Location for messages, e.g. `main` or `main/If_0:then_branch`. */
  readonly path: string;

  private readonly producerOf = new Map<string, NodeProto>();
  private readonly consumersOf = new Map<string, NodeProto[]>();
  private readonly inputNames = new NameIndex();
  private readonly outputNames = new NameIndex();
  private readonly initializerNames = new NameIndex();

  constructor(proto: GraphProto, parent?: Graph, path = 'main') {
    this.proto = proto;
    this.parent = parent;
    this.path = path;
    this.reindex();
  }

  get nodes(): readonly NodeProto[] {
    return this.proto.node;
  }

  /** Rebuilds the producer and consumer indexes from the proto. */
  reindex(): void {
    this.producerOf.clear();
    this.consumersOf.clear();
    for (const node of this.proto.node) this.indexNode(node);
  }

  producer(value: string): NodeProto | undefined {
    return this.producerOf.get(value);
  }

  consumers(value: string): readonly NodeProto[] {
    return this.consumersOf.get(value) ?? [];
  }

  isGraphOutput(value: string): boolean {
    return this.outputNames.has(this.proto.output, value);
  }

  isGraphInput(value: string): boolean {
    return this.inputNames.has(this.proto.input, value);
  }

  isInitializer(value: string): boolean {
    return this.initializerNames.has(this.proto.initializer, value);
  }

  /** Returns whether the value is a constant: an initializer of this or an outer graph, or a Constant node output. */
  isConstant(value: string): boolean {
    const producer = this.producer(value);
    if (producer !== undefined) return producer.opType === 'Constant' && producer.domain === '';
    if (this.isInitializer(value) && !this.isGraphInput(value)) return true;
    return this.parent?.isConstant(value) ?? false;
  }

  /** Inserts `added` right before `anchor` in the node list, which keeps a topological order. */
  insertBefore(anchor: NodeProto, added: readonly NodeProto[]): void {
    const at = this.proto.node.indexOf(anchor);
    if (at < 0) throw new Error(`node ${anchor.name || anchor.opType} is not in graph ${this.path}`);
    this.proto.node.splice(at, 0, ...added);
    for (const node of added) this.indexNode(node);
  }

  /**
   * Inserts `added` right after `anchor`; `added` must read only values produced up to `anchor`.
   * The anchor's outputs are indexed again, so a caller may rename them first and let an added node
   * take over an old name. Only these nodes are indexed, which keeps patching a large graph linear.
   */
  insertAfter(anchor: NodeProto, added: readonly NodeProto[]): void {
    const at = this.proto.node.indexOf(anchor);
    if (at < 0) throw new Error(`node ${anchor.name || anchor.opType} is not in graph ${this.path}`);
    this.proto.node.splice(at + 1, 0, ...added);
    for (const output of anchor.output) if (output !== '') this.producerOf.set(output, anchor);
    for (const node of added) this.indexNode(node);
  }

  /** Removes nodes and drops them from the indexes. */
  removeNodes(removed: ReadonlySet<NodeProto>): void {
    this.proto.node = this.proto.node.filter((node) => !removed.has(node));
    this.reindex();
  }

  /** Points input `index` of `node` at `value`. */
  setInput(node: NodeProto, index: number, value: string): void {
    const previous = node.input[index];
    if (previous === undefined) throw new Error(`node ${node.name} has no input ${index}`);
    node.input[index] = value;

    const remaining = (this.consumersOf.get(previous) ?? []).filter((consumer) => consumer !== node || node.input.includes(previous));
    this.consumersOf.set(previous, remaining);
    const consumers = this.consumersOf.get(value) ?? [];
    if (!consumers.includes(node)) consumers.push(node);
    this.consumersOf.set(value, consumers);
  }

  private indexNode(node: NodeProto): void {
    for (const output of node.output) {
      if (output !== '') this.producerOf.set(output, node);
    }
    for (const input of node.input) {
      if (input === '') continue;
      const consumers = this.consumersOf.get(input);
      if (consumers === undefined) this.consumersOf.set(input, [node]);
      else if (!consumers.includes(node)) consumers.push(node);
    }
    // Values read inside a subgraph from this graph's scope count as consumed by the node that owns it.
    for (const subgraph of subgraphsOf(node)) {
      for (const name of outerNamesReadBy(subgraph.graph)) {
        const consumers = this.consumersOf.get(name) ?? [];
        if (!consumers.includes(node)) consumers.push(node);
        this.consumersOf.set(name, consumers);
      }
    }
  }
}

/**
 * The names of a list of named protos (inputs, outputs, initializers), rebuilt when the list is
 * replaced or changes length. Detection checks names against these lists at every step of every
 * trace, and scanning a large model's initializers each time made planning quadratic.
 *
 * NOTE: renaming an entry in place, without replacing the list or changing its length, leaves the
 * index stale. The rewriter only appends entries and filters lists into new ones.
 */
class NameIndex {
  private list: readonly { name: string }[] | undefined;
  private length = 0;
  private names = new Set<string>();

  has(list: readonly { name: string }[], name: string): boolean {
    if (list !== this.list || list.length !== this.length) {
      this.names = new Set(list.map((entry) => entry.name));
      this.list = list;
      this.length = list.length;
    }
    return this.names.has(name);
  }
}

/** A subgraph attribute of a node: If's then/else branches, Loop and Scan bodies, or any custom op's graphs. */
export interface SubgraphRef {
  attribute: AttributeProto;
  graph: GraphProto;
  /** `then_branch`, `body`, or `graphs[2]` for a GRAPHS attribute. */
  label: string;
}

const NO_SUBGRAPHS: readonly SubgraphRef[] = Object.freeze([]);

export function subgraphsOf(node: NodeProto): readonly SubgraphRef[] {
  // Most nodes have no graph attribute; they share one empty list instead of allocating their own.
  if (!node.attribute.some((attribute) => attribute.type === AttributeType.GRAPH || attribute.type === AttributeType.GRAPHS)) return NO_SUBGRAPHS;
  const found: SubgraphRef[] = [];
  for (const attribute of node.attribute) {
    if (attribute.type === AttributeType.GRAPH && attribute.g !== undefined) {
      found.push({ attribute, graph: attribute.g, label: attribute.name });
    }
    if (attribute.type === AttributeType.GRAPHS) {
      attribute.graphs.forEach((graph, index) => {
        found.push({ attribute, graph, label: `${attribute.name}[${index}]` });
      });
    }
  }
  return found;
}

/** Names a graph (and its nested subgraphs) reads without defining them: references to outer scopes. */
export function outerNamesReadBy(graph: GraphProto): Set<string> {
  const defined = new Set<string>();
  for (const input of graph.input) defined.add(input.name);
  for (const tensor of graph.initializer) defined.add(tensor.name);
  for (const node of graph.node) for (const output of node.output) defined.add(output);

  const read = new Set<string>();
  for (const node of graph.node) {
    for (const input of node.input) if (input !== '' && !defined.has(input)) read.add(input);
    for (const subgraph of subgraphsOf(node)) {
      for (const name of outerNamesReadBy(subgraph.graph)) if (!defined.has(name)) read.add(name);
    }
  }
  for (const output of graph.output) if (!defined.has(output.name)) read.add(output.name);
  return read;
}

/** Visits a graph and every subgraph below it, parents first. */
export function walkGraphs(root: Graph, visit: (graph: Graph) => void): void {
  visit(root);
  for (const node of root.proto.node) {
    for (const subgraph of subgraphsOf(node)) {
      const nodeLabel = node.name || `${node.opType}@${root.proto.node.indexOf(node)}`;
      walkGraphs(new Graph(subgraph.graph, root, `${root.path}/${nodeLabel}:${subgraph.label}`), visit);
    }
  }
}
