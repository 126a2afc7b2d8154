import { knownLimitationOf } from '../src/check-gpu/known-limitations.js';
import { formatReport } from '../src/check-gpu/format-report.js';
import { main } from '../src/check-gpu/main.js';
import type { CheckReport } from '../src/check-gpu/run-check.js';
import { missingProviderLibraries } from '../src/devices/provider-libraries.js';

const itWithoutCuda = missingProviderLibraries('cuda').length > 0 ? it : it.skip;

async function runMain(args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('check:gpu', () => {
  itWithoutCuda('fails with install steps when cuda is missing', async () => {
    const { code, output } = await runMain(['--devices', 'cuda']);

    expect(code).toBe(1);
    expect(output).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node');
    expect(output).toMatch(/^PP-OCRv4 rec +missing$/m);
    expect(output).toMatch(/^bert-opset11 +missing$/m);
    expect(output).toContain("cuda: missing. device 'cuda' is unavailable");
    expect(output).toMatch(/FAILED: a requested device is missing/);
  });

  it('rejects an unknown device with the usage', async () => {
    const { code, output } = await runMain(['--devices', 'cuda,gpu']);

    expect(code).toBe(2);
    expect(output).toContain('invalid --devices "cuda,gpu"; expected a comma-separated list of cuda, tensorrt, webgpu');
    expect(output).toContain('Usage: npm run check:gpu');
  });

  it('prints the usage for --help', async () => {
    const { code, output } = await runMain(['--help']);

    expect(code).toBe(0);
    expect(output).toContain('--install');
  });
});

describe('formatReport', () => {
  it('tabulates differences and explains every other cell', () => {
    const report: CheckReport = {
      devices: ['cuda', 'webgpu'],
      rows: [
        { model: 'PP-OCRv4 rec', cells: [{ device: 'cuda', status: 'ok', maxDifference: 2.5e-6 }, { device: 'webgpu', status: 'mismatch', maxDifference: 3e-3 }] },
        { model: 'fp16-cast', cells: [{ device: 'cuda', status: 'failed', detail: 'run failed' }, { device: 'webgpu', status: 'skipped', detail: 'no shader-f16' }] },
      ],
      missing: new Map(),
      passed: false,
    };

    const lines = formatReport(report).split('\n');

    expect(lines).toContain('model         cuda    webgpu');
    expect(lines).toContain('PP-OCRv4 rec  2.5e-6  3.0e-3 (over)');
    expect(lines).toContain('fp16-cast     failed  skipped');
    expect(lines).toContain('fp16-cast on cuda: failed. run failed');
    expect(lines).toContain('fp16-cast on webgpu: skipped. no shader-f16');
    expect(lines.at(-1)).toMatch(/^FAILED/);
  });
});

describe('knownLimitationOf', () => {
  it.each([
    ['Program Gather requires f16 but the device does not support it.', 'the WebGPU adapter lacks shader-f16, which float16 kernels need'],
    ['GetReducedShape(...) was false. Cannot reduce shape {3,12,6} by component=4', "onnxruntime's WebGPU Softmax rejects this shape for an opset < 13 Softmax over axis 1"],
    ['Non-zero status code returned while running MatMul node.', undefined],
  ])('classifies %j', (message, expected) => {
    expect(knownLimitationOf(new Error(message))).toBe(expected);
  });
});
