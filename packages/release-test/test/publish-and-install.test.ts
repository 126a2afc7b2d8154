// Publishes the built workspace to a local verdaccio registry with `changeset publish`, then
// installs the packages in a fresh project outside the workspace, as a user would. There it runs
// the multimax CLI, ESM and CommonJS imports, a runtime-node session and a transformers.js pipeline.
// Third-party packages come from the user's npm registry (through npm's cache when it has them).
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BERT_PIPELINE_LABELS, buildBertOpset14, buildBertPipelineModel, writeFixture, writePipelineModel } from '@multimax/testing';

import { type ConsumerProject, createConsumerProject, installPackages, readLockedPackage, runInProject, runNodeScript } from '../src/consumer-project.js';
import { publishWorkspace } from '../src/publish.js';
import { createRegistryUser, type LocalRegistry, readPublishedDist, startLocalRegistry } from '../src/registry.js';
import { listPublicPackages } from '../src/workspace.js';

const repositoryRoot = path.resolve(__dirname, '../../..');
const publicPackages = listPublicPackages(repositoryRoot);

/** The packages a user installs. Core and onnx come in as their dependencies. */
const INSTALLED_PACKAGES = ['@multimax/cli', '@multimax/runtime-node', '@multimax/transformers'];

/** One set of params for every attention Softmax, in the reference notation. */
const PARAMS = { ranges: [-1, 1], ts: [-0.5, -0.25] };
const PARAMS_FILE = { format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ...PARAMS }] };

/** Export names that each entry point must have, a spot check on top of the full ESM/CJS comparison. */
const EXPECTED_EXPORTS: Record<string, string[]> = {
  '@multimax/core': ['multimax', 'normalizeParams', 'parseParamsFile'],
  '@multimax/onnx': ['decodeModel', 'encodeModel', 'inspectModel', 'patchModel'],
  '@multimax/onnx/node': ['readModelFile', 'writeModelFile'],
  '@multimax/cli': ['runCli'],
  '@multimax/runtime-node': ['createSession'],
  '@multimax/transformers': ['MultiMaxLogitsProcessor', 'installMultiMax'],
};

/** The bert-opset14 fixture has two attention layers and an output-layer Softmax over the logits. */
const FIXTURE_MODEL = 'models/bert-opset14.onnx';
const PATCHED_MODEL = 'models/bert-opset14.multimax.onnx';
const PIPELINE_MODEL_ID = 'tiny-bert';

let workDir: string | undefined;
let registry: LocalRegistry | undefined;
let project: ConsumerProject;

function versionOf(packageName: string): string {
  const workspacePackage = publicPackages.find((candidate) => candidate.manifest.name === packageName);
  if (workspacePackage === undefined) throw new Error(`${packageName} is not a public workspace package`);
  return workspacePackage.manifest.version;
}

