// Evaluates patched variants of the recognizer on the samples, for the params search.
import type { ParamsFile } from '@multimax/core';

import { type AttentionStats, poolAttentionStats } from './attention-stats.js';
import type { PreparedSample, RecognizerAssets } from './demo-setup.js';
import { evaluateSamples } from './evaluate.js';
import { buildModelVariant } from './model-variants.js';
import { Recognizer } from './recognizer.js';

export interface VariantScore {
  texts: string[];
  /** Samples whose text equals the SoftMax model's text. */
  agreeing: number;
  /** Attention stats pooled over all samples, indexed by attention layer. */
  attention: AttentionStats[];
}

/**
 * Runs model variants over a fixed sample set and compares their texts with the original model's.
 * Scores are cached by params, because the search's margin check often repeats another grid setting.
 */
export class VariantEvaluator {
  private baselineTexts: string[] | undefined;
  private readonly scores = new Map<string, VariantScore>();

  constructor(
    private readonly assets: RecognizerAssets,
    private readonly samples: readonly PreparedSample[],
  ) {}

  /** Evaluates `params`, or the original SoftMax model when undefined. The first call must be the original. */
  async evaluate(params: ParamsFile | undefined): Promise<VariantScore> {
    const key = JSON.stringify(params ?? null);
    const cached = this.scores.get(key);
    if (cached !== undefined) return cached;

    const score = await this.run(params);
    this.scores.set(key, score);
    return score;
  }

  private async run(params: ParamsFile | undefined): Promise<VariantScore> {
    const { modelBytes, attentionLayers, classes } = this.assets;
    const variant = buildModelVariant(modelBytes, attentionLayers, params === undefined ? {} : { params });
    const recognizer = await Recognizer.create(variant.bytes, classes);

    try {
      const results = await evaluateSamples(recognizer, attentionLayers, this.samples);
      const texts = results.map((result) => result.text);
      if (params === undefined) this.baselineTexts ??= texts;

      const baselineTexts = this.baselineTexts;
      if (baselineTexts === undefined) throw new Error('evaluate the original model (params undefined) before any patched variant');

      const agreeing = texts.filter((text, index) => text === baselineTexts[index]).length;
      const attention = attentionLayers.map((_, layerIndex) => poolAttentionStats(results.map((result) => result.attention[layerIndex] as AttentionStats)));
      return { texts, agreeing, attention };
    } finally {
      await recognizer.release();
    }
  }
}
