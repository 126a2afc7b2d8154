// Runs one model variant over the prepared samples and collects texts and attention statistics.
import { type AttentionStats, summarizeAttention } from './attention-stats.js';
import type { PreparedSample } from './demo-setup.js';
import type { AttentionLayer } from './model-variants.js';
import type { Recognizer } from './recognizer.js';

export interface SampleResult {
  file: string;
  text: string;
  /** Indexed like the `layers` argument of evaluateSamples. */
  attention: AttentionStats[];
}

/** Recognizes each sample in order. The recognizer's model must expose each layer's probabilities. */
export async function evaluateSamples(
  recognizer: Recognizer,
  layers: readonly AttentionLayer[],
  samples: readonly PreparedSample[],
): Promise<SampleResult[]> {
  const results: SampleResult[] = [];

  for (const sample of samples) {
    const recognition = await recognizer.recognize(sample.input);
    const attention = layers.map((layer) => {
      const probabilities = recognition.extraOutputs.get(layer.probabilitiesValue);
      if (probabilities === undefined) {
        throw new Error(`the model does not output ${layer.probabilitiesValue}; build it with buildModelVariant to expose the attention probabilities`);
      }
      return summarizeAttention(probabilities);
    });
    results.push({ file: sample.file, text: recognition.text, attention });
  }

  return results;
}
