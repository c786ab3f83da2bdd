// The TypeScript loader of the suite's child processes (spawnTypeScript: node -r this file).
// It compiles each .ts file as `-r @swc-node/register` does (SWC, with the options that
// @swc-node/register derives from tsconfig.json, below), and keeps the output in a cache on
// disk keyed by the file's path and content, the options and the SWC version. A child whose
// files are all cached loads neither SWC nor TypeScript (which @swc-node/register loads in
// every process: ~0.35 s of CPU per child, on the 2-core CI machine). JavaScript files are
// left to Node, as in the built service.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'register-ts');

/** What @swc-node/register 1.12 derives from tsconfig.json (module forced to CommonJS). */
function swcOptions() {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions;
  return {
    module: 'commonjs',
    target: 'es2022',
    jsx: false,
    sourcemap: 'inline',
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields: true,
    esModuleInterop: true,
    dynamicImport: true,
    keepClassNames: true,
    externalHelpers: false,
    baseUrl: ROOT,
    paths: Object.fromEntries(
      Object.entries(tsconfig.paths).map(([alias, paths]) => [
        alias,
        paths.map((path) => resolve(ROOT, path)),
      ]),
    ),
    swc: {},
  };
}

const options = swcOptions();
const swcVersion = require('@swc/core/package.json').version;
const salt = JSON.stringify([options, swcVersion]);
let swc;

function compile(source, filename) {
  const key = createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source);
  const file = join(CACHE, `${key.digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    swc ??= require('@swc-node/core');
    const { code } = swc.transformSync(source, filename, options);
    mkdirSync(CACHE, { recursive: true });
    // Written whole, then renamed: a concurrent child never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
    return code;
  }
}

Module._extensions['.ts'] = (module, filename) => {
  module._compile(compile(readFileSync(filename, 'utf8'), filename), filename);
};
