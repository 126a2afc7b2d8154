import { createModelFolders, MODELS, type ModelFolders } from '../helpers/model-folders.js';
import { generateGreedily, PROMPT } from '../helpers/generation.js';
import { useLocalModels } from '../helpers/pipelines.js';
import { ATTENTION_PARAMS, IDENTITY_PARAMS, LOGITS_PARAMS } from '../helpers/test-params.js';
import { installMultiMax, MultiMaxLogitsProcessor } from '../../src/node/index.js';

let folders: ModelFolders;
let baseline: string;

beforeAll(async () => {
  folders = await createModelFolders();
  useLocalModels(folders);
  baseline = await generateGreedily(MODELS.generator);
});

afterAll(() => folders.remove());

describe('text-generation pipeline', () => {
  test('baseline generates past the prompt', () => {
    expect(baseline.startsWith(PROMPT)).toBe(true);
    expect(baseline.length).toBeGreaterThan(PROMPT.length);
  });

  test('identity params give the unpatched text', async () => {
    const installation = installMultiMax({ params: IDENTITY_PARAMS });
    try {
      expect(await generateGreedily(MODELS.generator, new MultiMaxLogitsProcessor(IDENTITY_PARAMS))).toBe(baseline);
    } finally {
      installation.uninstall();
    }
  });

  test('attention params give the twin text', async () => {
    const twin = await generateGreedily(MODELS.generatorTwin);
    const installation = installMultiMax({ params: ATTENTION_PARAMS });
    try {
      expect(await generateGreedily(MODELS.generator)).toBe(twin);
    } finally {
      installation.uninstall();
    }
    expect(twin).not.toBe(baseline);
  });

  test('logits processor gives the logits twin text', async () => {
    const twin = await generateGreedily(MODELS.generatorLogitsTwin);
    const installation = installMultiMax({ params: ATTENTION_PARAMS });
    try {
      expect(await generateGreedily(MODELS.generator, new MultiMaxLogitsProcessor(LOGITS_PARAMS))).toBe(twin);
    } finally {
      installation.uninstall();
    }

    // σ on the logits changes the greedy choice, so the comparison above can fail.
    expect(twin).not.toBe(await generateGreedily(MODELS.generatorTwin));
  });
});
