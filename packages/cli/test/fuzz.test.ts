import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ParamsValidationError, parseParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, ModelError, patchModel } from '@multimax/onnx';
import { allFixtures, mulberry32 } from '@multimax/testing';

const BIN = path.resolve(__dirname, '../dist/bin.js');
const PARAMS_TEXT = JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1, -2, 2], ts: [-0.5, 0.3, -0.1, 0.02] }, { select: { kind: 'output' }, tb: [-1], td: [1], b: [1.5], d: [0.8] }] });
const MUTATIONS_PER_FIXTURE = 40;
const CLI_CASES = 24;

/** One bounded mutation: flip bits, overwrite a run of bytes, truncate, or duplicate a chunk. */
function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const at = Math.floor(random() * copy.length);
  switch (Math.floor(random() * 4)) {
    case 0:
      for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) {
        const index = Math.floor(random() * copy.length);
        copy[index] = (copy[index] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      return copy;
    case 1:
      for (let i = at; i < Math.min(copy.length, at + 1 + Math.floor(random() * 16)); i++) copy[i] = Math.floor(random() * 256);
      return copy;
    case 2:
      return copy.subarray(0, at);
    default: {
      const length = Math.floor(random() * 64);
      return new Uint8Array([...copy.subarray(0, at), ...copy.subarray(at, at + length), ...copy.subarray(at)]);
    }
  }
}

/** Whether an error is one of the library's clear errors: a known class with a one-line message. */
function isClearError(error: unknown): boolean {
  return (error instanceof ModelError || error instanceof ParamsValidationError) && !error.message.includes('\n') && error.message.length > 0;
}

/** Tries to create an onnxruntime-node session for each model in one child process; returns 'loaded' or the error. */
function loadInChildProcess(models: Uint8Array[]): string[] {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-load-'));
  try {
    models.forEach((bytes, index) => {
      writeFileSync(path.join(folder, `${index}.onnx`), bytes);
    });
    const script = `
      const ort = require(${JSON.stringify(require.resolve('onnxruntime-node'))});
      (async () => {
        const results = [];
        for (let i = 0; i < ${models.length}; i++) {
          try { await (await ort.InferenceSession.create(${JSON.stringify(folder)} + '/' + i + '.onnx')).release(); results.push('loaded'); }
          catch (error) { results.push(String(error.message).split('\\n')[0]); }
        }
        process.stdout.write(JSON.stringify(results));
      })();`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as string[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('fuzzing', () => {
  it('mutated models either patch or fail with a clear error', () => {
    const random = mulberry32(20261204);
    const params = parseParamsFile(PARAMS_TEXT);
    let patched = 0;
    let rejected = 0;
    const loadChecks: { original: Uint8Array; patched: Uint8Array; label: string }[] = [];

    for (const fixture of allFixtures()) {
      for (let i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
        const bytes = mutate(fixture.bytes, random);
        try {
          const model = decodeModel(bytes, `${fixture.name}#${i}`);
          patchModel(model, params, { source: `${fixture.name}#${i}` });
          const output = encodeModel(model);
          if (loadChecks.length < 24 && fixture.externalData === undefined) loadChecks.push({ original: bytes, patched: output, label: `${fixture.name}#${i}` });
          patched++;
        } catch (error) {
          if (!isClearError(error)) throw new Error(`${fixture.name} mutation ${i}: unexpected ${String((error as Error)?.stack ?? error)}`);
          rejected++;
        }
      }
    }
    // Both outcomes must occur, or the mutations are too weak or too strong to test anything.
    expect(patched).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);

    // Where onnxruntime loads the mutated input, it must load the patched output too. Loading runs in a
    // child process, because a corrupt model may crash the native runtime.
    const results = loadInChildProcess(loadChecks.flatMap((check) => [check.original, check.patched]));
    expect(results.filter((result, index) => index % 2 === 0 && result === 'loaded').length).toBeGreaterThan(0);
    loadChecks.forEach((check, index) => {
      if (results[2 * index] === 'loaded') expect([check.label, results[2 * index + 1]]).toEqual([check.label, 'loaded']);
    });
  });

  it('mutated params files either parse or fail with a clear error', () => {
    const random = mulberry32(7);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const characters = [...PARAMS_TEXT];
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const index = Math.floor(random() * characters.length);
        characters[index] = '{}[],:"-.0123456789eE xtsabd'[Math.floor(random() * 28)] ?? '';
      }
      try {
        parseParamsFile(characters.join(''), `params#${i}`);
        parsed++;
      } catch (error) {
        if (!isClearError(error)) throw new Error(`params mutation ${i}: unexpected ${String((error as Error)?.stack ?? error)}`);
        rejected++;
      }
    }
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('the CLI never crashes, hangs or leaves temporary files', () => {
    const random = mulberry32(99);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-fuzz-'));
    const fixtures = allFixtures();
    try {
      writeFileSync(path.join(folder, 'params.json'), PARAMS_TEXT);
      for (let i = 0; i < CLI_CASES; i++) {
        const fixture = fixtures[i % fixtures.length]!;
        writeFileSync(path.join(folder, 'model.onnx'), mutate(fixture.bytes, random));
        // The timeout catches a hang; a crash shows as a signal or an exit code other than 0 and 1.
        const result = spawnSync(process.execPath, [BIN, 'patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'], { cwd: folder, encoding: 'utf8', timeout: 30_000 });
        expect([i, result.signal]).toEqual([i, null]);
        expect([i, [0, 1].includes(result.status ?? -1)]).toEqual([i, true]);
        if (result.status === 1) expect([i, result.stderr.trim().split('\n').length]).toEqual([i, 1]);
        expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
        rmSync(path.join(folder, 'out.onnx'), { force: true });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
