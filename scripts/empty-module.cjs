// Stands in for packages the bundles must not carry (see scripts/bundle.mjs).
module.exports = {};
