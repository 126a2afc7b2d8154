// Runs a text-classification pipeline with MultiMax in headless Chromium, on WebGPU and on wasm,
// and compares the scores with the same pipeline in Node.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { Page } from 'playwright-core';

import { installMultiMax } from '../../src/node/index.js';
import { createModelFolders, MODELS, maxAbsDifference, type ModelFolders } from '../helpers/model-folders.js';
import { classificationScores, SENTENCES, useLocalModels } from '../helpers/pipelines.js';
import { ATTENTION_PARAMS } from '../helpers/test-params.js';
import { bundleTestPage } from './harness/bundle-page.js';
import { type ChromiumSession, launchChromium } from './harness/chromium.js';
import { type StaticServer, startStaticServer } from './harness/static-server.js';
import { probeWebGpu } from './harness/webgpu-probe.js';
import type { ClassificationRequest, ClassificationResult } from './page/main.js';

// First WebGPU runs compile shaders on the CPU (SwiftShader), which takes seconds.
jest.setTimeout(180_000);

const webGpu = probeWebGpu();
// onnxruntime-web's Node entry lies in its dist folder, next to the .mjs and .wasm files the page loads.
const ORT_DIST = dirname(require.resolve('onnxruntime-web'));
const TOLERANCE = 1e-4;

let folders: ModelFolders;
let pageFolder: string;
let bundleInputs: string[];
let server: StaticServer;
let chromium: ChromiumSession;
let page: Page;
let nodeScores: number[];
const pageErrors: string[] = [];

beforeAll(async () => {
  folders = await createModelFolders();
  useLocalModels(folders);
  const installation = installMultiMax({ params: ATTENTION_PARAMS });
  try {
    nodeScores = await classificationScores(MODELS.classifier);
  } finally {
    installation.uninstall();
  }

  pageFolder = await mkdtemp(join(tmpdir(), 'multimax-transformers-page-'));
  bundleInputs = await bundleTestPage(pageFolder);
  server = await startStaticServer({ '/models/': folders.root, '/ort/': ORT_DIST, '/': pageFolder });
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => 'multimaxTest' in globalThis, undefined, { timeout: 20_000 }).catch((error: unknown) => {
    throw new Error(`The test page did not start: ${pageErrors.join('; ') || String(error)}`);
  });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await rm(pageFolder, { recursive: true, force: true });
  await folders?.remove();
});

function classifyInPage(device: ClassificationRequest['device']): Promise<ClassificationResult> {
  const request: ClassificationRequest = { device, modelId: MODELS.classifier, sentences: SENTENCES, params: ATTENTION_PARAMS };
  return page.evaluate((pageRequest) => {
    const harness = (globalThis as unknown as { multimaxTest: { classify(request: ClassificationRequest): Promise<ClassificationResult> } }).multimaxTest;
    return harness.classify(pageRequest);
  }, request);
}

function expectPatchedModelReport(result: ClassificationResult): void {
  const model = result.reports.find((report) => report.kind === 'model');
  expect(model?.patched).toBe(2);
  expect(model?.location?.modelId).toBe(MODELS.classifier);
  expect(model?.location?.fileName).toBe('onnx/model.onnx');
}

describe('browser entry in Chromium', () => {
  test('bundle imports no Node modules', () => {
    expect(bundleInputs.filter((input) => input.startsWith('node:') || input.includes('/src/node/'))).toEqual([]);
  });

  test('wasm scores match Node', async () => {
    const result = await classifyInPage('wasm');

    expectPatchedModelReport(result);
    expect(maxAbsDifference(result.scores, nodeScores)).toBeLessThan(TOLERANCE);
  });

  // Runs after the wasm case, so the model comes from the browser cache and its URL is found there.
  (webGpu.available ? test : test.skip)(`webgpu scores match Node (adapter: ${webGpu.description})`, async () => {
    const result = await classifyInPage('webgpu');

    expectPatchedModelReport(result);
    const modelRequests = server.requests.filter((path) => path.endsWith('/onnx/model.onnx'));
    expect(modelRequests).toHaveLength(1);
    expect(maxAbsDifference(result.scores, nodeScores)).toBeLessThan(TOLERANCE);
  });
});
