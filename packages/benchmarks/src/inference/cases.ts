import { readFileSync } from 'node:fs';

import { type ModulatorParams, uniformParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import { SeededRandom } from '@multimax/testing';
import * as ort from 'onnxruntime-node';

import { type BertShape, bertBaseShape, buildBert } from '../models/bert.js';
import { buildGpt2, type Gpt2Shape, gpt2SmallShape } from '../models/gpt2.js';
import { ocrInput, ocrModelPath } from '../models/ocr.js';

export type ModelKind = 'bert' | 'gpt2' | 'ocr';

/** One inference comparison: a model, its input size and the params σ gets. */
export interface InferenceCase {
  kind: ModelKind;
  batch: number;
  /** Tokens per sequence (BERT, GPT-2) or image width in pixels (OCR, height 48). */
  length: number;
  order: 'first' | 'second';
}

export const FIRST_ORDER: ModulatorParams = { ranges: [-1, 1], ts: [-0.6, 0.3] };
export const SECOND_ORDER: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-0.6, 0.3, -0.1, 0.02] };

/** Transformer layers of the BERT- and GPT-2-shaped models: enough for a realistic mix of ops, few enough to keep runs short. */
export function layerCount(quick: boolean): number {
  return quick ? 1 : 4;
}

export function fullInferenceCases(): InferenceCase[] {
  const cases: InferenceCase[] = [];
  for (const kind of ['bert', 'gpt2'] as const) {
    for (const length of [128, 512]) for (const batch of [1, 8]) cases.push({ kind, batch, length, order: 'first' });
  }
  cases.push({ kind: 'bert', batch: 8, length: 128, order: 'second' });
  cases.push({ kind: 'ocr', batch: 1, length: 320, order: 'first' }, { kind: 'ocr', batch: 8, length: 320, order: 'first' });
  return cases;
}

export function quickInferenceCases(): InferenceCase[] {
  return [
    { kind: 'bert', batch: 2, length: 16, order: 'first' },
    { kind: 'gpt2', batch: 2, length: 16, order: 'second' },
    { kind: 'ocr', batch: 1, length: 160, order: 'first' },
  ];
}

export function describeCase(inferenceCase: InferenceCase): string {
  const size = inferenceCase.kind === 'ocr' ? `[${inferenceCase.batch}, 3, 48, ${inferenceCase.length}]` : `batch ${inferenceCase.batch}, sequence ${inferenceCase.length}`;
  return `${modelLabel(inferenceCase.kind)}, ${size}, ${inferenceCase.order} order`;
}

/** Returns the input size as the tables show it: `[8, 3, 48, 320]` for the OCR model, `8 × 512` for batch × sequence. */
export function describeInput(inferenceCase: InferenceCase): string {
  return inferenceCase.kind === 'ocr' ? `[${inferenceCase.batch}, 3, 48, ${inferenceCase.length}]` : `${inferenceCase.batch} × ${inferenceCase.length}`;
}

export function modelLabel(kind: ModelKind): string {
  return { bert: 'BERT-base-shaped', gpt2: 'GPT-2-shaped', ocr: 'PP-OCRv4' }[kind];
}

/** Returns the shapes of the generated models, shrunk to hidden 64 in quick mode. */
export function modelShapes(quick: boolean): { bert: BertShape; gpt2: Gpt2Shape } {
  const layers = layerCount(quick);
  if (quick) {
    return {
      bert: { layers, hidden: 64, heads: 2, intermediate: 256, vocabSize: 512, maxPositions: 64 },
      gpt2: { layers, hidden: 64, heads: 2, vocabSize: 512, positions: 64 },
    };
  }
  return { bert: bertBaseShape(layers), gpt2: gpt2SmallShape(layers) };
}

/** Builds a model's bytes: the generated BERT or GPT-2 with seeded random weights, or the OCR file. */
export function buildModelBytes(kind: ModelKind, quick: boolean): Uint8Array {
  const shapes = modelShapes(quick);
  if (kind === 'bert') return buildBert(shapes.bert, { kind: 'random', seed: 1 }).model.toBytes();
  if (kind === 'gpt2') return buildGpt2(shapes.gpt2, { kind: 'random', seed: 2 }).model.toBytes();
  return new Uint8Array(readFileSync(ocrModelPath()));
}

/** Patches every attention Softmax with `params`; returns the bytes and the number of sites. */
export function patchBytes(bytes: Uint8Array, params: ModulatorParams): { bytes: Uint8Array; sites: number } {
  const model = decodeModel(bytes);
  const result = patchModel(model, uniformParamsFile(params));
  return { bytes: encodeModel(model), sites: result.patched };
}

/**
 * Builds the feeds of a case. Text models get random token ids, and batches of more than one get
 * padded rows (an eighth of the tokens masked on every other row), as a padded batch would.
 */
export function buildFeeds(inferenceCase: InferenceCase, quick: boolean): Record<string, ort.Tensor> {
  const { batch, length } = inferenceCase;
  if (inferenceCase.kind === 'ocr') return { x: new ort.Tensor('float32', ocrInput(batch, length), [batch, 3, 48, length]) };

  const shapes = modelShapes(quick);
  const vocabSize = inferenceCase.kind === 'bert' ? shapes.bert.vocabSize : shapes.gpt2.vocabSize;
  const random = new SeededRandom(batch * 1000 + length);
  const ids = new BigInt64Array(batch * length);
  const mask = new BigInt64Array(batch * length);
  for (let row = 0; row < batch; row++) {
    const tokens = row % 2 === 1 ? length - Math.floor(length / 8) : length;
    for (let position = 0; position < length; position++) {
      ids[row * length + position] = BigInt(random.integer(0, vocabSize));
      mask[row * length + position] = position < tokens ? 1n : 0n;
    }
  }

  const dims = [batch, length];
  const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, dims), attention_mask: new ort.Tensor('int64', mask, dims) };
  if (inferenceCase.kind === 'bert') feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch * length), dims);
  return feeds;
}
