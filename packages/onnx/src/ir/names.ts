import type { GraphProto, ModelProto } from '../io/proto.js';
import { subgraphsOf } from './graph.js';

/**
 * Generates value, node and initializer names that are unique in the whole model, subgraphs and
 * functions included, because ONNX resolves a subgraph's free names in its outer scopes.
 */
export class NameGenerator {
  private readonly taken = new Set<string>();

  constructor(model: ModelProto) {
    if (model.graph !== undefined) this.collectGraph(model.graph);
    for (const fn of model.functions) {
      this.taken.add(fn.name);
      for (const node of fn.node) this.collectNodeNames(node.name, node.input, node.output);
    }
  }

  /** Returns `base` if it is free, else `base_1`, `base_2`, …; the name is reserved either way. */
  unique(base: string): string {
    let name = base;
    for (let suffix = 1; this.taken.has(name); suffix++) name = `${base}_${suffix}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  private collectGraph(graph: GraphProto): void {
    for (const value of [...graph.input, ...graph.output, ...graph.valueInfo]) this.taken.add(value.name);
    for (const tensor of graph.initializer) this.taken.add(tensor.name);
    for (const node of graph.node) {
      this.collectNodeNames(node.name, node.input, node.output);
      for (const subgraph of subgraphsOf(node)) this.collectGraph(subgraph.graph);
    }
  }

  private collectNodeNames(nodeName: string, inputs: readonly string[], outputs: readonly string[]): void {
    if (nodeName !== '') this.taken.add(nodeName);
    for (const name of inputs) if (name !== '') this.taken.add(name);
    for (const name of outputs) if (name !== '') this.taken.add(name);
  }
}
