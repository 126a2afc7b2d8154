// Composes one PNG per image with the attention maps of both models side by side, and writes them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import sharp, { type OverlayOptions } from 'sharp';

import type { SampleResult } from './evaluate.js';
import { formatNats, formatPercent } from './format.js';
import { COLOR_SCALE_MIN, renderColorBar, renderHeatmap, type RgbImage } from './heatmap.js';
import type { AttentionLayer } from './model-variants.js';
import { FONT_PATH } from './paths.js';
import { INPUT_HEIGHT } from './preprocess.js';
import { escapeMarkup } from './render.js';
import type { ImageComparison } from './report.js';

/** One image run through both models, and the image file the picture shows on top. */
export interface PictureSample {
  imagePath: string;
  comparison: ImageComparison;
}

/**
 * Pixels per attention cell. PP-OCRv4 makes about one sequence step per 8 input pixels at height 48,
 * so with 8 the key columns of a map sit under the part of the text image they come from.
 */
export const CELL_SIZE = 8;

/** Space around the picture and between the two columns, in pixels. */
const MARGIN = 16;
const COLOR_BAR_WIDTH = 300;
const COLOR_BAR_HEIGHT = 14;

/** A rectangle to paste onto the canvas: PNG bytes, or raw RGB pixels when `raw` is set. */
interface Block {
  input: Buffer;
  raw?: { width: number; height: number; channels: 3 };
  width: number;
  height: number;
}

/** A row of blocks: one block spans the picture from the left margin, two blocks fill the SoftMax and MultiMax columns. */
interface Row {
  blocks: Block[];
  gapAfter: number;
}

/** Writes `<sample>.heatmap.png` for each sample into `outputDir`, creating it, and returns the paths written. */
export async function writeAttentionPictures(samples: readonly PictureSample[], layers: readonly AttentionLayer[], outputDir: string): Promise<string[]> {
  await mkdir(outputDir, { recursive: true });

  const written: string[] = [];
  for (const sample of samples) {
    const picturePath = path.join(outputDir, `${path.parse(sample.comparison.file).name}.heatmap.png`);
    await writeFile(picturePath, await composeAttentionPicture(sample, layers));
    written.push(picturePath);
  }
  return written;
}

/**
 * Composes the PNG for one image: the recognized texts, the input image over each column, then per
 * attention layer the head-averaged map of SoftMax (left) and MultiMax (right), and a colour scale.
 */
export async function composeAttentionPicture(sample: PictureSample, layers: readonly AttentionLayer[]): Promise<Buffer> {
  const { softmax, multimax } = sample.comparison;
  const models: [string, SampleResult][] = [
    ['SoftMax', softmax],
    ['MultiMax', multimax],
  ];

  const rows: Row[] = [
    { blocks: [await renderText(sample.comparison.file, 18)], gapAfter: 4 },
    { blocks: [await renderText(`SoftMax reads ${JSON.stringify(softmax.text)}, MultiMax reads ${JSON.stringify(multimax.text)}`, 14)], gapAfter: 12 },
  ];

  // Both models see the same sequence, so the SoftMax map's width serves both columns.
  const firstMapKeys = softmax.attentionMaps[0]?.keys ?? 0;
  const textImage = await renderInputImage(sample.imagePath, Math.max(1, firstMapKeys * CELL_SIZE));
  rows.push({ blocks: [textImage, textImage], gapAfter: 16 });

  for (const [layerIndex, layer] of layers.entries()) {
    const titles: Block[] = [];
    const stats: Block[] = [];
    const heatmaps: Block[] = [];

    for (const [modelName, result] of models) {
      const map = result.attentionMaps[layerIndex];
      const layerStats = result.attention[layerIndex];
      if (map === undefined || layerStats === undefined) {
        throw new Error(`${sample.comparison.file}: no ${modelName} attention for layer ${layer.layer}; evaluateSamples must run with the same layers`);
      }

      titles.push(await renderText(`layer ${layer.layer} · ${modelName}`, 16));
      stats.push(await renderText(`sparsity ${formatPercent(layerStats.meanSparsity)} · entropy ${formatNats(layerStats.meanEntropy)} nats`, 14));
      heatmaps.push(rawBlock(renderHeatmap(map, CELL_SIZE)));
    }

    rows.push({ blocks: titles, gapAfter: 2 }, { blocks: stats, gapAfter: 6 }, { blocks: heatmaps, gapAfter: 16 });
  }

  rows.push(
    { blocks: [await renderColorScale()], gapAfter: 6 },
    { blocks: [await renderText(`Colour: attention probability averaged over the heads, log scale. The darkest colour is ${COLOR_SCALE_MIN} or less.`, 13)], gapAfter: 2 },
    { blocks: [await renderText('Rows: query positions, top to bottom. Columns: key positions, left to right, under the image part they come from.', 13)], gapAfter: 2 },
    { blocks: [await renderText('Sparsity and entropy are means over the rows of every head, as in the terminal report.', 13)], gapAfter: 0 },
  );

  return pasteRows(rows);
}

