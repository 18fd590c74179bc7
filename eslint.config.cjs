// eslint's rules for the addon's JavaScript: ES modules of Odoo 18's web client (OWL screens,
// the KPI dashboard) and their browser tours. Only rules that catch defects fail the lint;
// the layout is prettier's.
const globals = require("globals");

module.exports = [
    {
        files: ["**/*.js"],
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: {...globals.browser, odoo: "readonly", owl: "readonly", luxon: "readonly"},
        },
        rules: {
            "no-undef": "error",
            "no-unused-vars": ["error", {args: "none"}],
            "no-use-before-define": ["error", {functions: false}],
            "no-const-assign": "error",
            "no-dupe-keys": "error",
            "no-dupe-class-members": "error",
            "no-duplicate-case": "error",
            "no-duplicate-imports": "error",
            "no-unreachable": "error",
            "no-unsafe-finally": "error",
            "no-unused-expressions": "error",
            "no-cond-assign": "error",
            "no-debugger": "error",
            "no-eval": "error",
            "no-return-assign": "error",
            "use-isnan": "error",
            "valid-typeof": "error",
            eqeqeq: ["error", "smart"],
            "prefer-const": "error",
            "no-var": "error",
        },
    },
];
