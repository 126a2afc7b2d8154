import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fixture } from './fixture.js';

/**
 * Writes `<dir>/<fixture.name>.onnx` and, for a fixture with external data, its data file next to it
 * under the name the model refers to. Creates `dir` if needed. Returns the model file path.
 */
export async function writeFixture(fixture: Fixture, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const modelPath = join(dir, `${fixture.name}.onnx`);
  await writeFile(modelPath, fixture.bytes);
  if (fixture.externalData !== undefined) await writeFile(join(dir, fixture.externalData.fileName), fixture.externalData.bytes);
  return modelPath;
}
