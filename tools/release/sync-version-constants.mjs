// Copies package versions into the source constants that record them, after `changeset version`
// has bumped the package.json files. @multimax/onnx writes PACKAGE_VERSION into every patched model
// and runtime-node's cache keys, so it must equal the published version (packages/onnx/test/version.test.ts
// checks this). The constant stays a literal, so the browser entry needs no JSON import.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const VERSION_CONSTANTS = [{ manifest: 'packages/onnx/package.json', source: 'packages/onnx/src/version.ts', constant: 'PACKAGE_VERSION' }];

for (const { manifest, source, constant } of VERSION_CONSTANTS) {
  const { version } = JSON.parse(readFileSync(join(repositoryRoot, manifest), 'utf8'));
  const sourcePath = join(repositoryRoot, source);
  const text = readFileSync(sourcePath, 'utf8');
  const declaration = new RegExp(`(export const ${constant} = ')[^']*(';)`);
  if (!declaration.test(text)) {
    throw new Error(`${source}: no "export const ${constant} = '…';" declaration found; update VERSION_CONSTANTS in ${fileURLToPath(import.meta.url)}`);
  }
  const updated = text.replace(declaration, `$1${version}$2`);
  if (updated !== text) writeFileSync(sourcePath, updated);
  console.log(`${source}: ${constant} = '${version}'`);
}
