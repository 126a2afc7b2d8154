import type { GraphProto, ModelProto, TensorProto } from './proto.js';
import { DataLocation } from './proto.js';
import { subgraphsOf } from '../ir/graph.js';

/** The location of one tensor's bytes outside the model file, as its external_data entries give it. */
export interface ExternalDataReference {
  tensor: string;
  location: string;
  offset: number;
  /** Undefined when the entry gives no length (the data then runs to the end of the file). */
  length: number | undefined;
}

/** Lists the external data references of every initializer and Constant tensor, subgraphs included. */
export function listExternalData(model: ModelProto): ExternalDataReference[] {
  const references: ExternalDataReference[] = [];
  const visitTensor = (tensor: TensorProto) => {
    if (tensor.dataLocation !== DataLocation.EXTERNAL) return;
    const entries = new Map(tensor.externalData.map((entry) => [entry.key, entry.value]));
    const length = entries.get('length');
    references.push({
      tensor: tensor.name,
      location: entries.get('location') ?? '',
      offset: Number(entries.get('offset') ?? 0),
      length: length === undefined ? undefined : Number(length),
    });
  };
  const visitGraph = (graph: GraphProto) => {
    graph.initializer.forEach(visitTensor);
    for (const node of graph.node) {
      for (const attribute of node.attribute) {
        if (attribute.t !== undefined) visitTensor(attribute.t);
        attribute.tensors.forEach(visitTensor);
      }
      for (const subgraph of subgraphsOf(node)) visitGraph(subgraph.graph);
    }
  };
  if (model.graph !== undefined) visitGraph(model.graph);
  return references;
}
