import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { palette } from '../../src/plot/palette.js';
import { toVegaLite } from '../../src/plot/toVegaLite.js';
import { traceGradients } from '../../src/inspect/traceGradients.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn } from '../../src/tensor/creation.js';

describe('toVegaLite', () => {
  it('is a Vega-Lite v5 spec that survives a JSON round trip with the data values intact', () => {
    const spec = toVegaLite([
      { label: 'sigmoid RNN', hiddenGradNormsLog10: [-30.1, -20.5, -10, 0] },
      { label: 'LSTM', hiddenGradNormsLog10: [-0.3, -0.2, -0.1, 0] },
    ]);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.data.values).toHaveLength(8);
    expect(spec.data.values.filter((d) => d.series === 'sigmoid RNN').map((d) => [d.t, d.log10Norm])).toEqual([
      [0, -30.1],
      [1, -20.5],
      [2, -10],
      [3, 0],
    ]);
    expect(spec.encoding.y).toMatchObject({ field: 'log10Norm', type: 'quantitative', title: 'log10 ‖∂E/∂h_t‖' });
    expect(spec.encoding.color).toMatchObject({ field: 'series', sort: ['sigmoid RNN', 'LSTM'], scale: { range: [...palette] } });
  });

  it('leaves non-finite points out and starts a new segment after each gap', () => {
    const spec = toVegaLite({ label: 'a', hiddenGradNormsLog10: [0, -1, -Infinity, -3, NaN, NaN, -6] });
    expect(spec.data.values.map((d) => [d.t, d.segment])).toEqual([
      [0, 0],
      [1, 0],
      [3, 1],
      [6, 2],
    ]);
    expect(spec.encoding.detail).toEqual({ field: 'segment', type: 'nominal' });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.description).toContain('3 non-finite points');
  });

  it('accepts a single trace with extra fields, as a live GradientTrace or its JSON has', () => {
    const live = { hiddenGradNormsLog10: [-1, 0], hiddenGradNorms: [0.1, 1], steps: 1, loss: 0.5 };
    const spec = toVegaLite(live);
    expect(spec.data.values.map((d) => d.series)).toEqual(['trace', 'trace']);
  });

  it('gives the same data for a live GradientTrace and its JSON export, named after the cell', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 0 });
    const trace = traceGradients(cell, randn([6, 1, 1], { seed: 1 }), { targets: randn([1, 3], { seed: 2 }) });
    const live = toVegaLite(trace);
    const json = toVegaLite(JSON.parse(JSON.stringify(trace.toJSON())) as never);
    expect(json.data.values).toEqual(live.data.values);
    expect(live.data.values).toHaveLength(7);
    expect(live.data.values.map((d) => d.log10Norm)).toEqual(trace.hiddenGradNormsLog10);
    expect(live.data.values[0]!.series).toBe('RNNCell (sigmoid)');
  });

  it('reads null in a JSON curve as an exact zero: a gap', () => {
    const spec = toVegaLite({ label: 'j', hiddenGradNormsLog10: [-2, null, 0] });
    expect(spec.data.values.map((d) => [d.t, d.segment])).toEqual([
      [0, 0],
      [2, 1],
    ]);
  });

  it('names unlabelled traces and keeps repeated labels apart', () => {
    const spec = toVegaLite([{ hiddenGradNormsLog10: [0] }, { label: 'x', hiddenGradNormsLog10: [0] }, { label: 'x', hiddenGradNormsLog10: [0] }]);
    expect(spec.data.values.map((d) => d.series)).toEqual(['trace 1', 'x', 'x (2)']);
  });

  it('takes a title and size', () => {
    const spec = toVegaLite({ hiddenGradNormsLog10: [0] }, { title: 'Mine', width: 'container', height: 200 });
    expect([spec.title, spec.width, spec.height]).toEqual(['Mine', 'container', 200]);
  });

  it('rejects traces without numeric norms and bad options', () => {
    expect(() => toVegaLite({} as never)).toThrow(/toVegaLite: trace.hiddenGradNormsLog10 must be an array of numbers/);
    expect(() => toVegaLite([{ hiddenGradNormsLog10: ['1'] }] as never)).toThrow(ValueError);
    expect(() => toVegaLite([{ label: 3, hiddenGradNormsLog10: [] }] as never)).toThrow(ValueError);
    expect(() => toVegaLite([null] as never)).toThrow(ValueError);
    expect(() => toVegaLite([], { width: -1 })).toThrow(ValueError);
    expect(() => toVegaLite([], { colour: 'x' } as never)).toThrow(ValueError);
  });
});
