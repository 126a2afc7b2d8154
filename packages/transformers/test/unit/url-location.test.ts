import { locateModelUrl, type UrlSettings } from '../../src/location/url-location.js';

const SETTINGS: UrlSettings = { remoteHost: 'https://huggingface.co/', remotePathTemplate: '{model}/resolve/{revision}/', localModelPath: '/models/' };

describe('locateModelUrl', () => {
  test('remote host URL gives the model id', () => {
    expect(locateModelUrl('https://huggingface.co/Xenova/bert-base-uncased/resolve/main/onnx/model_quantized.onnx', SETTINGS)).toEqual({
      modelId: 'Xenova/bert-base-uncased',
      fileName: 'onnx/model_quantized.onnx',
      folder: 'https://huggingface.co/Xenova/bert-base-uncased/resolve/main',
      source: 'https://huggingface.co/Xenova/bert-base-uncased/resolve/main/onnx/model_quantized.onnx',
    });
  });

  test('local model path gives the model id', () => {
    expect(locateModelUrl('/models/org/tiny/onnx/model.onnx', SETTINGS, 'http://127.0.0.1:8080/app/index.html')).toEqual({
      modelId: 'org/tiny',
      fileName: 'onnx/model.onnx',
      folder: 'http://127.0.0.1:8080/models/org/tiny',
      source: 'http://127.0.0.1:8080/models/org/tiny/onnx/model.onnx',
    });
  });

  test('file outside an onnx subfolder belongs to its own folder', () => {
    const location = locateModelUrl('http://127.0.0.1:8080/other/tiny/decoder_model_merged.onnx', SETTINGS, 'http://127.0.0.1:8080/');
    expect(location.folder).toBe('http://127.0.0.1:8080/other/tiny');
    expect(location.fileName).toBe('decoder_model_merged.onnx');
    expect(location.modelId).toBe('http://127.0.0.1:8080/other/tiny');
  });
});
