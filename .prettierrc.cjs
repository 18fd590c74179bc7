// Prettier's settings for the JS, XML, CSS and YAML of the addon (the OCA 18.0 choices):
// 88 columns, 4-space indents, double quotes, no spaces inside object braces, XML whitespace kept as written
// (QWeb and view arch text is significant).
module.exports = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    printWidth: 88,
    tabWidth: 4,
    bracketSpacing: false,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
    proseWrap: "always",
};
