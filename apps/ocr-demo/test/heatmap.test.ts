import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { parseParamsFile } from '@multimax/core';
import sharp from 'sharp';

import { loadRecognizerAssets, type PreparedSample, prepareSamples, type RecognizerAssets } from '../src/demo-setup.js';
import { evaluateSamples, type SampleResult } from '../src/evaluate.js';
import { type AttentionMap, averageHeads, probabilityToColorScale, renderColorBar, renderHeatmap, type Rgb, viridis } from '../src/heatmap.js';
import { buildModelVariant, type VariantOptions } from '../src/model-variants.js';
import { PARAMS_PATH } from '../src/paths.js';
import { CELL_SIZE, writeAttentionPictures } from '../src/pictures.js';
import { Recognizer } from '../src/recognizer.js';

/** WCAG relative luminance of an sRGB colour, from 0 (black) to 1 (white). */
function relativeLuminance([red, green, blue]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

function pixelAt(data: Buffer, width: number, x: number, y: number): number[] {
  const offset = (y * width + x) * 3;
  return Array.from(data.subarray(offset, offset + 3));
}

describe('viridis', () => {
  test('endpoints are dark purple and yellow', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
  });

  test('clamps values outside 0..1 and NaN', () => {
    expect(viridis(-0.5)).toEqual(viridis(0));
    expect(viridis(1.5)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  test('luminance rises monotonically', () => {
    // 64 steps: finer ones can round to the same 8-bit colour.
    let previous = -1;
    for (let step = 0; step <= 64; step++) {
      const luminance = relativeLuminance(viridis(step / 64));
      expect(luminance).toBeGreaterThan(previous);
      previous = luminance;
    }
  });
});

describe('probabilityToColorScale', () => {
  test('maps 0.001 and below to 0, 1 to 1', () => {
    expect(probabilityToColorScale(0)).toBe(0);
    expect(probabilityToColorScale(0.0005)).toBe(0);
    expect(probabilityToColorScale(0.001)).toBe(0);
    expect(probabilityToColorScale(1)).toBeCloseTo(1, 12);
  });

  test('is logarithmic in between', () => {
    expect(probabilityToColorScale(0.01)).toBeCloseTo(1 / 3, 12);
    expect(probabilityToColorScale(0.1)).toBeCloseTo(2 / 3, 12);
  });
});

describe('averageHeads', () => {
  test('averages two heads of a 2 × 2 map', () => {
    const map = averageHeads({ data: new Float32Array([1, 0, 0.5, 0.5, 0, 1, 0.5, 0.5]), dims: [1, 2, 2, 2] });
    expect(map.queries).toBe(2);
    expect(map.keys).toBe(2);
    expect(Array.from(map.values)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  test('rejects a shape that does not match the data', () => {
    expect(() => averageHeads({ data: new Float32Array(5), dims: [1, 2, 2] })).toThrow('are not [..., queries, keys]');
  });
});

describe('renderHeatmap', () => {
  // Rows are queries, columns keys: query 0 looks only at key 1, query 1 splits evenly.
  const map: AttentionMap = { queries: 2, keys: 3, values: new Float32Array([0, 1, 0, 0.01, 0.1, 0.0001]) };
  const cellSize = 4;
  const image = renderHeatmap(map, cellSize);

  test('has cellSize pixels per cell and 3 channels', () => {
    expect(image.width).toBe(3 * cellSize);
    expect(image.height).toBe(2 * cellSize);
    expect(image.data.length).toBe(3 * cellSize * 2 * cellSize * 3);
  });

  test('colours each cell by its probability', () => {
    const darkest = [...viridis(0)];
    expect(pixelAt(image.data, image.width, 0, 0)).toEqual(darkest);
    expect(pixelAt(image.data, image.width, cellSize, 0)).toEqual([...viridis(1)]);
    expect(pixelAt(image.data, image.width, 2 * cellSize + 3, 3)).toEqual(darkest);
    expect(pixelAt(image.data, image.width, 0, cellSize)).toEqual([...viridis(1 / 3)]);
    expect(pixelAt(image.data, image.width, cellSize + 1, cellSize + 2)).toEqual([...viridis(2 / 3)]);
    expect(pixelAt(image.data, image.width, 3 * cellSize - 1, 2 * cellSize - 1)).toEqual(darkest);
  });

  test('fills a whole cell with one colour', () => {
    const corner = pixelAt(image.data, image.width, cellSize, 0);
    expect(pixelAt(image.data, image.width, 2 * cellSize - 1, cellSize - 1)).toEqual(corner);
  });

  test('encodes as a PNG with sharp raw input', async () => {
    const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .png()
      .toBuffer();
    const metadata = await sharp(png).metadata();
    expect(metadata.format).toBe('png');
    expect(metadata.width).toBe(image.width);
    expect(metadata.height).toBe(image.height);
  });
});

test('colour bar runs from viridis 0 to 1', () => {
  const bar = renderColorBar(5, 2);
  expect(pixelAt(bar.data, bar.width, 0, 1)).toEqual([...viridis(0)]);
  expect(pixelAt(bar.data, bar.width, 4, 1)).toEqual([...viridis(1)]);
});

describe('writeAttentionPictures', () => {
  let outputDir: string;

  beforeAll(async () => {
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'ocr-demo-pictures-'));
  });

  afterAll(async () => {
    await rm(outputDir, { recursive: true, force: true });
  });

  /** Runs one sample through one model variant, as main.ts does. */
  async function evaluateOneSample(assets: RecognizerAssets, sample: PreparedSample, options: VariantOptions): Promise<SampleResult> {
    const variant = buildModelVariant(assets.modelBytes, assets.attentionLayers, options);
    const recognizer = await Recognizer.create(variant.bytes, assets.classes);
    try {
      const [result] = await evaluateSamples(recognizer, assets.attentionLayers, [sample]);
      if (result === undefined) throw new Error('no result');
      return result;
    } finally {
      await recognizer.release();
    }
  }

  test('writes a PNG per sample', async () => {
    const assets = await loadRecognizerAssets();
    const [sample] = await prepareSamples();
    if (sample === undefined) throw new Error('no samples');
    const params = parseParamsFile(await readFile(PARAMS_PATH, 'utf8'), PARAMS_PATH);

    const softmax = await evaluateOneSample(assets, sample, {});
    const multimax = await evaluateOneSample(assets, sample, { params });
    const comparison = { file: sample.file, expectedText: sample.expectedText, softmax, multimax };
    const written = await writeAttentionPictures([{ imagePath: sample.path, comparison }], assets.attentionLayers, outputDir);

    expect(written).toEqual([path.join(outputDir, `${path.parse(sample.file).name}.heatmap.png`)]);

    const metadata = await sharp(written[0]).metadata();
    const map = softmax.attentionMaps[0] as AttentionMap;
    const panelSize = map.keys * CELL_SIZE;
    expect(metadata.format).toBe('png');
    // Two panel columns and three 16 px margins. The height also contains text rows, whose exact
    // size depends on font rendering, so it is bounded: the image, two map rows, and up to 400 px of text.
    expect(metadata.width).toBe(2 * panelSize + 3 * 16);
    expect(metadata.height).toBeGreaterThan(48 + 2 * panelSize);
    expect(metadata.height).toBeLessThan(48 + 2 * panelSize + 400);
  });
});
