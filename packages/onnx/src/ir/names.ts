import type { GraphProto, ModelProto } from '../io/proto.js';
import { subgraphsOf } from './graph.js';

/**
 * Generates value, node and initializer names that are unique in the whole model, subgraphs and
 * functions included, because ONNX resolves a subgraph's free names in its outer scopes.
 */
export class NameGenerator {
  private readonly taken = new Set<string>();
  private readonly prefix: string;

  /**
   * With `prefix`, only names that start with it are collected, and only such names can be
   * generated: a large model then costs one string comparison per name instead of a set entry.
   */
  constructor(model: ModelProto, options: { prefix?: string } = {}) {
    this.prefix = options.prefix ?? '';
    if (model.graph !== undefined) this.collectGraph(model.graph);
    for (const fn of model.functions) {
      this.take(fn.name);
      for (const node of fn.node) this.collectNodeNames(node.name, node.input, node.output);
    }
  }

  /** Returns `base` if it is free, else `base_1`, `base_2`, …; the name is reserved either way. */
  unique(base: string): string {
    this.checkPrefix(base);
    let name = base;
    for (let suffix = 1; this.taken.has(name); suffix++) name = `${base}_${suffix}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    this.checkPrefix(name);
    return this.taken.has(name);
  }

  private checkPrefix(name: string): void {
    if (!name.startsWith(this.prefix)) throw new Error(`name ${JSON.stringify(name)} does not start with this generator's prefix ${JSON.stringify(this.prefix)}`);
  }

  private take(name: string): void {
    if (name !== '' && name.startsWith(this.prefix)) this.taken.add(name);
  }

  private collectGraph(graph: GraphProto): void {
    for (const values of [graph.input, graph.output, graph.valueInfo, graph.initializer]) {
      for (const value of values) this.take(value.name);
    }
    for (const node of graph.node) {
      this.collectNodeNames(node.name, node.input, node.output);
      for (const subgraph of subgraphsOf(node)) this.collectGraph(subgraph.graph);
    }
  }

  private collectNodeNames(nodeName: string, inputs: readonly string[], outputs: readonly string[]): void {
    this.take(nodeName);
    for (const name of inputs) this.take(name);
    for (const name of outputs) this.take(name);
  }
}
