import { env, pipeline } from '@huggingface/transformers';

import type { ModelFolders } from './model-folders.js';

/** Sentences made of the fixture tokenizer's words, of different lengths, so a batch is padded. */
export const SENTENCES = ['the cat sat on the mat.', 'i really love this film, it was great fun!', 'bad book'];

/** Loads models from the fixture folders only, as an offline application would. */
export function useLocalModels(folders: ModelFolders): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = folders.root;
}

/** Returns the text-classification scores of every label for each sentence, in label order. */
export async function classificationScores(modelId: string): Promise<number[]> {
  const classifier = await pipeline('text-classification', modelId, { dtype: 'fp32' });
  try {
    const output = (await classifier(SENTENCES, { top_k: null })) as Array<Array<{ label: string; score: number }>>;
    return output.flatMap((labels) => [...labels].sort((a, b) => a.label.localeCompare(b.label)).map((entry) => entry.score));
  } finally {
    await classifier.dispose();
  }
}

/** Returns the mean-pooled, normalized feature-extraction embeddings of the sentences, flattened. */
export async function sentenceEmbeddings(modelId: string): Promise<number[]> {
  const extractor = await pipeline('feature-extraction', modelId, { dtype: 'fp32' });
  try {
    const output = await extractor(SENTENCES, { pooling: 'mean', normalize: true });
    return Array.from(output.data as Float32Array);
  } finally {
    await extractor.dispose();
  }
}
