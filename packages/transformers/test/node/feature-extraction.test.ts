import { createModelFolders, MODELS, maxAbsDifference, type ModelFolders } from '../helpers/model-folders.js';
import { sentenceEmbeddings, useLocalModels } from '../helpers/pipelines.js';
import { ATTENTION_PARAMS, IDENTITY_PARAMS } from '../helpers/test-params.js';
import { installMultiMax } from '../../src/node/index.js';

let folders: ModelFolders;
let baseline: number[];

beforeAll(async () => {
  folders = await createModelFolders();
  useLocalModels(folders);
  baseline = await sentenceEmbeddings(MODELS.features);
});

afterAll(() => folders.remove());

describe('feature-extraction pipeline', () => {
  test('identity params give the unpatched embeddings', async () => {
    const installation = installMultiMax({ params: IDENTITY_PARAMS });
    try {
      expect(await sentenceEmbeddings(MODELS.features)).toEqual(baseline);
    } finally {
      installation.uninstall();
    }
  });

  test('real params give the twin embeddings', async () => {
    const twin = await sentenceEmbeddings(MODELS.featuresTwin);
    const installation = installMultiMax({ params: ATTENTION_PARAMS });
    let patched: number[];
    try {
      patched = await sentenceEmbeddings(MODELS.features);
    } finally {
      installation.uninstall();
    }

    expect(maxAbsDifference(patched, twin)).toBeLessThan(1e-5);
    expect(maxAbsDifference(twin, baseline)).toBeGreaterThan(1e-3);
  });
});
