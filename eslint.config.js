import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/**
 * The layers of src/, lowest first; each may import only from itself and the layers before it
 * (README.md, Development, says what each holds). Dependencies point one way, so a layer can be read,
 * tested and changed without the ones above it, and no import cycle can form between layers.
 * index.ts, main.ts and lambda.ts, at the top, wire everything.
 */
const LAYERS = [
  "text",
  "domain",
  "config",
  "timeline",
  "render",
  "commands",
  "github",
  "service",
  "handlers",
];

const ENTRY_POINTS = ["../index.js", "../main.js", "../lambda.js"];

function layerRule(index) {
  const layer = LAYERS[index];
  const above = LAYERS.slice(index + 1).map((name) => `../${name}/*`);
  const upward = `src/${layer} may import only from ${LAYERS.slice(0, index + 1).join(", ")} (see eslint.config.js).`;
  const patterns = [];
  if (layer === "domain") {
    // The domain names the configuration's types (the shape it reads), never its code.
    patterns.push(
      { group: above.filter((p) => p !== "../config/*").concat(ENTRY_POINTS), message: upward },
      { group: ["../config/*"], allowTypeImports: true, message: `${upward} Types from config are allowed.` },
    );
  } else {
    patterns.push({ group: above.concat(ENTRY_POINTS), message: upward });
  }
  if (index < LAYERS.indexOf("github"))
    patterns.push({
      group: ["probot", "probot/*", "@octokit/*"],
      message: "Only src/github talks to GitHub.",
    });
  if (layer === "service")
    patterns.push({
      group: ["../github/*", "!../github/port.js"],
      message: "Services use GitHub through the port; handlers hand them the adapter.",
    });
  return {
    files: [`src/${layer}/**`],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ["lib/", "node_modules/", "coverage/", "demo-output/", "tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  ...LAYERS.map((_, index) => layerRule(index)),
  {
    // Within a layer too: a cycle makes module order matter (a value read before it is set).
    files: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "sandbox/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
);
