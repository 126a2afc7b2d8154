// Starts the page: the simplex view right away, then the models, which take seconds to load.
import { decodeModel } from '@multimax/onnx';

import { CHARACTER_LIST_PATH, RECOGNIZER_MODEL_PATH } from '../model/asset-paths';
import { parseCharacterList } from '@multimax/ppocr';
import { buildMultimaxModel } from '../model/multimax-model';
import { Recognizer } from '../model/recognizer';
import { type BackendPreference, configureRuntime, createFirstSession } from '../model/runtime';
import { buildModelVariant, findAttentionLayers } from '../model/variants';
import { readLayerParams } from '../params/first-order';
import { SHIPPED_PARAMS_FILE } from '../params/shipped';
import { formatDuration } from '../render/format';
import { drawColorBar } from '../render/heatmap';
import { SimplexView } from '../simplex/simplex-view';
import { showBackend } from '../views/backend-label';
import { createElement, requireElement } from '../views/dom';
import { InputPanel } from '../views/input-panel';
import { ParamsPanel } from '../views/params-panel';
import { ResultsView, setPageState } from '../views/results-view';
import { Explorer } from './explorer';

export async function start(): Promise<void> {
  new SimplexView();
  drawColorBar(requireElement('color-bar', HTMLCanvasElement), 256);

  const status = requireElement('status', HTMLElement);
  try {
    await startExplorer(status);
  } catch (error) {
    setPageState('error');
    status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
    console.error(error);
  }
}

async function startExplorer(status: HTMLElement): Promise<void> {
  configureRuntime(document.baseURI);
  const preference: BackendPreference = new URLSearchParams(location.search).get('backend') === 'wasm' ? 'wasm' : 'auto';

  status.textContent = 'Downloading the recognizer model (10 MB)…';
  const loadStart = performance.now();
  const [modelBytes, characterList] = await Promise.all([fetchBytes(RECOGNIZER_MODEL_PATH), fetchText(CHARACTER_LIST_PATH)]);
  const classes = parseCharacterList(characterList);
  const layers = findAttentionLayers(decodeModel(modelBytes, RECOGNIZER_MODEL_PATH));
  const initialParams = readLayerParams(SHIPPED_PARAMS_FILE, layers);

  status.textContent = 'Creating the SoftMax session…';
  const softmaxVariant = buildModelVariant(modelBytes, layers);
  const { session, backend } = await createFirstSession(softmaxVariant.bytes, preference);
  showBackend(requireElement('backend', HTMLElement), backend);
  const attentionOutputs = layers.map((layer) => layer.probabilitiesValue);
  const softmaxRecognizer = Recognizer.fromSession(session, classes, attentionOutputs);
  console.info(`MultiMax web demo: model loaded and SoftMax session created on ${backend.name} in ${formatDuration(performance.now() - loadStart)}`);

  const view = new ResultsView(
    {
      status,
      timings: requireElement('timings', HTMLElement),
      statsBody: requireElement('stats-body', HTMLTableSectionElement),
      softmaxSide: requireElement('side-softmax', HTMLElement),
      multimaxSide: requireElement('side-multimax', HTMLElement),
    },
    layers,
  );
  const multimaxSource = { originalBytes: modelBytes, layers, classes, backend: backend.name };
  const explorer = new Explorer({
    softmaxModel: softmaxRecognizer,
    buildMultimaxModel: (params) => buildMultimaxModel(multimaxSource, params),
    initialParams,
    view,
  });

  new ParamsPanel(
    {
      container: requireElement('params-sliders', HTMLDivElement),
      resetButton: requireElement('reset-params', HTMLButtonElement),
      downloadButton: requireElement('download-params', HTMLButtonElement),
    },
    layers,
    initialParams,
    (params) => explorer.setParams(params),
  );

  const multimaxToggle = requireElement('multimax-enabled', HTMLInputElement);
  multimaxToggle.addEventListener('change', () => explorer.setMultimaxEnabled(multimaxToggle.checked));
  explorer.setMultimaxEnabled(multimaxToggle.checked);

  setUpHeadSelect(requireElement('head-select', HTMLSelectElement), view);

  const inputPanel = new InputPanel(
    {
      textInput: requireElement('text-input', HTMLInputElement),
      imageInput: requireElement('image-input', HTMLInputElement),
      preview: requireElement('input-preview', HTMLCanvasElement),
      caption: requireElement('input-caption', HTMLElement),
    },
    (input) => explorer.setInput(input),
    (error) => view.showError(error),
  );
  inputPanel.useText();
}

/** PP-OCRv4's recognizer has 8 heads per attention layer; the selector lists them from 1. */
const HEAD_COUNT = 8;

function setUpHeadSelect(select: HTMLSelectElement, view: ResultsView): void {
  for (let head = 0; head < HEAD_COUNT; head++) select.append(createElement('option', { value: String(head) }, `Head ${head + 1}`));
  select.addEventListener('change', () => view.setHead(Number(select.value)));
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchOk(path)).arrayBuffer());
}

async function fetchText(path: string): Promise<string> {
  return (await fetchOk(path)).text();
}

async function fetchOk(path: string): Promise<Response> {
  const url = new URL(path, document.baseURI);
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`loading ${url.href} failed with HTTP ${response.status}; the build copies this file into dist/${path}, so rebuild or check the server`);
  }
  return response;
}
