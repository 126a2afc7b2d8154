import { exposeValues, ModelError, type ModelProto, type PatchResult, readPatchRecord, type SoftmaxSite } from '@multimax/onnx';

/** Attention layers to expose: layer numbers as params selectors count them, or 'all'. */
export interface ProbeRequest {
  layers: readonly number[] | 'all';
}

/** The extra model output that carries one attention layer's probabilities (its Softmax output). */
export interface ProbeOutput {
  layer: number;
  softmax: string;
  output: string;
}

/**
 * Adds the probabilities of the requested attention layers as extra graph outputs, after the original
 * outputs, and returns the output name of each layer. Call it after patchModel: a masked attention
 * Softmax may have been renamed, and the probe must read the value its consumers read.
 * Layers inside If/Loop/Scan bodies raise ModelError, because subgraph values cannot be graph outputs.
 */
export function exposeAttentionProbes(model: ModelProto, patch: PatchResult, request: ProbeRequest, source: string): ProbeOutput[] {
  const attention = patch.plan.map((planned) => planned.site).filter((site) => site.kind === 'attention');
  const selected = selectLayers(attention, request, source);

  const nested = selected.filter((site) => site.graph.parent !== undefined);
  if (nested.length > 0) {
    const names = nested.map((site) => `layer ${site.layer} (${site.name} in ${site.graph.path})`).join(', ');
    const mainLayers = attention.filter((site) => site.graph.parent === undefined).map((site) => site.layer);
    throw new ModelError('unsupported', `cannot probe attention ${names}: values inside If/Loop/Scan bodies cannot be model outputs; probe main-graph layers only (${mainLayers.join(', ') || 'none'})`, { file: source });
  }

  // patchModel renames the Softmax output of a masked layer to `raw`. The node that zeroes fully
  // masked rows writes the original name, which the consumers read.
  const zeroedOutputs = new Map((readPatchRecord(model, source)?.sites ?? []).flatMap((site) => (site.probabilities ? [[site.probabilities.raw, site.probabilities.original] as const] : [])));
  const probes = selected.map((site) => {
    const softmaxOutput = site.node.output[0] ?? '';
    return { layer: site.layer, softmax: site.name, output: zeroedOutputs.get(softmaxOutput) ?? softmaxOutput };
  });

  exposeValues(model, probes.map((probe) => probe.output), source);
  return probes;
}

function selectLayers(attention: SoftmaxSite[], request: ProbeRequest, source: string): SoftmaxSite[] {
  if (request.layers === 'all') return attention;

  const available = attention.map((site) => site.layer);
  const invalid = request.layers.filter((layer) => !available.includes(layer));
  if (invalid.length > 0) {
    const invalidLayers = invalid.length === 1 ? `layer ${invalid[0]}, which is not an attention layer` : `layers ${invalid.join(', ')}, which are not attention layers`;
    throw new ModelError('params', `probes.layers contains ${invalidLayers} of the model; its attention layers are ${available.join(', ') || '(none)'}`, { file: source });
  }
  const requested = new Set(request.layers);
  return attention.filter((site) => requested.has(site.layer));
}

/** Raises TypeError unless `probes.layers` is 'all' or an array of non-negative integers. */
export function validateProbeRequest(request: ProbeRequest): void {
  const { layers } = request;
  if (layers === 'all') return;
  if (!Array.isArray(layers) || !layers.every((layer) => Number.isInteger(layer) && layer >= 0)) {
    throw new TypeError(`invalid probes.layers ${JSON.stringify(layers)}; expected 'all' or an array of attention layer numbers (non-negative integers)`);
  }
}
