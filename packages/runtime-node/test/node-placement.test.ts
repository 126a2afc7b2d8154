import { placementFromEvents } from '../src/placement/node-placement.js';

describe('placementFromEvents', () => {
  it('counts each node once per provider', () => {
    const kernel = (node: string, provider: string, opType: string) => ({ cat: 'Node', name: `${node}_kernel_time`, args: { provider, op_name: opType, node_index: node } });
    const events = [
      { cat: 'Session', name: 'model_run' },
      kernel('1', 'WebGpuExecutionProvider', 'MatMul'),
      kernel('2', 'CPUExecutionProvider', 'Shape'),
      { cat: 'Node', name: '2_fence_before', args: {} },
      kernel('3', 'CPUExecutionProvider', 'Gather'),
      // A second run of the same nodes.
      kernel('1', 'WebGpuExecutionProvider', 'MatMul'),
      kernel('2', 'CPUExecutionProvider', 'Shape'),
    ];

    expect(placementFromEvents(events)).toEqual({
      nodesByProvider: { WebGpuExecutionProvider: 1, CPUExecutionProvider: 2 },
      cpuOpTypes: ['Gather', 'Shape'],
    });
  });
});
