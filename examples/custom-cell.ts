/**
 * A user-written recurrent cell: the peephole LSTM (Gers, Schraudolph & Schmidhuber 2002),
 * whose gates also look at the cell state. It implements `Cell` with public gradscope imports
 * only, so gradients, `unroll`, `SequenceModel`, `train` and `traceGradients` work on it
 * unchanged, without a single derivative written by hand.
 *
 * Run the main with `npx tsx examples/custom-cell.ts` (or import `main` from a test).
 */
import { pathToFileURL } from 'node:url';
import { GradientTape, sineWave, uniform, unroll, zeros } from '../src/index.js';
import type { Cell, Params, Tensor } from '../src/index.js';

/** The state of a peephole LSTM: hidden state h and cell state c, each `[B, H]`. */
export type PeepholeState = { h: Tensor; c: Tensor };

/** Options of {@link PeepholeLSTMCell}. */
export interface PeepholeLSTMCellOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Seed of the U(−1/√H, 1/√H) initialisation. @defaultValue 0 */
  readonly seed?: number;
}

/**
 * A peephole LSTM cell, gates in the order i, f, g, o like the built-in LSTMCell:
 * ```
 * [a_i a_f a_g a_o] = x W_ihᵀ + h W_hhᵀ + b          (each [B, H])
 * i = σ(a_i + p_i ⊙ c_{t−1}),  f = σ(a_f + p_f ⊙ c_{t−1}),  g = tanh(a_g)
 * c_t = f ⊙ c_{t−1} + i ⊙ g
 * o = σ(a_o + p_o ⊙ c_t),      h_t = o ⊙ tanh(c_t)
 * ```
 * Parameters `weightIh [4H, I]`, `weightHh [4H, H]`, `bias [4H]`, and the peephole weights
 * `peepI`, `peepF`, `peepO` `[H]` (diagonal, so an element-wise product).
 */
export class PeepholeLSTMCell implements Cell<PeepholeState> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly stateKeys = ['h', 'c'] as const;
  private params: Params;

  constructor({ inputSize, hiddenSize, seed = 0 }: PeepholeLSTMCellOptions) {
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    const H = hiddenSize;
    const k = 1 / Math.sqrt(H);
    const r = (shape: number[], s: number): Tensor => uniform(shape, -k, k, { seed: seed * 7 + s });
    this.params = {
      weightIh: r([4 * H, inputSize], 1),
      weightHh: r([4 * H, H], 2),
      bias: r([4 * H], 3),
      peepI: r([H], 4),
      peepF: r([H], 5),
      peepO: r([H], 6),
    };
  }

  initialState(batch: number): PeepholeState {
    return { h: zeros([batch, this.hiddenSize]), c: zeros([batch, this.hiddenSize]) };
  }

  step(x: Tensor, { h, c }: PeepholeState): PeepholeState {
    const { weightIh, weightHh, bias, peepI, peepF, peepO } = this.params as Record<string, Tensor>;
    const H = this.hiddenSize;
    const B = x.shape[0]!;
    const a = x.matmul(weightIh!.transpose()).add(h.matmul(weightHh!.transpose())).add(bias!);
    const gate = (k: number): Tensor => a.slice([0, k * H], [B, H]);
    const i = gate(0).add(c.mul(peepI!)).sigmoid();
    const f = gate(1).add(c.mul(peepF!)).sigmoid();
    const g = gate(2).tanh();
    const cNext = f.mul(c).add(i.mul(g));
    const o = gate(3).add(cNext.mul(peepO!)).sigmoid();
    return { h: o.mul(cNext.tanh()), c: cNext };
  }

  output(state: PeepholeState): Tensor {
    return state.h;
  }

  parameters(): Params {
    return this.params;
  }

  setParameters(params: Params): void {
    this.params = { ...params };
  }
}

/**
 * Unrolls a peephole LSTM over sine waves, then differentiates the last output's squared norm
 * with a tape: the gradient w.r.t. every parameter and w.r.t. the initial cell state.
 * @returns the lines it prints.
 */
export function main(print: (line: string) => void = console.log): string[] {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    print(s);
  };
  const cell = new PeepholeLSTMCell({ inputSize: 1, hiddenSize: 4, seed: 0 });
  const { inputs } = sineWave({ T: 25, batch: 2, seed: 1 });
  const s0 = cell.initialState(2);
  const tape = new GradientTape();
  const loss = tape.record(() => unroll(cell, inputs, s0).outputs[24]!.square().sum());
  const grads = tape.gradient(loss, { ...cell.parameters(), c0: s0.c });
  say(`peephole LSTM, T = 25, B = 2, H = 4: E = ‖h_25‖² = ${loss.item().toFixed(6)}`);
  for (const [name, g] of Object.entries(grads)) {
    say(`  ‖∂E/∂${name}‖ = ${Math.sqrt(g.square().sum().item()).toExponential(3)}`);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
