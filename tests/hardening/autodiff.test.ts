/**
 * Bad input for the autodiff layer.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { autodiffSpecs } from './specs/autodiffSpecs.js';

runSpecs('autodiff', autodiffSpecs);
afterAll(() => writeLedger('autodiff'));
