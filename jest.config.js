// ts-jest in ESM mode: tests run under `node --experimental-vm-modules` (see package.json).
/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }],
  },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 30_000,
  globalSetup: "<rootDir>/test/global-setup.js",
  clearMocks: true,
};
