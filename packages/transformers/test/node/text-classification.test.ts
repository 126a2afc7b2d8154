import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { serializeParamsFile } from '@multimax/core';

import { createModelFolders, MODELS, maxAbsDifference, type ModelFolders } from '../helpers/model-folders.js';
import { classificationScores, useLocalModels } from '../helpers/pipelines.js';
import { ATTENTION_PARAMS, attentionParamsFile, IDENTITY_PARAMS } from '../helpers/test-params.js';
import { installMultiMax, type SessionReport } from '../../src/node/index.js';

let folders: ModelFolders;
let baseline: number[];

beforeAll(async () => {
  folders = await createModelFolders();
  useLocalModels(folders);
  baseline = await classificationScores(MODELS.classifier);
});

afterAll(() => folders.remove());

describe('text-classification pipeline', () => {
  test('identity params give the unpatched scores', async () => {
    const reports: SessionReport[] = [];
    const installation = installMultiMax({ params: IDENTITY_PARAMS, onSession: (report) => reports.push(report) });
    try {
      expect(await classificationScores(MODELS.classifier)).toEqual(baseline);
    } finally {
      installation.uninstall();
    }

    const modelReports = reports.filter((report) => report.kind === 'model');
    expect(modelReports).toHaveLength(1);
    expect(modelReports[0]?.patched).toBe(0);
  });

  test('real params give the twin scores', async () => {
    const twin = await classificationScores(MODELS.classifierTwin);
    const installation = installMultiMax({ params: ATTENTION_PARAMS });
    let patched: number[];
    try {
      patched = await classificationScores(MODELS.classifier);
    } finally {
      installation.uninstall();
    }

    expect(maxAbsDifference(patched, twin)).toBeLessThan(1e-5);
    // The twin differs from the plain model, so the comparison above can fail.
    expect(maxAbsDifference(twin, baseline)).toBeGreaterThan(1e-3);
  });

  test('params file value and path give the same scores', async () => {
    const fromValue = installMultiMax({ params: attentionParamsFile(ATTENTION_PARAMS) });
    let valueScores: number[];
    try {
      valueScores = await classificationScores(MODELS.classifier);
    } finally {
      fromValue.uninstall();
    }

    const paramsPath = join(folders.root, 'params.json');
    await writeFile(paramsPath, serializeParamsFile(attentionParamsFile(ATTENTION_PARAMS)));
    const fromPath = installMultiMax({ params: paramsPath });
    try {
      expect(await classificationScores(MODELS.classifier)).toEqual(valueScores);
    } finally {
      fromPath.uninstall();
    }
  });

  test('uninstall restores the unpatched scores', async () => {
    const installation = installMultiMax({ params: ATTENTION_PARAMS });
    installation.uninstall();

    expect(await classificationScores(MODELS.classifier)).toEqual(baseline);
  });
});
