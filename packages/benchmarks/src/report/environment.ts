import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

import * as ort from 'onnxruntime-node';

const require = createRequire(import.meta.url);

/** The machine and software a report was measured on. */
export interface Environment {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  onnxruntimeNode: string;
  packages: Record<string, string>;
  /** Short hash of HEAD, with " + uncommitted changes" when tracked files differ from it. */
  commit: string;
}

const WORKSPACE_PACKAGES = ['@multimax/core', '@multimax/onnx', '@multimax/testing'];

export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  const packages: Record<string, string> = {};
  for (const name of WORKSPACE_PACKAGES) packages[name] = packageVersion(name);

  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    onnxruntimeNode: ort.env.versions.node ?? 'unknown',
    packages,
    commit: gitCommit(),
  };
}

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return `${head.stdout.trim()}${status.stdout.trim() === '' ? '' : ' + uncommitted changes'}`;
}
