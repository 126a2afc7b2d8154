import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { buildExternalData, buildTinyAttention, EXTERNAL_DATA_FILE_NAME, writeFixture } from '@multimax/testing';
import { type ModelProto, ModelProtoSchema, TensorProtoSchema } from 'onnx-buf';

const BIN = path.resolve(__dirname, '../dist/bin.js');
const GOOD_PARAMS = { format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1], ts: [-0.5, 0.3] }] };

/** Edits a decoded copy of the tiny attention model and returns its bytes. */
function editedModel(edit: (model: ModelProto) => void): Uint8Array {
  const model = fromBinary(ModelProtoSchema, buildTinyAttention(14));
  edit(model);
  return toBinary(ModelProtoSchema, model);
}

interface BadInputCase {
  label: string;
  /** Writes the inputs into `folder`; returns the CLI arguments. */
  arrange(folder: string): Promise<string[]> | string[];
  code: number;
  message: RegExp;
}

const cases: BadInputCase[] = [
  {
    label: 'truncated model',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14).subarray(0, 60));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /model\.onnx: not a valid ONNX model \(protobuf decoding failed: .*\); check that the file is a complete \.onnx file/,
  },
  {
    label: 'random bytes',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /model\.onnx: not (a valid ONNX model|an ONNX model)/,
  },
  {
    label: 'protobuf that is not a model',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), toBinary(TensorProtoSchema, create(TensorProtoSchema, { name: 'weights', dims: [2n], floatData: [1, 2] })));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /model\.onnx: not (a valid ONNX model|an ONNX model)/,
  },
  {
    label: 'graph with a cycle',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), editedModel((model) => {
        const div = model.graph!.node.find((node) => node.name === 'Div_a')!;
        div.input[0] = 'masked_a';
      }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /graph main: the graph has a cycle through node/,
  },
  {
    label: 'dangling input',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), editedModel((model) => {
        model.graph!.node.find((node) => node.name === 'Add_a')!.input[1] = 'no_such_mask';
      }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /node "Add_a" reads "no_such_mask", which no node, input or initializer produces/,
  },
  {
    label: 'duplicate value names',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), editedModel((model) => {
        model.graph!.node.find((node) => node.name === 'Div_b')!.output[0] = 'scaled_a';
      }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /value "scaled_a" is produced more than once \(again by node "Div_b"\)/,
  },
  {
    label: 'unknown op domain',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), editedModel((model) => {
        model.graph!.node.find((node) => node.name === 'Div_b')!.domain = 'com.example.ops';
        model.opsetImport.push({ $typeName: 'onnx.OperatorSetIdProto', domain: 'com.example.ops', version: 1n });
      }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /uses op domain "com\.example\.ops", which onnxruntime does not know; .*--allow-domain com\.example\.ops/,
  },
  {
    label: 'missing external data',
    arrange: async (folder) => {
      await writeFixture(buildExternalData(), folder);
      rmSync(path.join(folder, EXTERNAL_DATA_FILE_NAME));
      return ['patch', 'external-data.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /external-data\.onnx: external data file "external-data\.onnx\.data" of tensor ".*" is missing; copy it next to the model/,
  },
  {
    label: 'external data too short',
    arrange: async (folder) => {
      await writeFixture(buildExternalData(), folder);
      const dataPath = path.join(folder, EXTERNAL_DATA_FILE_NAME);
      writeFileSync(dataPath, readFileSync(dataPath).subarray(0, 100));
      return ['patch', 'external-data.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /external data file "external-data\.onnx\.data" has 100 bytes, but tensor ".*" needs bytes up to \d+; the file is truncated/,
  },
  {
    label: 'external data escaping the folder',
    arrange: async (folder) => {
      const fixture = buildExternalData();
      const model = fromBinary(ModelProtoSchema, fixture.bytes);
      for (const tensor of model.graph!.initializer) {
        for (const entry of tensor.externalData) if (entry.key === 'location') entry.value = '../../etc/passwd';
      }
      writeFileSync(path.join(folder, 'model.onnx'), toBinary(ModelProtoSchema, model));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /external data location "\.\.\/\.\.\/etc\/passwd" escapes the model's folder/,
  },
  {
    label: 'invalid params file',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14));
      writeFileSync(path.join(folder, 'bad.json'), JSON.stringify({ format: 'multimax-params', version: 2, targets: [{ select: {}, ranges: [1], ts: ['x', 0] }] }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'bad.json'];
    },
    code: 1,
    message: /bad\.json: invalid MultiMax params: version: .*targets\[0\]\.select.*targets\[0\]\.ranges.*targets\[0\]\.ts\[0\]/,
  },
  {
    label: 'params file with Infinity',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14));
      writeFileSync(path.join(folder, 'inf.json'), '{"format":"multimax-params","version":1,"targets":[{"select":{"kind":"attention"},"ranges":[-1,1],"ts":[1e999,0]}]}');
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'inf.json'];
    },
    code: 1,
    message: /inf\.json: invalid MultiMax params: targets\[0\]\.ts\[0\]: expected a finite number, got Infinity/,
  },
  {
    label: 'params overflowing float32',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14));
      writeFileSync(path.join(folder, 'big.json'), JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1e39], ts: [-0.5, 0.5] }] }));
      return ['patch', 'model.onnx', '-o', 'out.onnx', '-p', 'big.json'];
    },
    code: 1,
    message: /ranges\[1\] = 1e\+39 cannot be represented in float .* and would give Infinity or NaN/,
  },
  {
    label: 'output folder not writable',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14));
      return ['patch', 'model.onnx', '-o', '/sys/multimax-out.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /\/sys\/multimax-out\.onnx: cannot write the output \((EACCES|EROFS|EPERM)\); check that the folder exists, is writable/,
  },
  {
    label: 'output same as input',
    arrange: (folder) => {
      writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(14));
      return ['patch', 'model.onnx', '-o', './model.onnx', '-p', 'params.json'];
    },
    code: 1,
    message: /the output path is the input model; choose another output path/,
  },
  {
    label: 'missing model file',
    arrange: () => ['inspect', 'nowhere.onnx'],
    code: 1,
    message: /nowhere\.onnx: cannot read the model \(ENOENT\); check the path/,
  },
  {
    label: 'unknown option',
    arrange: () => ['patch', 'model.onnx', '-p', 'params.json', '--frobnicate'],
    code: 2,
    message: /unknown option '--frobnicate'/,
  },
];

describe.each(cases.map((entry) => [entry.label, entry] as const))('bad input: %s', (_label, entry) => {
  it('fails with one clear line and writes nothing', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-bad-'));
    try {
      writeFileSync(path.join(folder, 'params.json'), JSON.stringify(GOOD_PARAMS));
      const args = await entry.arrange(folder);
      const before = new Set(readdirSync(folder));

      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: folder, encoding: 'utf8' });
      expect(result.status).toBe(entry.code);
      expect(result.stderr).toMatch(entry.message);
      if (entry.code === 1) {
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      expect(readdirSync(folder).filter((name) => !before.has(name))).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

it('--verbose adds the stack trace', () => {
  const result = spawnSync(process.execPath, [BIN, 'inspect', 'nowhere.onnx', '--verbose'], { cwd: os.tmpdir(), encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/\n\s+at /);
});
