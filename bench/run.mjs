#!/usr/bin/env node
/**
 * gradscope against TensorFlow.js (cpu, wasm) and jax-js (jit on wasm), same process, same
 * weights, alternating runs, medians and ratios. Run after `npm run build`:
 *
 *   node bench/run.mjs [--quick] [--peak 108] [--only lstm-tiny,matmul] [--no-jax] [--json out.json]
 *
 * --quick: fewer rounds and the small workloads only (about a minute). --peak: this machine's
 * single-core float64 peak in GFLOP/s, for the "share of peak" column. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import * as G from './lib/gradscope.mjs';
import * as J from './lib/jax.mjs';
import { problem, flopsOf } from './lib/problem.mjs';
import * as TF from './lib/tfjs.mjs';
import { alternate, median, timeOnce } from './lib/timing.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d;
};
const quick = flag('quick');
const peak = Number(value('peak', 108));
const only = value('only', '')
  .split(',')
  .filter(Boolean);
const withJax = !flag('no-jax');
const want = (name) => only.length === 0 || only.some((o) => name.startsWith(o));
const rounds = quick ? 3 : 7;
/** Rounds for a workload of a few milliseconds, where one noisy round moves a short median. */
const smallRounds = quick ? 5 : 15;

const rows = [];
const notes = [];
const log = (...a) => console.error(...a);

