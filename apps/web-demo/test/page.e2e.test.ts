// Drives the built page in headless Chromium, as a user would: one page load, then typing, toggling,
// sliders, the head selector, the download button and the simplex view. The models run for real, on
// WebGPU (SwiftShader) when the browser has an adapter and on wasm otherwise.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseParamsFile } from '@multimax/core';
import type { Page } from 'playwright-core';

import { type LaunchedBrowser, launchChromium } from './support/browser';
import { APP_DIR, DIST_DIR, ensureBuilt } from './support/build';
import { type StaticServer, startStaticServer } from './support/static-server';

const ARTIFACTS_DIR = path.join(APP_DIR, 'test-artifacts');

// SwiftShader compiles WebGPU shaders on the CPU: on a 2-core x86-64 machine the first run of the
// model took about 13 s and later runs 5 to 7 s each. The limits leave room for a slower, shared one.
const PAGE_LOAD_TIMEOUT_MS = 300_000;
const STEP_TIMEOUT_MS = 180_000;

const TYPED_LINE = 'MultiMax attention';

/** A rendered sample line of the OCR demo and its text, for the upload. */
const UPLOADED_SAMPLE = { path: path.join(APP_DIR, '..', 'ocr-demo', 'samples', '02-hello-world.png'), text: 'Hello, World 2024' };

/** WEB_DEMO_BACKEND=wasm opens the page with ?backend=wasm, to test the fallback on a machine with WebGPU. */
const FORCE_WASM = process.env.WEB_DEMO_BACKEND === 'wasm';

type Side = 'softmax' | 'multimax';

let browser: LaunchedBrowser | undefined;
let server: StaticServer | undefined;
let page: Page;
const pageErrors: string[] = [];
const timings: Record<string, number | string> = {};

function requirePage(): Page {
  if (page === undefined) throw new Error('the page did not load; see the error of beforeAll');
  return page;
}

/** Returns the number of recognitions a side has shown so far, its data-result-count attribute. */
async function resultCount(side: Side): Promise<number> {
  return Number((await requirePage().getAttribute(`#side-${side}`, 'data-result-count')) ?? 0);
}

/**
 * Waits until `side` shows a recognition after its `previousCount`-th and the page is idle again.
 * Fails with the page's status line when the page reports an error instead.
 */
async function waitForResult(side: Side, previousCount: number, timeout = STEP_TIMEOUT_MS): Promise<void> {
  await requirePage().waitForFunction(
    ([sideName, previous]) => {
      const count = Number(document.getElementById(`side-${sideName}`)?.dataset.resultCount ?? 0);
      const state = document.body.dataset.state;
      return state === 'error' || (count > Number(previous) && state === 'ready');
    },
    [side, previousCount] as const,
    { timeout },
  );
  const state = await requirePage().getAttribute('body', 'data-state');
  const status = await requirePage().textContent('#status');
  expect({ state, status }).toMatchObject({ state: 'ready' });
}

async function recognizedText(side: Side): Promise<string> {
  return requirePage().$eval(`#${side}-text`, (output) => (output as HTMLOutputElement).value);
}

/** Reads the unrounded value behind a stats table cell, e.g. sparsity-multimax-0. */
async function statValue(cellId: string): Promise<number> {
  return Number(await requirePage().getAttribute(`#${cellId}`, 'data-value'));
}

async function canvasPixels(canvasId: string): Promise<string> {
  return requirePage().$eval(`#${canvasId}`, (canvas) => (canvas as HTMLCanvasElement).toDataURL('image/png'));
}

/** Saves a screenshot of the page from the top down to the end of the results section. */
async function screenshotResults(fileName: string): Promise<void> {
  const bottom = await requirePage().$eval('#results-heading', (heading) => {
    const section = heading.parentElement as HTMLElement;
    return section.getBoundingClientRect().bottom + window.scrollY;
  });
  await requirePage().screenshot({ path: path.join(ARTIFACTS_DIR, fileName), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 } });
}

