import { cp } from 'node:fs/promises';
import { join } from 'node:path';

import { matmul, Tensor } from '@huggingface/transformers';

import { moveToExternalData } from '../helpers/external-data-model.js';
import { createModelFolders, MODELS, maxAbsDifference, type ModelFolders } from '../helpers/model-folders.js';
import { classificationScores, useLocalModels } from '../helpers/pipelines.js';
import { ATTENTION_PARAMS } from '../helpers/test-params.js';
import { installMultiMax, type SessionReport } from '../../src/node/index.js';

let folders: ModelFolders;
let baseline: number[];
let twin: number[];

beforeAll(async () => {
  folders = await createModelFolders();
  useLocalModels(folders);
  baseline = await classificationScores(MODELS.classifier);
  twin = await classificationScores(MODELS.classifierTwin);
});

afterAll(() => folders.remove());

/** Runs `body` with MultiMax installed and returns the session reports. */
async function withMultiMax(options: Parameters<typeof installMultiMax>[0], body: () => Promise<void>): Promise<SessionReport[]> {
  const reports: SessionReport[] = [];
  const installation = installMultiMax({ ...options, onSession: (report) => reports.push(report) });
  try {
    await body();
  } finally {
    installation.uninstall();
  }
  return reports;
}

describe('session interception', () => {
  test('patches every attention layer of the model session', async () => {
    const reports = await withMultiMax({ params: ATTENTION_PARAMS }, async () => {
      await classificationScores(MODELS.classifier);
    });

    const model = reports.find((report) => report.kind === 'model');
    expect(model?.patched).toBe(2);
    expect(model?.paramsOrigin).toBe('options');
    expect(model?.location).toEqual({
      modelId: MODELS.classifier,
      fileName: 'onnx/model.onnx',
      folder: join(folders.root, MODELS.classifier),
      source: join(folders.root, MODELS.classifier, 'onnx', 'model.onnx'),
    });
  });

  test('leaves internal operator sessions unpatched', async () => {
    const reports = await withMultiMax({ params: ATTENTION_PARAMS }, async () => {
      // matmul runs as a transformers.js operator session, created on first use; no pipeline here uses it.
      const matrix = new Tensor('float32', new Float32Array([1, 2, 3, 4]), [2, 2]);
      const product = await matmul(matrix, matrix);
      expect(Array.from(product.data as Float32Array)).toEqual([7, 10, 15, 22]);
    });

    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'internal', patched: 0, location: undefined });
  });

  test('patches a model once per content and params', async () => {
    const reports = await withMultiMax({ params: ATTENTION_PARAMS }, async () => {
      await classificationScores(MODELS.classifier);
      await classificationScores(MODELS.classifier);
    });

    const models = reports.filter((report) => report.kind === 'model');
    expect(models.map((report) => report.cached)).toEqual([false, true]);
  });

  test('rejects a second installation', () => {
    const first = installMultiMax({ params: ATTENTION_PARAMS });
    try {
      expect(() => installMultiMax({ params: ATTENTION_PARAMS })).toThrow(/already installed/);
    } finally {
      first.uninstall();
    }

    installMultiMax({ params: ATTENTION_PARAMS }).uninstall();
  });

  test('rejects invalid params at install time', () => {
    expect(() => installMultiMax({ params: { ranges: [0], ts: [1, 2] } })).toThrow(/invalid MultiMax params/);
    installMultiMax({ params: ATTENTION_PARAMS }).uninstall();
  });

  test('reports a missing params file when a model loads', async () => {
    const installation = installMultiMax({ params: join(folders.root, 'missing.json') });
    try {
      await expect(classificationScores(MODELS.classifier)).rejects.toThrow(/Failed to read MultiMax params file .*missing\.json/);
    } finally {
      installation.uninstall();
    }
  });
});

describe('model params file', () => {
  test('multimax.json beside config.json applies', async () => {
    const withParamsTwin = await classificationScores(MODELS.classifierWithParamsTwin);
    let scores: number[] = [];
    const reports = await withMultiMax({}, async () => {
      scores = await classificationScores(MODELS.classifierWithParams);
    });

    expect(maxAbsDifference(scores, withParamsTwin)).toBeLessThan(1e-5);
    expect(maxAbsDifference(withParamsTwin, baseline)).toBeGreaterThan(1e-3);
    expect(reports.find((report) => report.kind === 'model')?.paramsOrigin).toBe('model-params-file');
  });

  test('caller params override multimax.json', async () => {
    let scores: number[] = [];
    await withMultiMax({ params: ATTENTION_PARAMS }, async () => {
      scores = await classificationScores(MODELS.classifierWithParams);
    });

    // bert-classifier-with-params has the weights of bert-classifier.
    expect(maxAbsDifference(scores, twin)).toBeLessThan(1e-5);
  });

  test('useModelParams false ignores multimax.json', async () => {
    let scores: number[] = [];
    await withMultiMax({ useModelParams: false }, async () => {
      scores = await classificationScores(MODELS.classifierWithParams);
    });

    expect(scores).toEqual(baseline);
  });

  test('resolver gets model id and file name', async () => {
    const calls: Array<[string, string]> = [];
    const resolver = (modelId: string, fileName: string) => {
      calls.push([modelId, fileName]);
      return modelId === MODELS.classifier ? ATTENTION_PARAMS : null;
    };

    let patched: number[] = [];
    let deferred: number[] = [];
    await withMultiMax({ params: resolver }, async () => {
      patched = await classificationScores(MODELS.classifier);
      deferred = await classificationScores(MODELS.classifierWithParams);
    });

    expect(calls).toEqual([
      [MODELS.classifier, 'onnx/model.onnx'],
      [MODELS.classifierWithParams, 'onnx/model.onnx'],
    ]);
    expect(maxAbsDifference(patched, twin)).toBeLessThan(1e-5);
    // null defers to the model's multimax.json.
    expect(maxAbsDifference(deferred, await classificationScores(MODELS.classifierWithParamsTwin))).toBeLessThan(1e-5);
  });
});

describe('external data', () => {
  test('patched model finds its external initializers', async () => {
    const modelId = 'bert-classifier-external-data';
    await cp(join(folders.root, MODELS.classifier), join(folders.root, modelId), { recursive: true });
    await moveToExternalData(join(folders.root, modelId));
    expect(maxAbsDifference(await classificationScores(modelId), baseline)).toBeLessThan(1e-6);

    let scores: number[] = [];
    const reports = await withMultiMax({ params: ATTENTION_PARAMS }, async () => {
      scores = await classificationScores(modelId);
    });

    expect(reports.find((report) => report.kind === 'model')?.patched).toBe(2);
    expect(maxAbsDifference(scores, twin)).toBeLessThan(1e-5);
  });
});