/** One workload: gradscope and the peers in alternating rounds on each TF.js backend. */
async function compare(name, spec, { gs, tf, jax }) {
  log(`· ${name}`);
  const p = problem(spec);
  const flops = flopsOf(p);
  const result = { name, gradscope: null, tfCpu: null, tfWasm: null, jax32: null, jax64: null, jaxFirst32: null, jaxFirst64: null, flops };
  const mine = gs(p);
  for (const backend of ['cpu', 'wasm']) {
    if (backend === 'cpu' && spec.skipCpu) continue;
    if (!(await TF.use(backend))) {
      notes.push(`TF.js ${backend} backend unavailable`);
      continue;
    }
    const peer = tf(p);
    const times = await alternate(
      [
        { name: 'gradscope', run: mine.run ?? mine },
        { name: 'tf', run: peer.run },
      ],
      backend === 'cpu' && spec.slowCpu ? { warmup: 1, rounds: 2 } : { warmup: spec.big ? 1 : 2, rounds: spec.big ? Math.min(rounds, 3) : spec.small ? smallRounds : rounds },
    );
    peer.dispose?.();
    result[backend === 'cpu' ? 'tfCpu' : 'tfWasm'] = times.tf;
    result.gradscope = result.gradscope === null ? times.gradscope : Math.min(result.gradscope, times.gradscope);
  }
  if (withJax && jax) {
    for (const dtype of ['float32', 'float64']) {
      try {
        const peer = jax(p, dtype);
        const times = await alternate(
          [
            { name: 'gradscope', run: mine.run ?? mine },
            { name: 'jax', run: peer.run },
          ],
          { warmup: 1, rounds: spec.big ? Math.min(rounds, 3) : rounds },
        );
        result[dtype === 'float32' ? 'jax32' : 'jax64'] = times.jax;
        result[dtype === 'float32' ? 'jaxFirst32' : 'jaxFirst64'] = peer.first;
      } catch (e) {
        notes.push(`jax-js ${dtype} failed on ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
      }
    }
  }
  rows.push(result);
}

// Without --only, every workload runs in a child process of its own: a clean heap for each
// (a large workload's garbage makes the next one's GC slower) and one table at the end.
const WORKLOADS = ['lstm-tiny', 'rnn-tiny', 'lstm-medium', 'rnn-medium', 'lstm-large', 'jacobians', 'matmul', 'demo', 'first', 'memory'];
if (only.length === 0) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gradscope-bench-'));
  const merged = { rows: [], matmul: [], extra: {}, notes: [] };
  for (const w of WORKLOADS) {
    if (quick && ['lstm-medium', 'rnn-medium', 'lstm-large'].includes(w)) continue;
    const file = path.join(tmp, `${w}.json`);
    const pass = args.filter((a, i) => a !== '--json' && args[i - 1] !== '--json');
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...pass, '--only', w, '--json', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status !== 0 || !existsSync(file)) {
      merged.notes.push(`${w}: the child process failed (status ${child.status})`);
      continue;
    }
    const r = JSON.parse(readFileSync(file, 'utf8'));
    merged.rows.push(...r.rows);
    merged.matmul.push(...r.matmul);
    Object.assign(merged.extra, r.extra);
    merged.notes.push(...r.notes);
  }
  rmSync(tmp, { recursive: true, force: true });
  report(merged);
  process.exit(0);
}

await J.start().catch(() => false);

const tinyL = { cell: 'lstm', B: 1, I: 1, H: 16, T: 200, small: true };
const tinyR = { ...tinyL, cell: 'rnn' };
const medL = { cell: 'lstm', B: 32, I: 64, H: 128, T: 100, slowCpu: true };
const medR = { ...medL, cell: 'rnn' };
// TF.js cpu takes ~30 s per large run and is 5× behind its wasm backend: left out there
const largeL = { cell: 'lstm', B: 64, I: 128, H: 256, T: 50, skipCpu: true, big: true };
const jacR = { cell: 'rnn', B: 1, I: 1, H: 32, T: 50, small: true };

const train = { gs: G.trainStep, tf: TF.trainStep, jax: J.trainStep };
if (want('lstm-tiny')) await compare('LSTM tiny (B1 I1 H16 T200)', tinyL, train);
if (want('rnn-tiny')) await compare('RNN tiny (B1 I1 H16 T200)', tinyR, train);
if (!quick && want('lstm-medium')) await compare('LSTM medium (B32 I64 H128 T100)', medL, train);
if (!quick && want('rnn-medium')) await compare('RNN medium (B32 I64 H128 T100)', medR, train);
if (!quick && want('lstm-large')) await compare('LSTM large (B64 I128 H256 T50)', largeL, train);
if (want('jacobians')) await compare('50 step Jacobians, tanh RNN H32', jacR, { gs: G.stepJacobians, tf: TF.stepJacobians, jax: J.stepJacobians });

// matmul: GFLOP/s of each contender, float64 and float32
const mm = [];
if (want('matmul')) {
  for (const n of quick ? [128, 256] : [128, 256, 512]) {
    log(`· matmul ${n}`);
    const f = 2 * n ** 3;
    const r = { n };
    for (const dtype of ['float64', 'float32']) r[dtype] = median(await many(G.matmul(n, dtype), n));
    for (const backend of ['cpu', 'wasm']) {
      if (!(await TF.use(backend))) continue;
      const m = TF.matmul(n);
      r[`tf-${backend}`] = median(await many(m.run, n));
      m.dispose();
    }
    if (withJax) {
      for (const dtype of ['float32', 'float64']) {
        try {
          r[`jax-${dtype}`] = median(await many(J.matmul(n, dtype).run, n));
        } catch (e) {
          notes.push(`jax-js matmul ${dtype}: ${String(e?.message ?? e).split('\n')[0]}`);
        }
      }
    }
    for (const k of Object.keys(r)) if (k !== 'n') r[k] = { ms: r[k], gflops: f / r[k] / 1e6 };
    mm.push(r);
  }
}

async function many(fn, n) {
  const reps = Math.max(3, Math.min(quick ? 5 : 15, Math.round(2e8 / n ** 3)));
  const start = performance.now();
  for (let i = 0; i < 1 || (performance.now() - start < 500 && i < 100); i++) await timeOnce(fn); // let the JIT finish
  const ts = [];
  for (let i = 0; i < reps; i++) ts.push(await timeOnce(fn));
  return ts;
}

// the demo's unit of work and the first-trace cost (gradscope only: the peers have no trace)
const extra = {};
if (want('demo')) {
  log('· demo unit of work');
  const p = problem({ cell: 'lstm', B: 1, I: 1, H: 64, T: 200 });
  const run = G.demo(p);
  const parts = G.demoParts(p);
  // ~40 ms a unit, and a collection every few units: 15 of them for a median that holds still
  const t = await alternate([{ name: 'demo', run }], { warmup: 1, rounds: quick ? 5 : 15 });
  const ps = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) ps.push(parts());
  extra.demo = { ms: t.demo, trace: median(ps.map((x) => x.trace)), jacobians: median(ps.map((x) => x.jacobians)), norms: median(ps.map((x) => x.norms)) };
}
if (want('first')) {
  log('· first trace after a change of shape and of cell type (child processes)');
  // each switch in fresh processes (a process meets a cell type for the first time only once)
  extra.first = [];
  for (const [before, after] of G.SWITCHES) {
    const runs = [];
    // a run takes ~2 s; a child that has not finished in 60 (V8 in Node 20 can deadlock a
    // collection against a background compile, rarely: docs/performance.md) is killed and run again
    for (let i = 0, hung = 0; i < (quick ? 1 : 3) && hung < 3; i++) {
      const child = spawnSync(process.execPath, [fileURLToPath(new URL('./first.mjs', import.meta.url)), before, after], { encoding: 'utf8', timeout: 60_000 });
      if (child.status === 0) runs.push(JSON.parse(child.stdout));
      else if (child.error?.code === 'ETIMEDOUT') {
        notes.push(`first-trace run ${before} → ${after} hung and was killed after 60 s; run again`);
        hung++;
        i--;
      } else notes.push(`first-trace run ${before} → ${after} failed: ${child.stderr.split('\n').slice(0, 3).join(' ')}`);
    }
    if (runs.length) extra.first.push({ before, after, first: median(runs.map((r) => r.first)), warm: median(runs.map((r) => r.warm)), ratio: median(runs.map((r) => r.first / r.warm)) });
  }
}
if (want('memory')) {
  log('· memory (child process with --expose-gc)');
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./memory.mjs', import.meta.url)), quick ? '2000' : '10000'], { encoding: 'utf8' });
  if (child.status === 0) extra.memory = JSON.parse(child.stdout);
  else notes.push(`memory run failed: ${child.stderr.split('\n').slice(0, 3).join(' ')}`);
}

report({ rows, matmul: mm, extra, notes });

// ---- the table --------------------------------------------------------------------------
function report({ rows, matmul: mm, extra, notes }) {
const fmt = (v, d = 2) => (v === null || v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(d));
const lines = [];
lines.push(`gradscope benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}`);
lines.push(`peak taken as ${peak} GFLOP/s float64 per core; gradscope float64, TF.js float32, jax-js jit on wasm; medians of alternating runs`);
lines.push('');
lines.push('| workload | gradscope ms | tfjs-cpu ms | tfjs-wasm ms | ratio to faster tfjs | jax f32 ms | jax f64 ms | GFLOP/s | % of peak |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const tfBest = [r.tfCpu, r.tfWasm].filter((v) => v !== null);
  const best = tfBest.length ? Math.min(...tfBest) : null;
  const gf = r.gradscope ? r.flops / r.gradscope / 1e6 : null;
  lines.push(
    `| ${r.name} | ${fmt(r.gradscope)} | ${fmt(r.tfCpu)} | ${fmt(r.tfWasm)} | ${best && r.gradscope ? `1/${fmt(best / r.gradscope, 1)}` : '—'} | ${fmt(r.jax32)} | ${fmt(r.jax64)} | ${fmt(gf)} | ${gf ? fmt((100 * gf) / peak, 1) : '—'} |`,
  );
}
if (rows.some((r) => r.jaxFirst32 !== null)) {
  lines.push('');
  lines.push('jax-js first call (trace + compile), ms: ' + rows.map((r) => `${r.name}: ${fmt(r.jaxFirst32)} (f32) / ${fmt(r.jaxFirst64)} (f64)`).join('; '));
}
if (mm.length) {
  lines.push('');
  lines.push('| matmul n | gradscope f64 GFLOP/s | gradscope f32 | tfjs-cpu f32 | tfjs-wasm f32 | jax f32 | jax f64 | gradscope f64 % of peak |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of mm) {
    const g = (k) => (r[k] ? fmt(r[k].gflops) : '—');
    lines.push(`| ${r.n} | ${g('float64')} | ${g('float32')} | ${g('tf-cpu')} | ${g('tf-wasm')} | ${g('jax-float32')} | ${g('jax-float64')} | ${fmt((100 * r.float64.gflops) / peak, 1)} |`);
  }
}
if (extra.demo) {
  const d = extra.demo;
  lines.push('');
  lines.push(`demo unit of work (LSTM H64 T200 B1: trace + 200 step Jacobians + norm curve): ${fmt(d.ms)} ms — trace ${fmt(d.trace)}, Jacobians ${fmt(d.jacobians)}, norm curve ${fmt(d.norms)}`);
}
if (extra.first?.length) {
  lines.push('first trace (H23 T100 B2 with step Jacobians, after 30 traces of H64), ms: ' + extra.first.map((f) => `${G.describeSwitch(f.before, f.after)} ${fmt(f.first)} vs warm ${fmt(f.warm)} (×${fmt(f.ratio)})`).join('; '));
}
if (extra.memory) {
  const m = extra.memory;
  lines.push(
    `memory: ${fmt(m.perStep, 1)} records per LSTM step, ${fmt(m.bytesPerRecord, 0)} bytes per record; training loop heap over ${m.steps} steps: ${m.heap.map((h) => (h / 2 ** 20).toFixed(1)).join(', ')} MiB (first → last: ${fmt((m.heap.at(-1) - m.heap[0]) / 2 ** 20)} MiB)`,
  );
}
for (const n of notes) lines.push(`note: ${n}`);
const out = value('json', '');
if (out) writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), load: os.loadavg()[0], peak, rows, matmul: mm, extra, notes }, null, 2));
if (!(only.length === 1 && out)) console.log(lines.join('\n'));
}
