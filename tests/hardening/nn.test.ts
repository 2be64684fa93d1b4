/**
 * Bad input for the nn layer.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { nnSpecs } from './specs/nnSpecs.js';

runSpecs('nn', nnSpecs);
afterAll(() => writeLedger('nn'));
