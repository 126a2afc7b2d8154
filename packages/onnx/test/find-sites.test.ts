import { decodeModel, findSoftmaxSites } from '../src/index.js';
import { readOcrModel } from './support/ocr-model.js';

describe('findSoftmaxSites on PP-OCRv4', () => {
  const sites = findSoftmaxSites(decodeModel(readOcrModel()));

  it('finds two attention Softmax nodes and the CTC output', () => {
    expect(sites.map((site) => [site.name, site.kind, site.layer])).toEqual([
      ['p2o.Softmax.0', 'attention', 0],
      ['p2o.Softmax.1', 'attention', 1],
      ['p2o.Softmax.2', 'output', 0],
    ]);
  });

  it('reports axes, opset and patterns', () => {
    expect(sites.map((site) => site.axis)).toEqual([3, 3, 2]);
    expect(sites.every((site) => site.opset === 9)).toBe(true);
    expect(sites.map((site) => site.pattern)).toEqual(['scores', 'scores', 'logits']);
    expect(sites.some((site) => site.guarded)).toBe(false);
  });

  it('puts σ on the Softmax input and knows its element type', () => {
    const [first] = sites;
    expect(first?.insertion.consumer.opType).toBe('Softmax');
    expect(first?.insertion.value).toBe('p2o.MatMul.3');
    expect(first?.elementType).toBe(1);
  });
});
