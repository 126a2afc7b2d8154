import type { ModelProto, NodeProto } from '../io/proto.js';
import { removeUnusedFunctions } from '../emit/as-function.js';
import { Graph, walkGraphs } from '../ir/graph.js';
import { readPatchRecord, writePatchRecord } from './metadata.js';

/**
 * Removes every modulator a previous patch inserted, as listed in the model's patch record, and
 * points their consumers back at the original scores. Returns how many modulators were removed.
 * Patching again therefore replaces params instead of stacking modulators.
 */
export function removeModulators(model: ModelProto, source?: string): number {
  const record = readPatchRecord(model, source);
  if (record === undefined || model.graph === undefined) return 0;

  const prefixes = record.sites.map((site) => `${site.prefix}/`);
  const rewires = new Map(record.sites.map((site) => [site.output, site.input]));
  const renamedOutputs = new Map(record.sites.flatMap((site) => (site.probabilities ? [[site.probabilities.raw, site.probabilities.original] as const] : [])));
  const owned = (name: string) => prefixes.some((prefix) => name.startsWith(prefix));

  const foldsByNode = new Map(record.sites.flatMap((site) => (site.foldedScale ? [[site.foldedScale.node, { ...site.foldedScale, graph: site.graph }] as const] : [])));
  const calledOps = new Set<string>();
  walkGraphs(new Graph(model.graph), (graph) => {
    const removed = new Set<NodeProto>(graph.nodes.filter((node) => owned(node.name)));
    if (removed.size > 0) graph.removeNodes(removed);
    graph.proto.initializer = graph.proto.initializer.filter((tensor) => !owned(tensor.name));
    graph.proto.valueInfo = graph.proto.valueInfo.filter((value) => !owned(value.name));

    // Subgraphs that read a σ output from an outer scope are rewired when the walk reaches them.
    for (const node of graph.nodes) {
      const fold = foldsByNode.get(node.name);
      if (fold !== undefined && fold.graph === graph.path) node.input[fold.inputIndex] = fold.original;
      node.input = node.input.map((input) => rewires.get(input) ?? input);
      node.output = node.output.map((output) => renamedOutputs.get(output) ?? output);
    }
    graph.reindex();
    for (const node of graph.nodes) calledOps.add(node.opType);
  });
  removeUnusedFunctions(model, calledOps);

  writePatchRecord(model, []);
  return record.sites.length;
}