/** Places the rows top to bottom on a white canvas just large enough for them, and encodes it as PNG. */
async function pasteRows(rows: readonly Row[]): Promise<Buffer> {
  const leftColumnWidth = Math.max(0, ...rows.filter((row) => row.blocks.length === 2).map((row) => row.blocks[0]?.width ?? 0));
  const columnLefts = [MARGIN, MARGIN + leftColumnWidth + MARGIN];

  const overlays: OverlayOptions[] = [];
  let top = MARGIN;
  let right = 0;
  for (const row of rows) {
    row.blocks.forEach((block, column) => {
      const left = columnLefts[column] ?? MARGIN;
      overlays.push({ input: block.input, ...(block.raw === undefined ? {} : { raw: block.raw }), left, top });
      right = Math.max(right, left + block.width);
    });
    top += Math.max(0, ...row.blocks.map((block) => block.height)) + row.gapAfter;
  }

  const canvas = sharp({ create: { width: right + MARGIN, height: top + MARGIN, channels: 3, background: '#ffffff' } });
  return canvas.composite(overlays).png().toBuffer();
}

/** Renders the colour bar with its probability ticks underneath, as one PNG block. */
async function renderColorScale(): Promise<Block> {
  const decades = Math.round(Math.log10(1 / COLOR_SCALE_MIN));
  const labelPadding = 24;
  const overlays: OverlayOptions[] = [{ ...rawOverlay(renderColorBar(COLOR_BAR_WIDTH, COLOR_BAR_HEIGHT)), left: labelPadding, top: 0 }];

  let height = COLOR_BAR_HEIGHT;
  for (let decade = 0; decade <= decades; decade++) {
    const probability = COLOR_SCALE_MIN * 10 ** decade;
    const label = await renderText(decade === 0 ? `≤ ${probability}` : String(Number(probability.toPrecision(1))), 12);
    const tickX = labelPadding + Math.round((decade / decades) * (COLOR_BAR_WIDTH - 1));
    overlays.push({ input: label.input, left: Math.max(0, tickX - Math.round(label.width / 2)), top: COLOR_BAR_HEIGHT + 3 });
    height = Math.max(height, COLOR_BAR_HEIGHT + 3 + label.height);
  }

  const width = COLOR_BAR_WIDTH + 2 * labelPadding;
  const canvas = sharp({ create: { width, height, channels: 3, background: '#ffffff' } });
  return { input: await canvas.composite(overlays).png().toBuffer(), width, height };
}

/** Renders black DejaVu Sans text on transparency; sharp renders at 72 dpi here, so `fontSize` is in pixels. */
async function renderText(text: string, fontSize: number): Promise<Block> {
  const { data, info } = await sharp({
    text: { text: escapeMarkup(text), font: `DejaVu Sans ${fontSize}`, fontfile: FONT_PATH, dpi: 72, rgba: true },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

/**
 * Reads the input image over white at the recognizer's input height, stretched to `width` so it lines
 * up with the key columns. The stretch is below 2% for the samples, since steps are about width / 8.
 */
async function renderInputImage(imagePath: string, width: number): Promise<Block> {
  const data = await sharp(imagePath).flatten({ background: '#ffffff' }).resize({ width, height: INPUT_HEIGHT, fit: 'fill' }).png().toBuffer();
  return { input: data, width, height: INPUT_HEIGHT };
}

function rawBlock(image: RgbImage): Block {
  return { ...rawOverlay(image), width: image.width, height: image.height };
}

function rawOverlay(image: RgbImage): { input: Buffer; raw: { width: number; height: number; channels: 3 } } {
  return { input: image.data, raw: { width: image.width, height: image.height, channels: 3 } };
}
