/**
 * Bad input for the public ops.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { opsSpecs } from './specs/opsSpecs.js';

runSpecs('ops', opsSpecs);
afterAll(() => writeLedger('ops'));
