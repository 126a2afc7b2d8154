import type { PatchResult, SiteAction, SoftmaxKind } from '@multimax/onnx';

/** One Softmax node of the model and what the patch did to it. */
export interface SoftmaxSummary {
  softmax: string;
  /** Graph path, `main` or e.g. `main/If_0:then_branch`. */
  graph: string;
  kind: SoftmaxKind;
  /** Index among the Softmax nodes of the same kind, the number params selectors and probes use. */
  layer: number;
  pattern: string;
  action: SiteAction;
  guarded: boolean;
}

/** A JSON-serializable digest of PatchResult, which the cache stores next to the patched model. */
export interface PatchSummary {
  /** Modulators inserted. */
  patched: number;
  /** Modulators of an earlier patch of the input model that were removed first. */
  replaced: number;
  sites: SoftmaxSummary[];
}

export function summarizePatch(result: PatchResult): PatchSummary {
  const sites = result.plan.map(({ site, action, guarded }) => ({
    softmax: site.name,
    graph: site.graph.path,
    kind: site.kind,
    layer: site.layer,
    pattern: site.pattern,
    action,
    guarded,
  }));
  return { patched: result.patched, replaced: result.replaced, sites };
}
