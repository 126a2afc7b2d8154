// The sample text lines: what `npm run samples` renders, and how the demo finds them again on disk.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A line to render, and the PNG file name it is saved under in samples/. */
export interface SampleLine {
  file: string;
  text: string;
}

/** A PNG in samples/, with its expected text when manifest.json lists it. */
export interface SampleImage {
  file: string;
  path: string;
  expectedText: string | undefined;
}

/**
 * Latin lines only: DejaVu Sans has no CJK glyphs, so Chinese lines would render as boxes.
 * Each line was checked to be read exactly by the original PP-OCRv4 recognizer.
 */
export const SAMPLE_LINES: readonly SampleLine[] = [
  { file: '01-multimax-attention.png', text: 'MultiMax attention' },
  { file: '02-hello-world.png', text: 'Hello, World 2024' },
  { file: '03-icml.png', text: 'Zhou, Fritz & Keuper, ICML 2024' },
  { file: '04-sparse-focus.png', text: 'Sparse attention keeps the focus sharp.' },
  { file: '05-price.png', text: 'Total: $42.50 (incl. 7% tax)' },
  { file: '06-softmax-vs-multimax.png', text: 'Softmax(x) vs. MultiMax' },
];

/** Lists every PNG in `dir` in file name order, with expected texts from the manifest. */
export async function readSampleImages(dir: string, manifestPath: string): Promise<SampleImage[]> {
  const expectedTexts = await readManifest(manifestPath);
  const files = (await readdir(dir)).filter((file) => file.toLowerCase().endsWith('.png')).sort();

  return files.map((file) => ({ file, path: path.join(dir, file), expectedText: expectedTexts.get(file) }));
}

/** Reads manifest.json, a JSON array of { file, text }. A missing manifest gives no expected texts. */
export async function readManifest(manifestPath: string): Promise<Map<string, string>> {
  let json: string;
  try {
    json = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }

  const entries: unknown = JSON.parse(json);
  if (!Array.isArray(entries) || !entries.every(isSampleLine)) {
    throw new Error(`${manifestPath}: expected a JSON array of { "file": string, "text": string }; run \`npm run samples -w @multimax/ocr-demo\` to rewrite it`);
  }
  return new Map(entries.map((entry) => [entry.file, entry.text]));
}

function isSampleLine(value: unknown): value is SampleLine {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.file === 'string' && typeof entry.text === 'string';
}
