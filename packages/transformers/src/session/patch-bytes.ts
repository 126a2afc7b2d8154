import type { ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, Graph, listExternalData, patchModel, walkGraphs } from '@multimax/onnx';

/** The result of patching one model's bytes. */
export interface PatchedBytes {
  /** The patched model, or undefined when the patch changed nothing and the original bytes apply. */
  bytes: Uint8Array | undefined;
  patched: number;
  replaced: number;
  fusedAttentionOps: string[];
  /** Whether the model keeps initializers in external data files, which the session must be able to find. */
  hasExternalData: boolean;
}

// Fused attention kernels compute the softmax inside one node, so there is no Softmax to put σ in front of.
const FUSED_ATTENTION_OPS = new Set([
  'com.microsoft:Attention',
  'com.microsoft:MultiHeadAttention',
  'com.microsoft:GroupQueryAttention',
  'com.microsoft:PackedAttention',
  'com.microsoft:PackedMultiHeadAttention',
  'com.microsoft:DecoderMaskedMultiHeadAttention',
  'com.microsoft:DecoderMaskedSelfAttention',
  'com.microsoft:SparseAttention',
  'com.microsoft:PagedAttention',
  ':Attention',
]);

/**
 * Inserts MultiMax modulators into the model with @multimax/onnx. The patch is idempotent: the
 * modulators of an earlier patch are replaced, not stacked. `source` names the model in errors.
 */
export function patchModelBytes(bytes: Uint8Array, params: ParamsFile, source: string): PatchedBytes {
  const model = decodeModel(bytes, source);
  const fusedAttentionOps = findFusedAttentionOps(model);
  const hasExternalData = listExternalData(model).length > 0;

  const result = patchModel(model, params, { source });
  const changed = result.patched > 0 || result.replaced > 0;

  return {
    bytes: changed ? encodeModel(model) : undefined,
    patched: result.patched,
    replaced: result.replaced,
    fusedAttentionOps,
    hasExternalData,
  };
}

function findFusedAttentionOps(model: ReturnType<typeof decodeModel>): string[] {
  const found = new Set<string>();
  if (model.graph === undefined) return [];

  walkGraphs(new Graph(model.graph), (graph) => {
    for (const node of graph.proto.node) {
      const qualified = `${node.domain === 'ai.onnx' ? '' : node.domain}:${node.opType}`;
      if (FUSED_ATTENTION_OPS.has(qualified)) found.add(qualified.startsWith(':') ? node.opType : qualified);
    }
  });
  return [...found].sort();
}
