// Checks the release metadata of every workspace package and the changesets configuration that
// versions them. Reads files only, so it runs in well under a second.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { listPublicPackages, listWorkspacePackages, readManifest } from '../src/workspace.js';

const repositoryRoot = path.resolve(__dirname, '../../..');
const rootManifest = readManifest(repositoryRoot);
const workspacePackages = listWorkspacePackages(repositoryRoot);
const publicPackages = listPublicPackages(repositoryRoot);
const publicNames = publicPackages.map((workspacePackage) => workspacePackage.manifest.name);
const privateNames = workspacePackages.filter((workspacePackage) => workspacePackage.manifest.private === true).map((workspacePackage) => workspacePackage.manifest.name);

/** NOTE: a placeholder until the repository has its public home. Every public package.json points here. */
const REPOSITORY_URL = 'git+https://github.com/multimax-js/multimax.git';

/** Peer versions that the tests run against, which the peer ranges pin. */
const TESTED_PEER_VERSIONS: Record<string, string> = {
  '@huggingface/transformers': '4.3.2',
  'onnxruntime-node': '1.30.0',
  'onnxruntime-web': '1.31.0-dev.20260914-8d85527a0',
};

const changesetConfig = JSON.parse(readFileSync(path.join(repositoryRoot, '.changeset/config.json'), 'utf8')) as {
  fixed: string[][];
  linked: string[][];
  ignore: string[];
  updateInternalDependencies: string;
};

// Every other workspace package (testing, benchmarks, release-test, apps) must be private.
it('only the five packages are public', () => {
  expect(publicNames.sort()).toEqual(['@multimax/cli', '@multimax/core', '@multimax/onnx', '@multimax/runtime-node', '@multimax/transformers']);
});

describe.each(publicPackages.map((workspacePackage) => [workspacePackage.manifest.name, workspacePackage] as const))('%s manifest', (_name, workspacePackage) => {
  const manifest = workspacePackage.manifest;

  it('has the publishing metadata', () => {
    expect(manifest.description).toEqual(expect.any(String));
    expect(manifest.keywords?.length).toBeGreaterThan(0);
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({ type: 'git', url: REPOSITORY_URL, directory: workspacePackage.relativeDir });
    expect(manifest.publishConfig).toEqual({ access: 'public' });
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
  });

  it('supports the Node versions of the root manifest', () => {
    expect(manifest.engines?.node).toBe(rootManifest.engines?.node);
  });

  it('ships the repository LICENSE', () => {
    const license = readFileSync(path.join(workspacePackage.dir, 'LICENSE'), 'utf8');
    expect(license).toBe(readFileSync(path.join(repositoryRoot, 'LICENSE'), 'utf8'));
  });

  it('pins workspace dependencies to their exact versions', () => {
    for (const dependencies of [manifest.dependencies, manifest.peerDependencies]) {
      for (const [name, range] of Object.entries(dependencies ?? {})) {
        const dependency = workspacePackages.find((candidate) => candidate.manifest.name === name);
        if (dependency === undefined) continue;
        expect({ name, range }).toEqual({ name, range: dependency.manifest.version });
        expect(dependency.manifest.private).not.toBe(true);
      }
    }
  });

  it('pins peer dependencies to the tested versions', () => {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      expect({ name, range }).toEqual({ name, range: TESTED_PEER_VERSIONS[name] });
    }
  });
});

it('changesets versions the public packages as one fixed group', () => {
  expect(changesetConfig.fixed).toHaveLength(1);
  expect([...(changesetConfig.fixed[0] ?? [])].sort()).toEqual([...publicNames].sort());
  expect(changesetConfig.linked).toEqual([]);
  expect(changesetConfig.updateInternalDependencies).toBe('patch');
});

it('changesets ignores every private package', () => {
  expect([...changesetConfig.ignore].sort()).toEqual([...privateNames].sort());
});
