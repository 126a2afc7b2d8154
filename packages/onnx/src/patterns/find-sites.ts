import type { ModelProto, NodeProto } from '../io/proto.js';
import { type ElementTypeLookup, ElementTypeIndex } from '../ir/element-types.js';
import { Graph, subgraphsOf } from '../ir/graph.js';
import { opsetVersion } from '../ir/opset.js';
import { detectPattern } from './detect.js';
import type { SoftmaxKind, SoftmaxSite } from './site.js';

const SOFTMAX_OPS = new Set(['Softmax', 'LogSoftmax']);

/**
 * Finds every Softmax and LogSoftmax node of the model, subgraphs included, in topological order
 * (a subgraph's nodes count at the position of the node that owns it), and classifies each.
 */
export function findSoftmaxSites(model: ModelProto): SoftmaxSite[] {
  if (model.graph === undefined) return [];
  const opset = opsetVersion(model) ?? 0;
  const sites: SoftmaxSite[] = [];
  const layerCounters: Record<SoftmaxKind, number> = { attention: 0, output: 0, other: 0 };

  const visit = (graph: Graph, outerTypes: ElementTypeLookup | undefined) => {
    const elementTypes = new ElementTypeIndex(graph, outerTypes);

    graph.nodes.forEach((node, index) => {
      if (SOFTMAX_OPS.has(node.opType) && (node.domain === '' || node.domain === 'ai.onnx')) {
        const detected = detectPattern(graph, node);
        sites.push({
          graph,
          node,
          name: node.name || `${node.opType}@${graph.path}#${index}`,
          op: node.opType as SoftmaxSite['op'],
          axis: axisOf(node, opset),
          opset,
          kind: detected.kind,
          layer: layerCounters[detected.kind]++,
          pattern: detected.pattern,
          insertion: detected.insertion,
          guarded: detected.guarded,
          elementType: elementTypes.get(detected.insertion.value),
          feedingOps: node.input.map((input) => graph.producer(input)?.opType ?? (graph.isGraphInput(input) ? 'graph input' : 'initializer')),
          inline: detected.inline,
          masks: detected.masks,
          consumingOps: node.output.flatMap((output) => [...graph.consumers(output).map((consumer) => consumer.opType), ...(graph.isGraphOutput(output) ? ['graph output'] : [])]),
        });
      }

      for (const subgraph of subgraphsOf(node)) {
        const label = node.name || `${node.opType}@${index}`;
        visit(new Graph(subgraph.graph, graph, `${graph.path}/${label}:${subgraph.label}`), elementTypes);
      }
    });
  };

  visit(new Graph(model.graph), undefined);
  return sites;
}

function axisOf(node: NodeProto, opset: number): number {
  const attribute = node.attribute.find((candidate) => candidate.name === 'axis');
  if (attribute !== undefined) return Number(attribute.i);
  return opset < 13 ? 1 : -1;
}
