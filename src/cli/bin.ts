#!/usr/bin/env node
/**
 * Entry point of the `gradscope` executable.
 * @module
 */
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  cwd: process.cwd(),
});
