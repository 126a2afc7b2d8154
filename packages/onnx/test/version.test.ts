import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_VERSION } from '../src/index.js';

it('PACKAGE_VERSION matches package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(PACKAGE_VERSION).toBe(manifest.version);
});
