import { create } from '@bufbuild/protobuf';

import { ModelError } from '../errors.js';
import type { ModelProto } from '../io/proto.js';
import { TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema } from '../io/proto.js';
import { inferElementTypes } from '../ir/element-types.js';
import { Graph } from '../ir/graph.js';

/**
 * Adds main-graph values (for example Softmax outputs, the attention probabilities) as extra graph
 * outputs, after the existing ones, so the original outputs keep their order and values.
 * Values inside subgraphs cannot be exposed this way and raise ModelError.
 */
export function exposeValues(model: ModelProto, values: readonly string[], source?: string): void {
  if (model.graph === undefined) return;
  const graph = new Graph(model.graph);
  const elementTypes = inferElementTypes(graph);

  for (const value of values) {
    if (graph.isGraphOutput(value)) continue;
    if (graph.producer(value) === undefined && !graph.isGraphInput(value) && !graph.isInitializer(value)) {
      throw new ModelError('invalid-graph', `cannot expose ${JSON.stringify(value)} as an output: no value of that name in the main graph (values inside If/Loop/Scan bodies cannot be exposed)`, { file: source });
    }
    const tensorType = create(TypeProto_TensorSchema, { elemType: elementTypes.get(value) ?? 0 });
    model.graph.output.push(create(ValueInfoProtoSchema, { name: value, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) }));
  }
}
