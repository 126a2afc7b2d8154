import { spawnSync } from 'node:child_process';

import { runJsonChild } from '../measure/child.js';

/** The Python interpreter with the onnx package: Debian's python3-onnx installs into /usr/bin/python3. */
const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];

// Loads and saves a model with the onnx package, as `onnx.load` + `onnx.save`. External data is not
// loaded (load_external_data=False), so the saved model keeps pointing at the data file in place,
// which is what readModelFile + writeModelFile do too. Peak RSS comes from /proc/self/status after
// resetting VmHWM, as in the Node worker.
const SCRIPT = `
import gc, json, os, sys, time
import onnx

def status(field):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) * 1024
    raise RuntimeError('no ' + field + ' in /proc/self/status')

mode, model_path = sys.argv[1], sys.argv[2]
output = os.path.join(os.path.dirname(model_path), '.bench-python-%d.onnx' % os.getpid())

def load_save():
    model = onnx.load(model_path, load_external_data=False)
    onnx.save(model, output)

if mode == 'time':
    warmups, repetitions = int(sys.argv[3]), int(sys.argv[4])
    times = []
    for round in range(warmups + repetitions):
        gc.collect()
        start = time.perf_counter()
        load_save()
        elapsed = (time.perf_counter() - start) * 1000
        if round >= warmups:
            times.append(elapsed)
    result = {'ms': times}
else:
    gc.collect()
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        peak_reset = True
    except OSError:
        peak_reset = False
    baseline = status('VmRSS')
    load_save()
    peak = status('VmHWM')
    result = {'baselineRssBytes': baseline, 'peakRssBytes': peak, 'extraBytes': peak - baseline, 'peakReset': peak_reset}
os.remove(output)
print(json.dumps(result))
`;

export interface PythonOnnx {
  executable: string;
  onnxVersion: string;
  protobufVersion: string;
  pythonVersion: string;
}

/** Finds a Python with the onnx package; returns undefined, with the reason, where there is none. */
export function findPythonOnnx(): PythonOnnx | { missing: string } {
  const probe = 'import sys, onnx, google.protobuf as p; print(onnx.__version__, p.__version__, sys.version.split()[0])';
  for (const executable of PYTHON_CANDIDATES) {
    const result = spawnSync(executable, ['-c', probe], { encoding: 'utf8' });
    const [onnxVersion, protobufVersion, pythonVersion] = result.stdout?.trim().split(' ') ?? [];
    if (result.status === 0 && onnxVersion !== undefined && protobufVersion !== undefined && pythonVersion !== undefined) {
      return { executable, onnxVersion, protobufVersion, pythonVersion };
    }
  }
  return { missing: `no Python with the onnx package (tried ${PYTHON_CANDIDATES.join(', ')}); install it with apt-get install python3-onnx` };
}

export function timePythonLoadSave(python: PythonOnnx, modelPath: string, warmups: number, repetitions: number): Promise<{ ms: number[] }> {
  return runJsonChild(python.executable, ['-c', SCRIPT, 'time', modelPath, String(warmups), String(repetitions)]);
}

export function measurePythonLoadSaveMemory(python: PythonOnnx, modelPath: string): Promise<{ extraBytes: number; peakReset: boolean }> {
  return runJsonChild(python.executable, ['-c', SCRIPT, 'memory', modelPath]);
}
