/**
 * Bad input for gradscope/testing, gradscope/plot and gradscope/arbitraries.
 */
import { afterAll } from 'vitest';
import { writeLedger } from './harness.js';
import { runSpecs } from './spec.js';
import { arbitrariesSpecs, plotSpecs, testingSpecs } from './specs/facesSpecs.js';

runSpecs('gradscope/testing', testingSpecs);
runSpecs('gradscope/plot', plotSpecs);
runSpecs('gradscope/arbitraries', arbitrariesSpecs);
afterAll(() => writeLedger('faces'));
