import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { ParamsValidationError, uniformParamsFile } from '@multimax/core';
import { buildBertOpset14 } from '@multimax/testing';

import { createSession } from '../src/index.js';
import { SPARSE_PARAMS } from './support/params.js';
import { useTemporaryFolder } from './support/temporary-folder.js';

const bert = buildBertOpset14();

describe('createSession params option', () => {
  const temporaryFolder = useTemporaryFolder('params');

  it('applies one params object to every attention layer', async () => {
    const opened = await createSession(bert.bytes, { params: SPARSE_PARAMS, device: 'cpu' });
    await opened.session.release();

    expect(opened.patch.patched).toBe(2);
    expect(opened.patch.sites.map((site) => [site.kind, site.layer, site.action])).toEqual([
      ['attention', 0, 'patch'],
      ['attention', 1, 'patch'],
      ['output', 0, 'unmatched'],
    ]);
  });

  it('reads a params file from a path', async () => {
    const file = path.join(temporaryFolder(), 'params.json');
    const targets = [{ select: { kind: 'attention', layer: 1 }, tb: [-1], td: [1], b: [1.5], d: [0.8] }];
    writeFileSync(file, JSON.stringify({ format: 'multimax-params', version: 1, targets }));

    const opened = await createSession(bert.bytes, { params: file, device: 'cpu' });
    await opened.session.release();

    expect(opened.patch.sites.map((site) => site.action)).toEqual(['unmatched', 'patch', 'unmatched']);
  });

  it('takes a ParamsFile object', async () => {
    const params = uniformParamsFile(SPARSE_PARAMS, 'output');

    const opened = await createSession(bert.bytes, { params, device: 'cpu' });
    await opened.session.release();

    expect(opened.patch.sites.map((site) => site.action)).toEqual(['unmatched', 'unmatched', 'patch']);
  });

  it('takes a params file as parsed JSON', async () => {
    const params = { format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention', layer: 0 }, ...SPARSE_PARAMS }] };

    const opened = await createSession(bert.bytes, { params: params as never, device: 'cpu' });
    await opened.session.release();

    expect(opened.patch.sites.map((site) => site.action)).toEqual(['patch', 'unmatched', 'unmatched']);
  });

  it('validates a ParamsFile object', async () => {
    const params = uniformParamsFile(SPARSE_PARAMS);
    params.targets[0]!.params.ts = [-0.6];

    await expect(createSession(bert.bytes, { params, device: 'cpu' })).rejects.toThrow('options.params: invalid MultiMax params: targets[0]');
  });

  it('leaves the model unchanged for identity params', async () => {
    const opened = await createSession(bert.bytes, { params: { ranges: [0, 0], ts: [0, 0] }, device: 'cpu' });
    await opened.session.release();

    expect(opened.patch.patched).toBe(0);
    expect(opened.patch.sites.map((site) => site.action)).toEqual(['identity', 'identity', 'unmatched']);
  });

  it('lists every invalid field', async () => {
    const error = await createSession(bert.bytes, { params: { ranges: [-1], ts: [0.1, Number.NaN] }, device: 'cpu' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ParamsValidationError);
    expect((error as ParamsValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['ranges', 'ts[1]']));
  });

  it('names a params file that cannot be read', async () => {
    const file = path.join(temporaryFolder(), 'missing.json');

    await expect(createSession(bert.bytes, { params: file, device: 'cpu' })).rejects.toThrow(`${file}: cannot read the params file (ENOENT); check options.params`);
  });
});
