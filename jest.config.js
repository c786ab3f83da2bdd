/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
  transform: {
    '/node_modules/(content-disposition|jose|openid-client|oauth4webapi)/.+\\.js$': [
      '@swc/jest',
      { module: { type: 'commonjs' } },
    ],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // content-disposition 3 (under @fastify/static), jose, openid-client and oauth4webapi (its
  // base) are ESM only: Node 20.19+ requires them natively, Jest's module system does not, so
  // SWC turns them into CommonJS here.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose|openid-client|oauth4webapi)/)'],
  moduleNameMapper: {
    '^@cl/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@cl/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  // Most suites wait on child processes, Redis, Chromium and timers rather than compute: on the
  // 2-core machine three workers took the suite from ~565 s to ~380 s (measured under load).
  // Four gave no better (372-449 s against 370-430 s) and slowed the suites that spawn processes.
  maxWorkers: 3,
};