/** Every entry point of the public packages: each package name plus its `exports` subpaths. */
function entryPoints(): string[] {
  return publicPackages.flatMap(({ manifest }) => {
    const subpaths = manifest.exports !== null && typeof manifest.exports === 'object' ? Object.keys(manifest.exports) : ['.'];
    return subpaths.filter((subpath) => subpath.startsWith('.') && subpath !== './package.json').map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`));
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'multimax-release-'));

  registry = await startLocalRegistry(path.join(workDir, 'registry'));
  const token = await createRegistryUser(registry, 'release-test', randomUUID());

  await publishWorkspace({ repositoryRoot, registry, token, workDir });

  project = await createConsumerProject(path.join(workDir, 'consumer'), registry.url);
  await installPackages(
    project,
    INSTALLED_PACKAGES.map((name) => `${name}@${versionOf(name)}`),
  );

  // Inputs for the fixture in the format of `multimax verify --inputs`. All of them are int64 token ids and masks.
  const fixture = buildBertOpset14();
  await writeFixture(fixture, path.join(project.dir, 'models'));
  const inputs = Object.fromEntries(Object.entries(fixture.inputs(1)).map(([name, tensor]) => [name, { type: tensor.type, dims: tensor.dims, data: Array.from(tensor.data, Number) }]));
  await writeFile(path.join(project.dir, 'inputs.json'), JSON.stringify(inputs));
  await writeFile(path.join(project.dir, 'params.json'), JSON.stringify(PARAMS_FILE));

  await writePipelineModel(buildBertPipelineModel({ task: 'text-classification' }), path.join(project.dir, 'pipeline-models', PIPELINE_MODEL_ID));
  await cp(path.join(__dirname, 'consumer-scripts'), path.join(project.dir, 'scripts'), { recursive: true });
}, 300_000);

afterAll(async () => {
  await registry?.stop();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
}, 30_000);

it('registry has every public package at its workspace version', async () => {
  for (const { manifest } of publicPackages) {
    const dist = await readPublishedDist(registry!, manifest.name, manifest.version);
    expect({ name: manifest.name, published: dist !== undefined }).toEqual({ name: manifest.name, published: true });
  }
});

it('project installs every public package from the local registry', async () => {
  for (const { manifest } of publicPackages) {
    const locked = await readLockedPackage(project, manifest.name);
    const published = await readPublishedDist(registry!, manifest.name, manifest.version);
    // The same integrity proves that npm installed the tarball published to the local registry.
    expect({ name: manifest.name, version: locked?.version, integrity: locked?.integrity }).toEqual({
      name: manifest.name,
      version: manifest.version,
      integrity: published?.integrity,
    });
  }
});

it('multimax inspect lists the attention layers', async () => {
  const { stdout } = await runInProject(project, 'npx', ['--no', '--', 'multimax', 'inspect', FIXTURE_MODEL]);
  expect(stdout).toContain('not patched with MultiMax');
  expect(stdout).toMatch(/attention 0\s+scores\+add-mask/);
  expect(stdout).toMatch(/attention 1\s+scores\+add-mask/);
  expect(stdout).toMatch(/output 0\s+logits/);
});

it('multimax patch writes a model that inspect reports as patched', async () => {
  const patch = await runInProject(project, 'npx', ['--no', '--', 'multimax', 'patch', FIXTURE_MODEL, '-o', PATCHED_MODEL, '--params', 'params.json']);
  expect(patch.stdout).toContain(`Patched 2 of 3 Softmax nodes; wrote ${PATCHED_MODEL}`);

  const inspect = await runInProject(project, 'npx', ['--no', '--', 'multimax', 'inspect', PATCHED_MODEL, '--json']);
  const report = JSON.parse(inspect.stdout) as { softmax: { kind: string; multimax?: unknown; multimaxSource?: string }[] };
  const attention = report.softmax.filter((softmax) => softmax.kind === 'attention');
  expect(attention).toHaveLength(2);
  for (const softmax of attention) {
    expect(softmax.multimax).toEqual(PARAMS);
    expect(softmax.multimaxSource).toBe('patch');
  }
});

it('multimax verify runs both models in the onnxruntime-node peer', async () => {
  // Patches again, so that this test does not depend on the patch test running first.
  await runInProject(project, 'npx', ['--no', '--', 'multimax', 'patch', FIXTURE_MODEL, '-o', PATCHED_MODEL, '--params', 'params.json']);
  const { stdout } = await runInProject(project, 'npx', ['--no', '--', 'multimax', 'verify', FIXTURE_MODEL, PATCHED_MODEL, '--inputs', 'inputs.json']);
  expect(stdout).toMatch(/^logits\s+\[3,3\]/m);
  expect(stdout).toMatch(/^last_hidden_state\s+\[3,8,32\]/m);
});

it('every entry point loads from ESM and from CommonJS', async () => {
  const specifiers = entryPoints();
  expect(specifiers.sort()).toEqual(Object.keys(EXPECTED_EXPORTS).sort());

  const esmExports = await runNodeScript<Record<string, string[]>>(project, 'scripts/import-entries.mjs', [JSON.stringify(specifiers)]);
  const commonJsExports = await runNodeScript<Record<string, string[]>>(project, 'scripts/require-entries.cjs', [JSON.stringify(specifiers)]);

  for (const [specifier, names] of Object.entries(EXPECTED_EXPORTS)) {
    expect({ specifier, exports: esmExports[specifier] }).toEqual({ specifier, exports: expect.arrayContaining(names) });
  }
  expect(commonJsExports).toEqual(esmExports);
});

it('runtime-node session runs the patched model on cpu', async () => {
  const result = await runNodeScript<{ device: string; patched: number; outputDims: Record<string, number[]> }>(project, 'scripts/runtime-session.mjs', [
    FIXTURE_MODEL,
    'inputs.json',
    JSON.stringify(PARAMS),
  ]);
  expect(result).toEqual({
    device: 'cpu',
    patched: 2,
    outputDims: { last_hidden_state: [3, 8, 32], logits: [3, 3], probabilities: [3, 3] },
  });
});

it('transformers.js pipeline runs with patched attention', async () => {
  const result = await runNodeScript<{
    sessions: { kind: string; modelId?: string; patched: number }[];
    classification: { label: string; score: number }[];
  }>(project, 'scripts/classify.mjs', [path.join(project.dir, 'pipeline-models'), PIPELINE_MODEL_ID, JSON.stringify(PARAMS)]);

  // The pipeline also creates an unpatched top-k operator session, reported as 'internal'.
  expect(result.sessions).toContainEqual({ kind: 'model', modelId: PIPELINE_MODEL_ID, patched: 2 });
  expect(result.classification).toHaveLength(1);
  expect(BERT_PIPELINE_LABELS).toContain(result.classification[0]?.label);
  expect(result.classification[0]?.score).toBeGreaterThan(0);
});