beforeAll(async () => {
  ensureBuilt();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  server = await startStaticServer(DIST_DIR);
  browser = await launchChromium();

  const newPage = browser.context.pages()[0] ?? (await browser.context.newPage());
  newPage.on('pageerror', (error) => pageErrors.push(error.message));
  newPage.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console error: ${message.text()}`);
  });

  const start = Date.now();
  await newPage.goto(FORCE_WASM ? `${server.url}?backend=wasm` : server.url);
  page = newPage;
  await waitForResult('multimax', 0, PAGE_LOAD_TIMEOUT_MS);
  timings.pageLoadToFirstResultMs = Date.now() - start;
}, PAGE_LOAD_TIMEOUT_MS + 30_000);

afterAll(async () => {
  if (page !== undefined) {
    timings.backend = (await page.getAttribute('#backend', 'data-backend')) ?? 'unknown';
    timings.pageTimings = (await page.textContent('#timings')) ?? '';
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'page-full.png'), fullPage: true });
  }
  await writeFile(path.join(ARTIFACTS_DIR, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`web demo e2e timings: ${JSON.stringify(timings)}`);

  await browser?.close();
  await server?.close();
});

describe('web demo page', () => {
  it('shows the backend that runs the models', async () => {
    const page = requirePage();
    const adapterFound = await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) != null);
    const backend = await page.getAttribute('#backend', 'data-backend');
    const label = (await page.textContent('#backend')) ?? '';

    if (FORCE_WASM) {
      expect(backend).toBe('wasm');
      expect(label).toContain('opened with ?backend=wasm');
    } else if (adapterFound) {
      expect(backend).toBe('webgpu');
      expect(label).toMatch(/^WebGPU \(/);
    } else {
      console.log(`This Chromium has no WebGPU adapter, so the page and this test ran on wasm: ${label}`);
      expect(backend).toBe('wasm');
      expect(label).toMatch(/^WebAssembly on the CPU/);
    }
  });

  it(
    'reads a typed line with both models',
    async () => {
      const page = requirePage();
      const before = await resultCount('multimax');
      const start = Date.now();
      await page.getByLabel('Line of text, rendered black on white').fill(TYPED_LINE);
      await waitForResult('multimax', before);
      timings.typedLineUpdateMs = Date.now() - start;

      // The recognizer may read the white margin as a leading space (see apps/ocr-demo's limits).
      expect((await recognizedText('softmax')).trim()).toBe(TYPED_LINE);
      expect((await recognizedText('multimax')).trim()).toBe(TYPED_LINE);
      expect(await page.textContent('#input-caption')).toContain(`"${TYPED_LINE}"`);
      await screenshotResults('explorer-shipped-params.png');
    },
    STEP_TIMEOUT_MS,
  );

  it('shows sparser attention with MultiMax', async () => {
    for (const layer of [0, 1]) {
      const softmaxSparsity = await statValue(`sparsity-softmax-${layer}`);
      const multimaxSparsity = await statValue(`sparsity-multimax-${layer}`);
      expect(multimaxSparsity - softmaxSparsity).toBeGreaterThan(0.2);
      expect(await statValue(`entropy-multimax-${layer}`)).toBeLessThan(await statValue(`entropy-softmax-${layer}`));
    }
    expect(await requirePage().textContent('#sparsity-multimax-0')).toMatch(/^\d+\.\d%$/);
  });

  it(
    'switches MultiMax off and on',
    async () => {
      const page = requirePage();
      const multimaxPixels = await canvasPixels('multimax-layer0-average');
      const toggle = page.getByLabel('Apply MultiMax on the right-hand side');

      let before = await resultCount('multimax');
      await toggle.uncheck();
      await waitForResult('multimax', before);
      expect(await page.textContent('#multimax-heading')).toBe('MultiMax off (original model)');
      expect(await recognizedText('multimax')).toBe(await recognizedText('softmax'));
      expect(await statValue('sparsity-multimax-0')).toBe(await statValue('sparsity-softmax-0'));
      expect(await canvasPixels('multimax-layer0-average')).toBe(await canvasPixels('softmax-layer0-average'));

      before = await resultCount('multimax');
      await toggle.check();
      await waitForResult('multimax', before);
      expect(await page.textContent('#multimax-heading')).toBe('MultiMax');
      expect(await canvasPixels('multimax-layer0-average')).toBe(multimaxPixels);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'reads an uploaded image',
    async () => {
      const page = requirePage();
      const before = await resultCount('multimax');
      const start = Date.now();
      await page.getByLabel('Or upload an image of one line of text').setInputFiles(UPLOADED_SAMPLE.path);
      await waitForResult('multimax', before);
      timings.uploadUpdateMs = Date.now() - start;

      expect((await recognizedText('softmax')).trim()).toBe(UPLOADED_SAMPLE.text);
      expect((await recognizedText('multimax')).trim()).toBe(UPLOADED_SAMPLE.text);
      expect(await page.textContent('#input-caption')).toContain('02-hello-world.png as the model reads it');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'updates the heatmap when a slider moves',
    async () => {
      const page = requirePage();
      const pixelsBefore = await canvasPixels('multimax-layer0-average');
      const sparsityBefore = await statValue('sparsity-multimax-0');
      const before = await resultCount('multimax');

      // Ten steps of 0.1 with the keyboard: ranges[0] of layer 0 goes from 1.8 to 0.8.
      const start = Date.now();
      await page.focus('#layer0-ranges0');
      for (let step = 0; step < 10; step++) await page.keyboard.press('ArrowLeft');
      await waitForResult('multimax', before);
      timings.sliderUpdateMs = Date.now() - start;

      expect(await page.textContent('#layer0-ranges0-value')).toBe('0.8 (tb = 0.8)');
      expect(await canvasPixels('multimax-layer0-average')).not.toBe(pixelsBefore);
      // A lower threshold leaves more scores on the identity part of σ, so fewer probabilities vanish.
      expect(await statValue('sparsity-multimax-0')).toBeLessThan(sparsityBefore);
      expect(await page.textContent('#multimax-note')).toContain('layer 0: ranges [0.8, 1.8], ts [−8, 0]');
      await screenshotResults('explorer-after-slider.png');
    },
    STEP_TIMEOUT_MS,
  );

  it('redraws another head without running a model', async () => {
    const page = requirePage();
    const pixelsBefore = await canvasPixels('multimax-layer1-head');
    const countBefore = await resultCount('multimax');

    await page.getByLabel('Head shown next to the head average').selectOption({ label: 'Head 3' });

    expect(await page.textContent('#multimax-layer1-head-caption')).toContain('layer 1, head 3');
    expect(await page.textContent('#softmax-layer1-head-caption')).toContain('layer 1, head 3');
    expect(await canvasPixels('multimax-layer1-head')).not.toBe(pixelsBefore);
    expect(await resultCount('multimax')).toBe(countBefore);
  });

  it('downloads the params the sliders show', async () => {
    const page = requirePage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download params file' }).click()]);
    expect(download.suggestedFilename()).toBe('pp-ocrv4.multimax.json');

    const downloadPath = path.join(ARTIFACTS_DIR, 'downloaded-params.json');
    await download.saveAs(downloadPath);
    const file = parseParamsFile(await readFile(downloadPath, 'utf8'), downloadPath);
    expect(file.targets.map((target) => [target.select, target.params])).toEqual([
      [{ kind: 'attention', layer: 0 }, { ranges: [0.8, 1.8], ts: [-8, 0] }],
      [{ kind: 'attention', layer: 1 }, { ranges: [0.1, 0.1], ts: [-8, 0] }],
    ]);
  });

  it('maps three scores onto the simplex', async () => {
    const page = requirePage();
    const rows = await page.$$eval('#simplex-table-body tr', (tableRows) =>
      tableRows.map((row) => ({ mapping: row.getAttribute('data-mapping'), cells: Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '') })),
    );

    expect(rows.map((row) => row.mapping)).toEqual(['softmax-t0.5', 'softmax-t1', 'softmax-t2', 'sparsemax', 'entmax15', 'multimax']);
    for (const row of rows) {
      const probabilities = row.cells.slice(0, 3).map(Number);
      expect(Math.abs(probabilities.reduce((sum, p) => sum + p, 0) - 1)).toBeLessThan(0.01);
    }
    // The initial scores 1.2, 1, 0.2: SparseMax gives the low score exactly 0, SoftMax never does.
    expect(rows.find((row) => row.mapping === 'sparsemax')?.cells[2]).toBe('0');
    expect(rows.find((row) => row.mapping === 'softmax-t1')?.cells[2]).not.toBe('0');

    await page.locator('section', { has: page.locator('#simplex-heading') }).screenshot({ path: path.join(ARTIFACTS_DIR, 'simplex-view.png') });

    const before = await page.textContent('#simplex-grid-multimax-caption');
    await page.focus('#simplex-params-ts0');
    await page.keyboard.press('Home');
    expect(await page.textContent('#simplex-params-ts0-value')).toBe('−8 (b = 9)');
    await page.waitForFunction((text) => document.getElementById('simplex-grid-multimax-caption')?.textContent !== text, before);
  });

  it('logs no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
