import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildTinyAttention } from '@multimax/testing';

import { decodeModel, ModelError } from '../src/index.js';
import { type AtomicWriteFileSystem, writeModelFile } from '../src/node/index.js';

describe('writeModelFile on a full disk', () => {
  it('reports ENOSPC and leaves no partial file', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-full-'));
    // A disk that fills up after the first kilobyte: the real write starts, then fails like ENOSPC.
    const fullDisk: AtomicWriteFileSystem = {
      writeFile: async (file, chunks, options) => {
        await fs.writeFile(file, Buffer.concat(chunks).subarray(0, 1024), options);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      rename: (from, to) => fs.rename(from, to),
      rm: (file, options) => fs.rm(file, options),
    };
    try {
      const model = decodeModel(buildTinyAttention(14));
      const target = path.join(folder, 'out.onnx');
      const error = await writeModelFile(target, model, { fileSystem: fullDisk }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).message).toBe(`${target}: cannot write the output (ENOSPC); check that the folder exists, is writable and has free space`);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
