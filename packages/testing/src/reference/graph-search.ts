import type { GraphProto, ModelProto, NodeProto } from 'onnx-buf';

/** A node and the chain of graphs that contains it, outermost (the main graph) first. */
export interface LocatedNode {
  node: NodeProto;
  graphs: GraphProto[];
  /** For each graph after the first, the node that owns it as an attribute (e.g. an If) in the graph before. */
  owners: NodeProto[];
}

function* walkNodes(graph: GraphProto, graphs: GraphProto[], owners: NodeProto[]): Generator<LocatedNode> {
  const chain = [...graphs, graph];
  for (const node of graph.node) {
    yield { node, graphs: chain, owners };
    for (const attribute of node.attribute) {
      const subgraphs = attribute.g !== undefined ? [attribute.g, ...attribute.graphs] : attribute.graphs;
      for (const subgraph of subgraphs) yield* walkNodes(subgraph, chain, [...owners, node]);
    }
  }
}

/** Yields every node of the model, including nodes inside subgraphs, with where it sits. */
export function* allNodes(model: ModelProto): Generator<LocatedNode> {
  if (model.graph !== undefined) yield* walkNodes(model.graph, [], []);
}

/** Finds a node by name anywhere in the model. */
export function findNode(model: ModelProto, name: string): LocatedNode | undefined {
  for (const located of allNodes(model)) if (located.node.name === name) return located;
  return undefined;
}

/** Finds the node that produces a value anywhere in the model. */
export function findProducer(model: ModelProto, valueName: string): LocatedNode | undefined {
  for (const located of allNodes(model)) if (located.node.output.includes(valueName)) return located;
  return undefined;
}

/** Returns the model's ai.onnx opset version (the '' or 'ai.onnx' domain entry). */
export function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((opset) => opset.domain === '' || opset.domain === 'ai.onnx');
  if (entry === undefined) throw new Error('The model imports no ai.onnx opset.');
  return Number(entry.version);
}
