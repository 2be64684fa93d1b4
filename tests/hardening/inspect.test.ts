/**
 * Bad input for the inspection layer.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { inspectSpecs } from './specs/inspectSpecs.js';

runSpecs('inspect', inspectSpecs);
afterAll(() => writeLedger('inspect'));
