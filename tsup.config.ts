import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    arbitraries: 'src/arbitraries/index.ts',
    plot: 'src/plot/index.ts',
    cli: 'src/cli/bin.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['fast-check'],
  // the CJS chunks go through a class-fields transform that renames every class `_class`;
  // keep the real names (a trace's JSON and error messages use constructor.name)
  keepNames: true,
});
