const os = require('node:os');

/** Four projects: unit and integration run in `npm test`, e2e in `npm run test:e2e`, reliability in `npm run test:reliability`. */
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
module.exports = {
  // e2e suites raise this with jest.setTimeout where a real stack needs longer.
  testTimeout: 120000,
  // Unit and integration suites mostly wait on MariaDB, Redis, WordPress and child processes: three
  // workers on 2 cores ran `npm test` in about 4.5 min against 10.5 min with jest's default (cores - 1).
  // e2e and reliability run --runInBand.
  maxWorkers: Math.max(3, os.availableParallelism() - 1),
  // The last line of a run names the suites it left out (no TEST_MYSQL_URL, TEST_REDIS_URL, or no e2e).
  reporters: ['default', '<rootDir>/test/support/not-run.reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // `npm run test:reliability`: hostile HTTP, hostile TMDb data, load.
    { ...base, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.test.ts'] },
  ],
};
