// Loading shared by the demo, the params search and the tests: the model, its classes and the samples.
import { readFile } from 'node:fs/promises';

import { parseCharacterList } from '@multimax/ppocr';
import { type AttentionLayer, findAttentionLayers } from './model-variants.js';
import { CHARACTER_LIST_PATH, RECOGNIZER_MODEL_PATH, SAMPLES_DIR, SAMPLES_MANIFEST_PATH } from './paths.js';
import { preprocessImage, type RecognizerInput } from './preprocess.js';
import { readSampleImages, type SampleImage } from './samples.js';

export interface RecognizerAssets {
  /** The original model file. Model variants decode views into it, so it must stay unchanged. */
  modelBytes: Uint8Array;
  classes: string[];
  attentionLayers: AttentionLayer[];
}

export interface PreparedSample extends SampleImage {
  input: RecognizerInput;
}

export async function loadRecognizerAssets(): Promise<RecognizerAssets> {
  const modelBytes = new Uint8Array(await readFile(RECOGNIZER_MODEL_PATH));
  const classes = parseCharacterList(await readFile(CHARACTER_LIST_PATH, 'utf8'));
  const attentionLayers = findAttentionLayers(modelBytes);
  if (attentionLayers.length === 0) {
    throw new Error(`${RECOGNIZER_MODEL_PATH}: no attention Softmax found; expected the PP-OCRv4 recognizer with 2 attention layers`);
  }
  return { modelBytes, classes, attentionLayers };
}

/** Reads and preprocesses every PNG in `dir` (default samples/). */
export async function prepareSamples(dir = SAMPLES_DIR, manifestPath = SAMPLES_MANIFEST_PATH): Promise<PreparedSample[]> {
  const images = await readSampleImages(dir, manifestPath);
  if (images.length === 0) {
    throw new Error(`no PNG images in ${dir}; run \`npm run samples -w @multimax/ocr-demo\` to render them`);
  }

  const prepared: PreparedSample[] = [];
  for (const image of images) prepared.push({ ...image, input: await preprocessImage(image.path) });
  return prepared;
}
