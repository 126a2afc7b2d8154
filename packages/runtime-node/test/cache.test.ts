import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_VERSION } from '@multimax/onnx';
import { buildVitNoMask, toFloat64Tensor, toOrtFeeds } from '@multimax/testing';

import { defaultCacheFolder } from '../src/cache/cache-folder.js';
import { createSession, type Logger, type ParamsInput } from '../src/index.js';
import { recordingLogger, SPARSE_PARAMS } from './support/params.js';
import { runOnce } from './support/run.js';
import { useTemporaryFolder } from './support/temporary-folder.js';

const vit = buildVitNoMask();
const feeds = () => toOrtFeeds(vit.inputs(1));

describe('patched model cache', () => {
  const temporaryFolder = useTemporaryFolder('cache');
  const xdgCacheHome = process.env.XDG_CACHE_HOME;

  afterEach(() => {
    if (xdgCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = xdgCacheHome;
  });

  async function open(options: { params?: ParamsInput; logger?: Logger } = {}) {
    return createSession(vit.bytes, { params: options.params ?? SPARSE_PARAMS, device: 'cpu', cache: { dir: temporaryFolder() }, logger: options.logger });
  }

  function entryFiles(): string[] {
    return readdirSync(temporaryFolder()).sort();
  }

  it('hits on the second call, with the same outputs', async () => {
    const first = await open();
    const firstOutputs = await runOnce(first, feeds());
    const second = await open();
    const secondOutputs = await runOnce(second, feeds());

    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(second.patch).toEqual(first.patch);
    expect(toFloat64Tensor(secondOutputs.last_hidden_state!).data).toEqual(toFloat64Tensor(firstOutputs.last_hidden_state!).data);
  });

  it('names entries by model hash, params hash and tool version', async () => {
    await (await open()).session.release();

    const files = entryFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(new RegExp(`^[0-9a-f]{16}-[0-9a-f]{16}-${PACKAGE_VERSION.replace(/\./g, '\\.')}\\.json$`));
    expect(files[1]).toBe(files[0]?.replace(/\.json$/, '.onnx'));
  });

  it('treats params in paper notation as the same params', async () => {
    // Values exact in binary, so the conversion b = 1 − ts[0], d = 1 + ts[1] does not round.
    const reference = { ranges: [-1, 1], ts: [-0.5, 0.25] };
    const paper = { tb: [-1], td: [1], b: [1.5], d: [1.25] };
    const first = await open({ params: reference });
    await first.session.release();
    const second = await open({ params: paper });
    await second.session.release();

    expect(second.cache).toBe('hit');
  });

  it('misses for other params', async () => {
    await (await open()).session.release();
    const other = await open({ params: { ranges: [-2, 2], ts: [-0.3, 0.1] } });
    await other.session.release();

    expect(other.cache).toBe('miss');
    expect(entryFiles()).toHaveLength(4);
  });

  it('rebuilds an entry whose model file is corrupt', async () => {
    await (await open()).session.release();
    const modelFile = path.join(temporaryFolder(), entryFiles().find((file) => file.endsWith('.onnx')) ?? '');
    const bytes = readFileSync(modelFile);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(modelFile, bytes);

    const logger = recordingLogger();
    const rebuilt = await open({ logger });
    const outputs = await runOnce(rebuilt, feeds());
    const after = await open();
    await after.session.release();

    expect(rebuilt.cache).toBe('miss');
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain(`cache entry ${modelFile} is corrupt (its model file has`);
    expect(logger.messages[0]).toContain('deleting it and patching the model again');
    expect(outputs.last_hidden_state?.dims).toEqual([2, 5, 32]);
    expect(after.cache).toBe('hit');
  });

  it('rebuilds an entry whose sidecar is not JSON', async () => {
    await (await open()).session.release();
    const sidecar = path.join(temporaryFolder(), entryFiles().find((file) => file.endsWith('.json')) ?? '');
    writeFileSync(sidecar, '{ truncated');

    const logger = recordingLogger();
    const rebuilt = await open({ logger });
    await rebuilt.session.release();

    expect(rebuilt.cache).toBe('miss');
    expect(logger.messages[0]).toContain('its sidecar is not valid JSON');
    expect(JSON.parse(readFileSync(sidecar, 'utf8')).format).toBe('multimax-patched-model');
  });

  it('runs without the cache when the folder cannot be created', async () => {
    const blocker = path.join(temporaryFolder(), 'a-file');
    writeFileSync(blocker, '');
    const logger = recordingLogger();

    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu', cache: { dir: path.join(blocker, 'cache') }, logger });
    await opened.session.release();

    expect(opened.cache).toBe('miss');
    expect(logger.messages[0]).toContain('cannot write the cache entry');
  });

  it('is off by default and writes nothing', async () => {
    process.env.XDG_CACHE_HOME = temporaryFolder();
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu' });
    await opened.session.release();

    expect(opened.cache).toBe('off');
    expect(entryFiles()).toEqual([]);
  });

  it('uses the OS cache folder for cache: true', async () => {
    process.env.XDG_CACHE_HOME = temporaryFolder();
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu', cache: true });
    await opened.session.release();

    expect(opened.cache).toBe('miss');
    expect(existsSync(path.join(temporaryFolder(), 'multimax'))).toBe(true);
    expect(readdirSync(path.join(temporaryFolder(), 'multimax'))).toHaveLength(2);
  });
});

describe('defaultCacheFolder', () => {
  it.each([
    ['linux with XDG_CACHE_HOME', { XDG_CACHE_HOME: '/var/cache/me' }, 'linux', '/var/cache/me/multimax'],
    ['linux without XDG_CACHE_HOME', {}, 'linux', '/home/me/.cache/multimax'],
    ['linux with a relative XDG_CACHE_HOME', { XDG_CACHE_HOME: 'cache' }, 'linux', '/home/me/.cache/multimax'],
    ['macOS', { XDG_CACHE_HOME: '/ignored' }, 'darwin', '/home/me/Library/Caches/multimax'],
    ['Windows with LOCALAPPDATA', { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32', 'C:\\Users\\me\\AppData\\Local\\multimax'],
  ] as const)('%s', (_label, env, platform, expected) => {
    expect(defaultCacheFolder(env, platform, '/home/me')).toBe(expected);
  });
});
