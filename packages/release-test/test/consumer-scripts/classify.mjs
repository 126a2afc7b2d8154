// Runs a transformers.js text-classification pipeline offline on a local model folder with
// MultiMax installed, and prints each session report and the classification as JSON.
// Arguments: folder that contains the model folders, model id, params as JSON.
import { env, pipeline } from '@huggingface/transformers';
import { installMultiMax } from '@multimax/transformers';

const [modelRoot, modelId, paramsJson] = process.argv.slice(2);

env.allowRemoteModels = false;
env.localModelPath = modelRoot;

const sessions = [];
const multimax = installMultiMax({
  params: JSON.parse(paramsJson),
  onSession: (report) => sessions.push({ kind: report.kind, modelId: report.location?.modelId, patched: report.patched }),
});

const classifier = await pipeline('text-classification', modelId, { dtype: 'fp32' });
const classification = await classifier('the cat sat on the mat.');
multimax.uninstall();

console.log(JSON.stringify({ sessions, classification }));
