/**
 * The `gradscope` command: `demo`, `trace`, `train`.
 * @module
 */
import pkg from '../../package.json' with { type: 'json' };
import { GradscopeError } from '../errors.js';
import { demo, DEMO_HELP } from './demo.js';
import type { CliIO } from './io.js';
import { CliError } from './io.js';
import { trace } from './trace.js';
import { train } from './train.js';

export const HELP = `gradscope — watch backpropagation through time

Usage: gradscope <command> [options]

Commands:
  demo     sigmoid RNN vs tanh RNN vs LSTM, in the terminal and as an HTML report
  trace    trace one cell with every knob; --json for machine-readable output
  train    train a cell on a long-range task (adding, copy, sine) and compare traces

Run gradscope <command> --help for a command's options.
`;

const commands: Record<string, (argv: readonly string[], io: CliIO) => number> = { demo, trace, train };

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export function main(argv: readonly string[], io: CliIO): number {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(name === undefined ? `${HELP}\n${DEMO_HELP.split('\n')[0]}\n` : HELP);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`gradscope ${pkg.version}\n`);
      return 0;
    }
    const run = commands[name];
    if (!run) throw new CliError(`gradscope: unknown command '${name}'; expected demo, trace or train (see gradscope --help)`);
    return run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof GradscopeError) {
      io.err(`gradscope ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
