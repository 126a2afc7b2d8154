import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a fresh temporary folder per test and removes it afterwards; call at describe level. */
export function useTemporaryFolder(prefix: string): () => string {
  let folder: string | undefined;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), `multimax-${prefix}-`));
  });
  afterEach(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    if (folder === undefined) throw new Error('useTemporaryFolder: the folder exists only inside a test');
    return folder;
  };
}
