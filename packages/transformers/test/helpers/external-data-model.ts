import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { decodeModel } from '@multimax/onnx';
import { moveInitializersToExternalData } from '@multimax/testing';

/** The external data file name transformers.js 4.3 loads for onnx/model.onnx with use_external_data_format. */
export const EXTERNAL_DATA_FILE_NAME = 'model.onnx_data';

/**
 * Moves the large initializers of `<folder>/onnx/model.onnx` into onnx/model.onnx_data and marks
 * the model config with `transformers.js_config.use_external_data_format`, as exports of models
 * over 2 GB are shipped.
 */
export async function moveToExternalData(folder: string): Promise<void> {
  const modelPath = join(folder, 'onnx', 'model.onnx');
  const moved = moveInitializersToExternalData(decodeModel(await readFile(modelPath)), { location: EXTERNAL_DATA_FILE_NAME });
  await writeFile(modelPath, moved.modelBytes);
  await writeFile(join(folder, 'onnx', EXTERNAL_DATA_FILE_NAME), moved.dataBytes);

  const configPath = join(folder, 'config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  config['transformers.js_config'] = { use_external_data_format: true };
  await writeFile(configPath, JSON.stringify(config, null, 2));
}
