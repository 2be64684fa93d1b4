/**
 * Bad input for the tensor layer and the error helpers.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { tensorSpecs } from './specs/tensorSpecs.js';

runSpecs('tensor layer', tensorSpecs);
afterAll(() => writeLedger('tensor'));
