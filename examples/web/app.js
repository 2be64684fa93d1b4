// The live demo: recompute a full trace whenever a control moves. Imports the ESM build.
import { GRUCell, LSTMCell, RNNCell, randn, traceGradients } from '../../dist/index.js';
import { heatmap, lineChart } from '../../dist/plot.js';

const $ = (id) => document.getElementById(id);
const form = $('controls');

function readControls() {
  return {
    cell: $('cell').value,
    activation: $('activation').value,
    steps: Number($('steps').value),
    hidden: Number($('hidden').value),
    scale: Number($('scale').value),
    forget: Number($('forget').value),
  };
}

function buildCell(c) {
  const common = { inputSize: 1, hiddenSize: c.hidden, seed: 0, weightHh: { init: 'uniform', gain: c.scale } };
  if (c.cell === 'lstm') return new LSTMCell({ ...common, forgetBias: c.forget });
  if (c.cell === 'gru') return new GRUCell(common);
  return new RNNCell({ ...common, activation: c.activation });
}

function fmt(log10) {
  if (!Number.isFinite(log10)) return '0';
  if (log10 > -3) return String(Number(Math.pow(10, log10).toPrecision(3)));
  const k = Math.floor(log10);
  return `${Math.pow(10, log10 - k).toFixed(1)}×10^${k}`;
}

function render() {
  const c = readControls();
  $('stepsOut').textContent = String(c.steps);
  $('hiddenOut').textContent = String(c.hidden);
  $('scaleOut').textContent = String(c.scale);
  $('forgetOut').textContent = String(c.forget);
  $('activation').disabled = c.cell !== 'rnn';
  $('forget').disabled = c.cell !== 'lstm';
  const t0 = performance.now();
  const cell = buildCell(c);
  const inputs = randn([c.steps, 1, 1], { seed: 1 });
  const last = traceGradients(cell, inputs, { targets: randn([1, c.hidden], { seed: 2 }) });
  const all = traceGradients(cell, inputs, { targets: randn([c.steps, 1, c.hidden], { seed: 3 }), lossAt: 'all' });
  const name = c.cell === 'rnn' ? `${c.activation} RNN` : c.cell.toUpperCase();
  const series = [{ name: `${name}: ‖∂E/∂h_t‖`, values: last.hiddenGradNormsLog10 }];
  if (c.cell === 'lstm') series.push({ name: 'LSTM: ‖∂E/∂c_t‖', values: last.stateGradNormsLog10.c });
  const s = last.summary();
  const kept = last.hiddenGradNormsLog10[0] - last.hiddenGradNormsLog10[c.steps];
  $('summary').textContent =
    `After ${c.steps} steps back, ${fmt(kept)} of the gradient is left: about ×${s.decayPerStep.toPrecision(3)} per step (${s.regime}).` +
    (s.bound ? ` The textbook bound allows at most ×${s.bound.factorPerStep.toPrecision(3)} per step (γ = ${s.bound.gamma}, ‖W_hh‖₂ = ${s.bound.weightHhNorm.toPrecision(3)}).` : '');
  $('norms').innerHTML = lineChart({ series, log10: true, xLabel: 't', yLabel: 'gradient norm', title: `${name}, T = ${c.steps}` });
  $('flow').innerHTML = heatmap({ matrix: all.gradientFlow({ log10: true }).slice(1), log10: true, xLabel: 't', yLabel: 'loss term k', title: '‖∂E_k/∂h_t‖', rowLabels: Array.from({ length: c.steps }, (_, k) => String(k + 1)) });
  const lstm = c.cell === 'lstm';
  $('forgetSection').hidden = !lstm;
  if (lstm) {
    $('forget').disabled = false;
    $('forgetChart').innerHTML = lineChart({
      series: [
        { name: 'full ‖∂c_T/∂c_s‖', values: last.jacobianProductNorms(c.steps, { log10: true, block: ['c', 'c'] }) },
        { name: 'forget path ‖∏ diag(f)‖', values: last.forgetGatePath(c.steps, { log10: true }), dash: true },
      ],
      log10: true,
      xLabel: 's',
      yLabel: 'norm',
      title: `c path back from T = ${c.steps}`,
    });
  }
  $('status').textContent = `computed in ${(performance.now() - t0).toFixed(0)} ms`;
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? 0) + 1);
}

let pending = false;
function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    try {
      render();
    } catch (e) {
      $('status').textContent = `error: ${e.message}`;
      throw e;
    }
  });
}

form.addEventListener('input', schedule);
schedule();
