import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { uniformParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import { buildExternalData, EXTERNAL_DATA_FILE_NAME, runWithExtraOutputs, toFloat64Tensor, toOrtFeeds, writeFixture } from '@multimax/testing';

import { createSession, EXTERNAL_INITIALIZERS_FOLDER_KEY } from '../src/index.js';
import { SPARSE_PARAMS } from './support/params.js';
import { runOnce } from './support/run.js';
import { useTemporaryFolder } from './support/temporary-folder.js';

const fixture = buildExternalData();
const feeds = () => toOrtFeeds(fixture.inputs(1));

/** The fixture patched by @multimax/onnx directly and run with its data given as bytes, on cpu. */
async function expectedOutput(): Promise<Float64Array> {
  const model = decodeModel(fixture.bytes);
  patchModel(model, uniformParamsFile(SPARSE_PARAMS));
  const data = fixture.externalData?.bytes ?? new Uint8Array();
  const outputs = await runWithExtraOutputs(encodeModel(model), fixture.inputs(1), [], { externalData: [{ path: EXTERNAL_DATA_FILE_NAME, data }] });
  const output = outputs.get('last_hidden_state');
  if (output === undefined) throw new Error('the reference run returned no last_hidden_state');
  return output.data;
}

describe('createSession with external data', () => {
  const temporaryFolder = useTemporaryFolder('external-data');

  it('loads a model given as a path and writes nothing next to it', async () => {
    const modelPath = await writeFixture(fixture, temporaryFolder());
    const filesBefore = readdirSync(temporaryFolder()).sort();
    const modelBefore = readFileSync(modelPath);

    const opened = await createSession(modelPath, { params: SPARSE_PARAMS, device: 'cpu' });
    const outputs = await runOnce(opened, feeds());

    expect(opened.patch.patched).toBe(1);
    expect(Array.from(toFloat64Tensor(outputs.last_hidden_state!).data)).toEqual(Array.from(await expectedOutput()));
    expect(readdirSync(temporaryFolder()).sort()).toEqual(filesBefore);
    expect(readFileSync(modelPath).equals(modelBefore)).toBe(true);
  });

  it('loads from the cache with the data from the model folder', async () => {
    const modelFolder = path.join(temporaryFolder(), 'model');
    const cacheFolder = path.join(temporaryFolder(), 'cache');
    const modelPath = await writeFixture(fixture, modelFolder);

    const first = await createSession(modelPath, { params: SPARSE_PARAMS, device: 'cpu', cache: { dir: cacheFolder } });
    await first.session.release();
    const second = await createSession(modelPath, { params: SPARSE_PARAMS, device: 'cpu', cache: { dir: cacheFolder } });
    const outputs = await runOnce(second, feeds());

    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(Array.from(toFloat64Tensor(outputs.last_hidden_state!).data)).toEqual(Array.from(await expectedOutput()));
    expect(readdirSync(modelFolder).sort()).toEqual(['external-data.onnx', EXTERNAL_DATA_FILE_NAME]);
    expect(readdirSync(cacheFolder).filter((file) => file.endsWith('.data'))).toEqual([]);
  });

  it('rejects model bytes with external data and no folder', async () => {
    const promise = createSession(fixture.bytes, { params: SPARSE_PARAMS, device: 'cpu' });

    await expect(promise).rejects.toThrow(`model bytes: the model refers to external data ("${EXTERNAL_DATA_FILE_NAME}"), which model bytes cannot locate; pass the model as a path`);
  });

  it('loads model bytes when the caller names the data folder', async () => {
    await writeFixture(fixture, temporaryFolder());
    const sessionOptions = { extra: { [EXTERNAL_INITIALIZERS_FOLDER_KEY]: temporaryFolder() } };

    const opened = await createSession(fixture.bytes, { params: SPARSE_PARAMS, device: 'cpu', sessionOptions });
    const outputs = await runOnce(opened, feeds());

    expect(Array.from(toFloat64Tensor(outputs.last_hidden_state!).data)).toEqual(Array.from(await expectedOutput()));
  });

  it('rejects a truncated data file before onnxruntime reads it', async () => {
    const data = fixture.externalData?.bytes ?? new Uint8Array();
    const truncated = { ...fixture, externalData: { fileName: EXTERNAL_DATA_FILE_NAME, bytes: data.subarray(0, 100) } };
    const modelPath = await writeFixture(truncated, temporaryFolder());

    const promise = createSession(modelPath, { params: SPARSE_PARAMS, device: 'cpu' });

    await expect(promise).rejects.toThrow(`external data file "${EXTERNAL_DATA_FILE_NAME}" has 100 bytes, but tensor`);
  });
});
