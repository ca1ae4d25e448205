// What was reviewed vs what is applied: the digests a pull request's comment carries, and the verdicts an
// apply reaches with them.
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES, summarize } from "@cognito-action/provisioner";
import type { Plan } from "@cognito-action/provisioner";
import {
  describeVerdict,
  planDigest,
  reviewedPlanMarker,
  reviewedPlansIn,
  reviewVerdict,
} from "../src/reviewed-plan.ts";

function plan(paths: string[], action: "update" | "unchanged" = "update", after = "OPTIONAL"): Plan {
  const changes = [
    {
      type: RESOURCE_TYPES.userPool,
      name: "user-pool",
      action,
      properties: paths.map((path) => ({ path, before: "OFF", after, forcesReplacement: false })),
    },
  ];
  return { stack: "acme/identity/dev", changes, summary: summarize(changes), errors: [], warnings: [] };
}

describe("planDigest", () => {
  it("is the same for the same change whatever the values (known only at apply time)", () => {
    expect(planDigest(plan(["mfaConfiguration"], "update", "ON"))).toBe(
      planDigest(plan(["mfaConfiguration"])),
    );
  });
  it("differs when another property changes", () => {
    expect(planDigest(plan(["mfaConfiguration"]))).not.toBe(
      planDigest(plan(["passwordPolicy.minimumLength"])),
    );
  });
  it("ignores unchanged resources", () => {
    expect(planDigest(plan([], "unchanged"))).toBe(planDigest({ ...plan([]), changes: [] }));
  });
});

describe("the hidden marker", () => {
  it("round-trips the digests through a comment body", () => {
    const marker = reviewedPlanMarker([
      { name: "prod-auth", file: "a.yaml", fileChange: "modified", plan: plan(["mfaConfiguration"]) },
    ]);
    expect(marker.startsWith("<!--")).toBe(true);
    expect(reviewedPlansIn(`### Cognito plan\n\n${marker}\n\nfooter`)).toEqual({
      "prod-auth": planDigest(plan(["mfaConfiguration"])),
    });
  });
  it("is absent from a body without it", () => {
    expect(reviewedPlansIn("### Cognito plan")).toBeUndefined();
  });
});

describe("reviewVerdict", () => {
  const review = { pullRequest: 12, digests: { "prod-auth": planDigest(plan(["mfaConfiguration"])) } };
  it("is as reviewed when the plan is the one the pull request showed", () => {
    expect(describeVerdict(reviewVerdict(review, "prod-auth", plan(["mfaConfiguration"])))).toBe(
      "as reviewed in #12",
    );
  });
  it("differs when the plan changed since the review", () => {
    expect(describeVerdict(reviewVerdict(review, "prod-auth", plan(["passwordPolicy.minimumLength"])))).toBe(
      "differs from the reviewed plan in #12",
    );
  });
  it("differs for a change to a manifest the pull request did not plan", () => {
    expect(reviewVerdict(review, "webapp-auth", plan(["mfaConfiguration"])).kind).toBe("differs");
  });
  it("says nothing without a reviewed plan", () => {
    expect(
      describeVerdict(reviewVerdict(undefined, "prod-auth", plan(["mfaConfiguration"]))),
    ).toBeUndefined();
  });
});
