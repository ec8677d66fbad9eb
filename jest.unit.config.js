import base from "./jest.config.js";

/**
 * `npm run test:unit`: test/unit only. Those tests import src/ directly, so they skip the build
 * of lib/ that test/global-setup.js runs for the tests that start the app as `npm start` does.
 */
const unit = { ...base, testMatch: ["<rootDir>/test/unit/**/*.test.ts"] };
delete unit.globalSetup;

export default unit;
