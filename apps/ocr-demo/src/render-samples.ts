// Entry point of `npm run samples`: renders SAMPLE_LINES to samples/*.png and writes samples/manifest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { SAMPLES_DIR, SAMPLES_MANIFEST_PATH } from './paths.js';
import { renderTextLine } from './render.js';
import { SAMPLE_LINES } from './samples.js';

await mkdir(SAMPLES_DIR, { recursive: true });

for (const line of SAMPLE_LINES) {
  const png = await renderTextLine(line.text);
  await writeFile(path.join(SAMPLES_DIR, line.file), png);
  console.log(`wrote samples/${line.file}  ${JSON.stringify(line.text)}`);
}

await writeFile(SAMPLES_MANIFEST_PATH, `${JSON.stringify(SAMPLE_LINES, null, 2)}\n`);
console.log(`wrote samples/manifest.json (${SAMPLE_LINES.length} lines)`);
