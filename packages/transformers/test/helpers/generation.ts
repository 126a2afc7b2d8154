import { LogitsProcessorList, pipeline } from '@huggingface/transformers';

import type { MultiMaxLogitsProcessor } from '../../src/node/index.js';

/** The prompt, in the fixture BPE vocabulary. */
export const PROMPT = 'the cat sat on the mat';

/** Generates 10 tokens greedily and returns the generated text, prompt included. */
export async function generateGreedily(modelId: string, logitsProcessor?: MultiMaxLogitsProcessor): Promise<string> {
  const processors = new LogitsProcessorList();
  if (logitsProcessor !== undefined) processors.push(logitsProcessor);

  const generator = await pipeline('text-generation', modelId, { dtype: 'fp32' });
  try {
    const output = (await generator(PROMPT, { max_new_tokens: 10, do_sample: false, logits_processor: processors })) as Array<{ generated_text: string }>;
    return output[0]?.generated_text ?? '';
  } finally {
    await generator.dispose();
  }
}
