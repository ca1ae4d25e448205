// Stands in for the `typescript` package inside the bundles (see scripts/bundle.mjs).
module.exports = {};
