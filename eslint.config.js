import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
  {
    // The pure core must not reach GitHub: keep Probot and Octokit out of it.
    files: ["src/domain/**", "src/commands/**", "src/timeline/**", "src/render/**", "src/config/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["probot", "probot/*", "@octokit/*", "../github/*", "../handlers/*"] },
      ],
    },
  },
);
