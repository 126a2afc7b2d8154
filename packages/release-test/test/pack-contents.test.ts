// Checks what `npm pack` puts into each public package's tarball, from the built workspace.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { findStaleBuildOutputs, findUnwantedFiles, listBinTargets, listExportTargets, listPackedFiles } from '../src/pack-contents.js';
import { listPublicPackages } from '../src/workspace.js';

const repositoryRoot = path.resolve(__dirname, '../../..');
const publicPackages = listPublicPackages(repositoryRoot);

describe.each(publicPackages.map((workspacePackage) => [workspacePackage.manifest.name, workspacePackage] as const))('%s tarball', (_name, workspacePackage) => {
  let packedFiles: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(workspacePackage.dir, 'dist'))) {
      throw new Error(`${workspacePackage.relativeDir}/dist is missing; build first with \`npx turbo run build\``);
    }
    packedFiles = await listPackedFiles(workspacePackage.dir);
  });

  it('contains types for every export', () => {
    for (const target of listExportTargets(workspacePackage.manifest)) {
      expect({ entry: target.entry, types: target.types }).toEqual({ entry: target.entry, types: expect.stringMatching(/\.d\.ts$/) });
      expect(packedFiles).toContain(target.types);
    }
  });

  it('contains every export and bin target', () => {
    const targets = [...listExportTargets(workspacePackage.manifest).map((target) => target.module), ...listBinTargets(workspacePackage.manifest)];
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(packedFiles).toContain(target);
  });

  it('contains package.json, README.md and LICENSE', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
  });

  it('contains no sources, tests, fixtures or maps', () => {
    expect(findUnwantedFiles(packedFiles)).toEqual([]);
  });

  it('contains no stale build outputs', () => {
    expect(findStaleBuildOutputs(packedFiles, workspacePackage.dir)).toEqual([]);
  });
});
