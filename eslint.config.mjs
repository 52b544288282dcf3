// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "**/node_modules/", "**/bin/", ".pulumi-state/", ".emulator/"] },
    eslint.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            globals: {
                process: "readonly",
                console: "readonly",
                Buffer: "readonly",
                require: "readonly",
                module: "readonly",
                __dirname: "readonly",
                setTimeout: "readonly",
                clearTimeout: "readonly",
            },
        },
        rules: {
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
        },
    },
    {
        // Plain CommonJS programs (users without TypeScript write them so).
        files: ["**/*.js"],
        languageOptions: { sourceType: "commonjs", globals: { exports: "writable", globalThis: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
