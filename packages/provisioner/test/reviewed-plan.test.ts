// What was reviewed vs what is applied: what a pull request's comment records, and the verdicts an apply
// reaches with it.
import { describe, expect, it } from "vitest";
import {
  DEPLOYED_UNKNOWN,
  RESOURCE_TYPES,
  SECRET_PLACEHOLDER,
  summarize,
  describeVerdict,
  destroyVerdict,
  planDigest,
  reviewedPlanMarker,
  reviewedPlanOf,
  reviewKey,
  reviewedPlansIn,
  reviewVerdict,
} from "@cognito-action/provisioner";
import type { Plan, Review } from "@cognito-action/provisioner";

const HEAD = "a".repeat(40);
const HOOK = "arn:aws:lambda:us-east-1:123456789012:function:hook-v2";
const ATTACKER = "arn:aws:lambda:us-east-1:999999999999:function:attacker";

function plan(paths: string[], action: "update" | "unchanged" = "update", after: unknown = "OPTIONAL"): Plan {
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

const entry = (shown: Plan) => ({ key: "prod-auth", plan: shown });

/** Pull request #12's review of `shown` at HEAD, merged at `mergedHead`. */
function reviewOf(shown: Plan, mergedHead = HEAD, destroys: string[] = []): Review {
  return { pullRequest: 12, reviewed: reviewedPlanOf(HEAD, [entry(shown)], destroys), mergedHead };
}

describe("planDigest", () => {
  it("differs when a changed property gets another value", () => {
    expect(planDigest(plan(["lambdaConfig.preSignUp"], "update", HOOK))).not.toBe(
      planDigest(plan(["lambdaConfig.preSignUp"], "update", ATTACKER)),
    );
  });
  it("is the same for the same change and values, whatever the old values", () => {
    const before = plan(["mfaConfiguration"]);
    const drifted = {
      ...before,
      changes: before.changes.map((change) => ({
        ...change,
        properties: change.properties.map((property) => ({ ...property, before: "ON" })),
      })),
    };
    expect(planDigest(drifted)).toBe(planDigest(before));
  });
  it("differs when another property changes", () => {
    expect(planDigest(plan(["mfaConfiguration"]))).not.toBe(
      planDigest(plan(["passwordPolicy.minimumLength"])),
    );
  });
  it("ignores unchanged resources", () => {
    expect(planDigest(plan([], "unchanged"))).toBe(planDigest({ ...plan([]), changes: [] }));
  });
  it("never holds a secret: a secret and an environment reference read the same", () => {
    expect(planDigest(plan(["clientSecret"], "update", SECRET_PLACEHOLDER))).toBe(
      planDigest(plan(["clientSecret"], "update", "(from $OKTA_SECRET)")),
    );
  });
});

describe("the hidden marker", () => {
  it("round-trips what the comment showed through a comment body", () => {
    const reviewed = reviewedPlanOf(HEAD, [entry(plan(["mfaConfiguration"]))], ["acme/identity/old"]);
    const marker = reviewedPlanMarker(reviewed);
    expect(marker.startsWith("<!--")).toBe(true);
    expect(reviewedPlansIn(`### Cognito plan\n\n${marker}\n\nfooter`)).toEqual(reviewed);
  });
  it("cannot be closed early by a name from a manifest", () => {
    const hostile = { ...plan(["a-->b<script>"]), stack: "x" };
    const marker = reviewedPlanMarker(reviewedPlanOf(HEAD, [entry(hostile)], ["-->"]));
    expect(marker.indexOf("-->")).toBe(marker.length - 3);
    expect(marker).not.toContain("<script>");
    expect(reviewedPlansIn(marker)?.destroys).toEqual(["-->"]);
  });
  it("records the properties whose value the comment could not show", () => {
    const shown = plan(["lambdaConfig.preSignUp"], "update", "(output arn of stack acme/hooks/prod)");
    expect(reviewedPlanOf(HEAD, [entry(shown)], []).plans["prod-auth"]?.unseen).toEqual([
      "user-pool lambdaConfig.preSignUp",
    ]);
  });
  it("is absent from a body without it, and from a comment of the version that bound no values", () => {
    expect(reviewedPlansIn("### Cognito plan")).toBeUndefined();
    expect(reviewedPlansIn('<!-- cognito-action:reviewed-plan {"prod-auth":"0123"} -->')).toBeUndefined();
  });
});

describe("reviewVerdict", () => {
  const shown = plan(["lambdaConfig.preSignUp"], "update", HOOK);
  it("reviews dev and prod of one manifest name apart, each under its own stack", () => {
    const labels = (stack: string) => ({
      "pulumi.openmcf.org/organization": "acme",
      "pulumi.openmcf.org/project": "identity",
      "pulumi.openmcf.org/stack.name": stack,
    });
    const dev = reviewKey({ name: "auth", labels: labels("dev") });
    const prod = reviewKey({ name: "auth", labels: labels("prod") });
    const devPlan = plan(["mfaConfiguration"]);
    const prodPlan = plan(["passwordPolicy.minimumLength"]);
    const review: Review = {
      pullRequest: 12,
      reviewed: reviewedPlanOf(
        HEAD,
        [
          { key: dev, plan: devPlan },
          { key: prod, plan: prodPlan },
        ],
        [],
      ),
      mergedHead: HEAD,
    };
    expect(dev).not.toBe(prod);
    expect(reviewVerdict(review, dev, devPlan).kind).toBe("as-reviewed");
    expect(reviewVerdict(review, prod, prodPlan).kind).toBe("as-reviewed");
    expect(reviewVerdict(review, prod, devPlan).kind).toBe("differs");
  });
  it("is as reviewed when the plan applies the values the pull request showed", () => {
    expect(describeVerdict(reviewVerdict(reviewOf(shown), "prod-auth", shown))).toBe("as reviewed in #12");
  });
  it("differs when the apply sets another value than the comment showed", () => {
    const applied = plan(["lambdaConfig.preSignUp"], "update", ATTACKER);
    expect(describeVerdict(reviewVerdict(reviewOf(shown), "prod-auth", applied))).toBe(
      "differs from the reviewed plan in #12",
    );
  });
  it("differs when another property changes", () => {
    expect(reviewVerdict(reviewOf(shown), "prod-auth", plan(["passwordPolicy.minimumLength"])).kind).toBe(
      "differs",
    );
  });
  it("accepts the engine's value where the comment could only show where it comes from", () => {
    const offline = plan(["lambdaConfig.preSignUp"], "update", "(output arn of stack acme/hooks/prod)");
    expect(reviewVerdict(reviewOf(offline), "prod-auth", shown).kind).toBe("as-reviewed");
    const unknown = plan(["userPoolId"], "update", DEPLOYED_UNKNOWN);
    expect(
      reviewVerdict(reviewOf(unknown), "prod-auth", plan(["userPoolId"], "update", "us-east-1_abc")).kind,
    ).toBe("as-reviewed");
  });
  it("differs when the pull request was merged at another head commit than the one reviewed", () => {
    const verdict = reviewVerdict(reviewOf(shown, "b".repeat(40)), "prod-auth", shown);
    expect(describeVerdict(verdict)).toBe(
      "differs from the reviewed plan in #12 (reviewed at aaaaaaa, merged at bbbbbbb)",
    );
  });
  it("differs when GitHub does not say which head commit was merged", () => {
    expect(reviewVerdict({ ...reviewOf(shown), mergedHead: undefined }, "prod-auth", shown).kind).toBe(
      "differs",
    );
  });
  it("differs for a change to a manifest the pull request did not plan", () => {
    expect(reviewVerdict(reviewOf(shown), "webapp-auth", plan(["mfaConfiguration"])).kind).toBe("differs");
  });
  it("says nothing without a reviewed plan", () => {
    expect(describeVerdict(reviewVerdict(undefined, "prod-auth", shown))).toBeUndefined();
  });
});

describe("destroyVerdict", () => {
  it("is as reviewed for a stack the comment showed destroyed", () => {
    expect(destroyVerdict(reviewOf(plan([]), HEAD, ["acme/identity/old"]), "acme/identity/old").kind).toBe(
      "as-reviewed",
    );
  });
  it("differs for a destroy the comment did not show", () => {
    expect(describeVerdict(destroyVerdict(reviewOf(plan([])), "acme/identity/old"))).toBe(
      "differs from the reviewed plan in #12 (destroying stack acme/identity/old is not shown in the reviewed plan of #12)",
    );
  });
  it("differs when the pull request was merged at another head commit", () => {
    expect(
      destroyVerdict(reviewOf(plan([]), "b".repeat(40), ["acme/identity/old"]), "acme/identity/old").kind,
    ).toBe("differs");
  });
});
