import { allFixtures, toOrtFeeds, writeFixture } from '@multimax/testing';
import type { Tensor } from 'onnxruntime-node';

import { ocrFeeds, ocrModelPath } from './ocr-model.js';

/** A model the GPU check runs on every device, with its sample inputs. */
export interface CheckModel {
  name: string;
  /** A path, or bytes for fixtures without external data. */
  model: string | Uint8Array;
  feeds(): Record<string, Tensor>;
}

/**
 * PP-OCRv4 and every @multimax/testing fixture. Fixtures with external data are written to
 * `folder`, since they load only from a path.
 */
export async function loadCheckModels(folder: string): Promise<CheckModel[]> {
  const models: CheckModel[] = [{ name: 'PP-OCRv4 rec', model: ocrModelPath(), feeds: () => ocrFeeds() }];

  for (const fixture of allFixtures()) {
    const model = fixture.externalData === undefined ? fixture.bytes : await writeFixture(fixture, folder);
    models.push({ name: fixture.name, model, feeds: () => toOrtFeeds(fixture.inputs(1)) });
  }
  return models;
}
