// A wrapper module that builds the real Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) for the engine
// conformance suite, without copying any Pulumi source into this repository. build.mjs copies this file into a
// cache folder per version, moves both requirements to that version and repeats the non-local replace lines of
// that version's own pkg/go.mod (its `sdk/v3 => ../sdk` replace is what the require of the SDK stands in for).
module cognito-action.test/pulumi-cli

go 1.25

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

require (
	github.com/pulumi/pulumi/pkg/v3 v3.248.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// From pulumi/pulumi pkg/go.mod at v3.248.0.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
