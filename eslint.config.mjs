// One lint configuration for the workspace. Type-checked rules catch floating and misused
// promises: a failure in an unawaited GitHub or engine call must never vanish.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import importCycles from "./scripts/lint/no-import-cycle.mjs";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "dist/**", "**/lib/**", "**/.turbo/**", "**/__snapshots__/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    // No import cycles in the packages: a file that imports back into one that imports it means a type or a
    // function lives in the wrong file (move it to where it belongs, or upstream to a file both read).
    // import-x/no-cycle follows runtime imports (workspace packages export `./src/index.ts` and imports name
    // their `.ts` files, so Node's resolution finds the sources; node_modules are not followed) but skips
    // `import type`; the local rule follows every relative import, type-only ones included.
    files: ["packages/*/src/**/*.ts", "packages/*/test/**/*.ts"],
    plugins: { "import-x": importX, cycles: importCycles },
    settings: {
      "import-x/extensions": [".ts", ".mts", ".js", ".mjs"],
      "import-x/external-module-folders": ["node_modules"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".mts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".mts", ".js", ".mjs"] })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "cycles/no-import-cycle": "error",
    },
  },
  {
    // Plain JavaScript (build scripts, benchmarks, the stand-in Pulumi CLI): Node globals, console allowed.
    files: ["**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: Object.fromEntries(
        [
          "process",
          "console",
          "Buffer",
          "URL",
          "setTimeout",
          "clearTimeout",
          "performance",
          "structuredClone",
        ].map((name) => [name, "readonly"]),
      ),
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "no-console": "off" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        exports: "writable",
        __dirname: "readonly",
        __filename: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Repository scripts print their results.
    files: ["scripts/**"],
    rules: { "no-console": "off" },
  },
);
