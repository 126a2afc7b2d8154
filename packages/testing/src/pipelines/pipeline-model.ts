import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * A model folder as transformers.js 4.3 loads it offline: config.json, tokenizer.json,
 * tokenizer_config.json and onnx/model.onnx (the fp32 file name), keyed by path in the folder.
 */
export interface PipelineModel {
  files: Record<string, string | Uint8Array>;
}

/** Writes the model's files into `folder`, creating it and its subfolders. Returns `folder`. */
export async function writePipelineModel(model: PipelineModel, folder: string): Promise<string> {
  for (const [name, content] of Object.entries(model.files)) {
    const path = join(folder, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return folder;
}

/** Serializes a JSON file of a model folder with a trailing newline. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
