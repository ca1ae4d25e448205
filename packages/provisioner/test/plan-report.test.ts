// The plan report as reviewers read it: snapshots of whole reports, and the escaping of text we do not control.
import { describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import {
  failedPlan,
  planChanges,
  planManifestChanges,
  renderGraphMarkdown,
  renderPlanReport,
  renderPlanReportParts,
  RESOURCE_TYPES,
  summarize,
  synth,
} from "../src/index.ts";
import type { ManifestPlan, Plan, PlanReport, ResourceChange } from "../src/index.ts";
import { exampleManifest, poolDocument } from "./fixtures.ts";

async function manifestPlan(
  name: string,
  file: string,
  fileChange: ManifestPlan["fileChange"],
  base: Manifest | undefined,
  head: Manifest | undefined,
): Promise<ManifestPlan> {
  const plan = planChanges(base && (await synth(base)), head && (await synth(head)));
  return { name, file, fileChange, plan };
}

function withSpec(manifest: Manifest, spec: Partial<Manifest["spec"]>): Manifest {
  return { ...manifest, spec: { ...manifest.spec, ...spec } };
}

const production = exampleManifest("production");
const hostedUi = exampleManifest("hosted-ui");
const quickStart = exampleManifest("quick-start");

const protectedReplacement = () =>
  manifestPlan(
    "prod-auth",
    "examples/production.yaml",
    "modified",
    production,
    withSpec(production, { usernameAttributes: ["email", "phone_number"] }),
  );

const passwordPolicyUpdate = () =>
  manifestPlan(
    "webapp-auth",
    "examples/hosted-ui.yaml",
    "modified",
    hostedUi,
    withSpec(hostedUi, {
      passwordPolicy: { ...hostedUi.spec.passwordPolicy!, minimumLength: 14, requireSymbols: true },
    }),
  );

const deletedManifest = () =>
  manifestPlan("my-auth", "examples/quick-start.yaml", "deleted", quickStart, undefined);

describe("renderPlanReport snapshots", () => {
  it("puts the replacement of a protected pool first, names the forcing fields and says every user is lost", async () => {
    const report: PlanReport = { plans: [await protectedReplacement()], source: { mode: "offline" } };
    const markdown = renderPlanReport(report);
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/protected-pool-replacement.md");
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("### Cognito plan: ⚠️ 1 user pool destroyed");
    expect(lines[2]).toBe("> [!CAUTION]");
    expect(lines[3]).toContain(
      "will be REPLACED because <code>usernameAttributes</code> cannot change in place",
    );
    expect(lines[3]).toContain("Every user in the pool is lost");
    expect(markdown).toContain("prod-auth has deletion protection, so the replacement will fail at apply");
    expect(markdown.indexOf("> [!CAUTION]")).toBeLessThan(markdown.indexOf("| Manifest |"));
  });

  it("shows a plain update with its before and after values", async () => {
    const report: PlanReport = {
      plans: [await passwordPolicyUpdate()],
      unchanged: 2,
      source: { mode: "offline" },
    };
    const markdown = renderPlanReport(report);
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/password-policy-update.md");
    expect(markdown).toContain("### Cognito plan: ✅ 1 manifest to change");
    expect(markdown).not.toContain("CAUTION");
    expect(markdown).toContain(
      "| <code>passwordPolicy.minimumLength</code> | <code>10</code> | <code>14</code> |",
    );
    expect(markdown).toContain("2 unchanged manifests not planned.");
  });

  it("says a deleted manifest's pool is deleted with every user", async () => {
    const report: PlanReport = { plans: [await deletedManifest()] };
    const markdown = renderPlanReport(report);
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/deleted-manifest.md");
    expect(markdown).toContain(
      "> **User pool <code>my-auth</code> (<code>my-org/my-project/dev.AwsCognitoUserPool.my-auth</code>) will be DELETED because its manifest is deleted. Every user in the pool is lost**",
    );
  });

  it("names spec.region as the reason a region change replaces the pool", async () => {
    const plan = await manifestPlan(
      "webapp-auth",
      "examples/hosted-ui.yaml",
      "modified",
      hostedUi,
      withSpec(hostedUi, { region: "eu-west-1" }),
    );
    const markdown = renderPlanReport({ plans: [plan] });
    expect(markdown).toContain("will be REPLACED because <code>spec.region</code> cannot change in place");
    expect(markdown).not.toContain("(provider)");
  });

  it("shows unknown values in italics, never as code that could pass for a value", async () => {
    const markdown = renderPlanReport({ plans: [await protectedReplacement()] });
    const row = markdown.split("\n").find((line) => line.includes("prod-auth-web-spa"))!;
    expect(row).toContain("| <i>deployed value, not known offline</i> | <i>known after apply</i> |");
  });

  it("notes an omitted passwordPolicy as kept, with how to reset it, instead of an update to nothing", async () => {
    const plan = await manifestPlan(
      "webapp-auth",
      "examples/hosted-ui.yaml",
      "modified",
      hostedUi,
      withSpec(hostedUi, { passwordPolicy: undefined }),
    );
    const { essential } = renderPlanReportParts({ plans: [plan] });
    expect(essential.split("\n")[0]).toBe("### Cognito plan: ✅ No changes");
    expect(essential).toContain("**Notes**");
    expect(essential).toMatch(
      /- ℹ️ <code>webapp-auth<\/code>: passwordPolicy of webapp-auth is no longer set, so AWS keeps the deployed value.*to change it, set spec\.passwordPolicy explicitly/,
    );
  });

  it("lists the errors of a failed plan in the essential part", async () => {
    const failed: ManifestPlan = {
      name: "hooked-auth",
      file: "pools/hooked.yaml",
      fileChange: "modified",
      plan: failedPlan("acme/tests/hooked", [
        {
          rule: "value-from-unresolved",
          message:
            "spec.lambdaConfig.preSignUp refers to AwsLambda/pre-sign-up status.outputs.function_arn, which was not found among the manifests under the current directory; there are no AwsLambda manifests there",
        },
      ]),
    };
    const report: PlanReport = { plans: [failed, await passwordPolicyUpdate()], source: { mode: "offline" } };
    const markdown = renderPlanReport(report);
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/failed-plan.md");
    expect(markdown.split("\n")[0]).toBe("### Cognito plan: ❌ 1 plan failed");
    expect(renderPlanReportParts(report).essential).toContain(
      "**Plan errors**\n\n- <code>hooked-auth</code>: spec.lambdaConfig.preSignUp refers to AwsLambda/pre-sign-up",
    );
    expect(markdown).toContain(
      "| <code>hooked-auth</code> ❌ | <code>acme/tests/hooked</code> | · | · | · | · |",
    );
  });

  it("lists validation errors and folds the warnings away", async () => {
    const validation = validateSources([
      {
        file: "pools/broken.yaml",
        text: JSON.stringify(
          poolDocument({
            name: "broken-auth",
            spec: { region: "mars-1", autoVerifiedAttributes: ["email"] },
          }),
          null,
          2,
        ),
      },
      {
        file: "pools/unlabelled.yaml",
        text: JSON.stringify(
          poolDocument({
            name: "loose-auth",
            metadata: { labels: {} },
            spec: { autoVerifiedAttributes: ["email"] },
          }),
          null,
          2,
        ),
      },
    ]);
    const findings = validation.documents.flatMap((document) => document.findings);
    expect(findings.map((finding) => finding.severity).sort()).toEqual(["error", "warning"]);
    const report: PlanReport = { plans: [], findings, unchanged: 1, source: { mode: "offline" } };
    const markdown = renderPlanReport(report);
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/validation-findings.md");
    expect(markdown.split("\n")[0]).toBe("### Cognito plan: ❌ 1 validation error");
    expect(renderPlanReportParts(report).essential).toContain("**Validation errors**");
    expect(renderPlanReportParts(report).details).toContain("<summary>1 validation warning</summary>");
  });

  it("renders the production example's graph", async () => {
    const markdown = renderGraphMarkdown(await synth(production));
    await expect(markdown).toMatchFileSnapshot("./__snapshots__/production-graph.md");
    expect(markdown).toContain("Protected: the engine refuses to delete it.");
    expect(markdown).toContain('| <code>client_secrets</code> | <code>{"api-server":"[secret]"}</code> |');
  });
});

describe("renderPlanReportParts", () => {
  it("keeps the status line, the destruction warnings and the summary table in the essential part", async () => {
    const report: PlanReport = {
      plans: [await protectedReplacement(), await passwordPolicyUpdate()],
      source: { mode: "offline" },
    };
    const { essential, details } = renderPlanReportParts(report);
    expect(essential.split("\n")[0]).toBe("### Cognito plan: ⚠️ 1 user pool destroyed");
    expect(essential).toContain("> [!CAUTION]");
    expect(essential).toContain("prod-auth has deletion protection");
    expect(essential).toContain("| Manifest | Stack | Create | Update | Replace | Delete |");
    expect(essential).toContain(
      "| <code>prod-auth</code> ⚠️ | <code>acme/platform/prod.AwsCognitoUserPool.prod-auth</code> | · | · | **10** | · |",
    );
    expect(essential).toContain(
      "| <code>webapp-auth</code> | <code>acme/webapp/staging.AwsCognitoUserPool.webapp-auth</code> | · | **1** | · | · |",
    );
    expect(essential).not.toContain("<details>");
    expect(details).toContain("<details>");
    expect(details).toContain("| Resource | Action | Property | Before | After |");
    expect(renderPlanReport(report)).toBe(`${essential}\n\n${details}`);
  });

  it("says there are no changes when nothing changes", () => {
    expect(renderPlanReport({ plans: [] })).toBe("### Cognito plan: ✅ No changes");
  });
});

describe("replacement order and drift in the details", () => {
  function planWith(change: ResourceChange): ManifestPlan {
    const plan: Plan = {
      stack: "organization/platform/prod.AwsCognitoUserPool.prod-auth",
      changes: [change],
      summary: summarize([change]),
      errors: [],
      warnings: [],
    };
    return { name: "prod-auth", file: "examples/production.yaml", fileChange: "modified", plan };
  }

  it('says a delete-before-replace domain is "deleted, then created"', async () => {
    const base = exampleManifest("hosted-ui");
    const head = withSpec(base, { domain: { ...base.spec.domain!, domain: "webapp-login-2" } });
    const entry = await manifestPlan("webapp-auth", "examples/hosted-ui.yaml", "modified", base, head);
    const markdown = renderPlanReport({ plans: [entry] });
    expect(markdown).toContain("| 🔴 replace<br><sub>deleted, then created</sub> | <code>domain</code> 🔁 |");
  });

  it("shows drift found by the refresh as changed outside, on a resource the plan leaves unchanged", () => {
    const markdown = renderPlanReport({
      plans: [
        planWith({
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          action: "unchanged",
          properties: [],
          drift: [{ path: "mfaConfiguration", before: "OPTIONAL", after: "OFF", forcesReplacement: false }],
        }),
      ],
    });
    expect(markdown).toContain(
      '| 🟠 drifted | <code>mfaConfiguration</code> <sub>(changed outside)</sub> | <code>"OPTIONAL"</code> | <code>"OFF"</code> |',
    );
  });
});

describe("escaping text we do not control", () => {
  const hostile = "`ls` | <script>alert(1)</script> \u001b[31mred\u001b[0m";

  function hostilePlan(): ManifestPlan {
    const change: ResourceChange = {
      type: RESOURCE_TYPES.userPool,
      name: "hostile-auth",
      action: "update",
      properties: [
        {
          path: "emailConfiguration.fromEmailAddress",
          before: "a",
          after: hostile,
          forcesReplacement: false,
        },
      ],
    };
    const plan: Plan = {
      stack: "acme/tests/hostile",
      changes: [change],
      summary: summarize([change]),
      errors: [{ rule: "synth-failed", message: `engine said ${hostile}` }],
      warnings: [{ rule: "stack-changed", message: `careful: ${hostile}` }],
    };
    return { name: "hostile-auth", file: "pools/hostile | <b>.yaml", fileChange: "modified", plan };
  }

  const markdown = renderPlanReport({ plans: [hostilePlan()] });

  it("escapes HTML so no tag from a value, a message or a file name reaches the page", () => {
    expect(markdown).not.toContain("<script>");
    expect(markdown).not.toContain("<b>.yaml");
    expect(markdown).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(markdown).toContain("pools/hostile &#124; &lt;b&gt;.yaml");
  });

  it("strips terminal colour codes from messages, and shows them in values only as JSON escapes", () => {
    expect(markdown).not.toContain("\u001b");
    const messages = markdown
      .split("\n")
      .filter((line) => line.includes("engine said") || line.includes("careful:"));
    expect(messages).toHaveLength(2);
    for (const line of messages) {
      expect(line).toContain("&lt;/script&gt; red");
      expect(line).not.toContain("[31m");
    }
  });

  it("escapes pipes so a value never splits a table cell", () => {
    const row = markdown.split("\n").find((line) => line.includes("emailConfiguration.fromEmailAddress"));
    expect(row).toBeDefined();
    expect(row).toContain("&#124;");
    // Five columns: six structural pipes and no others.
    expect(row!.split("|")).toHaveLength(7);
  });

  it("shows backticks in a value literally instead of starting Markdown code", () => {
    const row = markdown.split("\n").find((line) => line.includes("emailConfiguration.fromEmailAddress"))!;
    expect(row).not.toContain("`");
    expect(row).toContain("&#96;ls&#96;");
  });

  it("escapes the file in the details' title", () => {
    expect(markdown).toContain("(pools/hostile &#124; &lt;b&gt;.yaml, modified)");
  });
});

describe("a report with many findings", () => {
  it("counts every finding and lists the first hundred, saying how many more there are", () => {
    const finding = (line: number) => ({
      severity: "error" as const,
      rule: "region-format",
      message: "spec.region is not an AWS region code",
      path: "spec.region",
      file: `pools/p${line}.yaml`,
      line,
      column: 3,
    });
    const markdown = renderPlanReport({
      plans: [],
      findings: Array.from({ length: 250 }, (_, i) => finding(i + 1)),
    });
    expect(markdown).toContain("❌ 250 validation errors");
    expect(markdown.split("\n").filter((line) => line.startsWith("- <code>pools/"))).toHaveLength(100);
    expect(markdown).toContain("… and 150 more, each annotated on its line and listed in the job log");
  });
});

describe("a manifest that takes over an existing stack (spec.adopt.stack)", () => {
  it("says in the report that it adopts the stack, and what that deletes", async () => {
    const text = JSON.stringify(poolDocument({ spec: { adopt: { stack: true } } }));
    const head = validateSources([{ file: "pool.yaml", text }]).documents[0]!;
    const [planned] = await planManifestChanges(
      [{ name: "test-auth", file: "pool.yaml", fileChange: "added", head }],
      { base: [], head: [], searchedIn: "pool.yaml" },
      1,
    );
    const markdown = renderPlanReport({ plans: [planned!], source: { mode: "offline" } });
    expect(markdown).toContain("adopts existing stack acme/tests/test.pool");
    expect(markdown).toContain("allow-destroy and allow-replace");
  });

  it("says nothing of the kind without the marker", async () => {
    const head = validateSources([{ file: "pool.yaml", text: JSON.stringify(poolDocument()) }]).documents[0]!;
    const [planned] = await planManifestChanges(
      [{ name: "test-auth", file: "pool.yaml", fileChange: "added", head }],
      { base: [], head: [], searchedIn: "pool.yaml" },
      1,
    );
    expect(renderPlanReport({ plans: [planned!], source: { mode: "offline" } })).not.toContain(
      "adopts existing stack",
    );
  });
});

describe("resources the manifest does not declare", () => {
  it("puts their deletion in the caution block and the status line, naming type, name and stack", () => {
    const changes: ResourceChange[] = [
      { type: RESOURCE_TYPES.userPool, name: "my-auth", action: "create", properties: [] },
      { type: "aws:rds/instance:Instance", name: "ledger", action: "delete", properties: [] },
    ];
    const plan: Plan = {
      stack: "organization/payments/prod",
      changes,
      summary: summarize(changes),
      errors: [],
      warnings: [],
    };
    const markdown = renderPlanReport({
      plans: [{ name: "my-auth", file: "auth.yaml", fileChange: "added", plan }],
      source: { mode: "pulumi" },
    });
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("### Cognito plan: ⚠️ 1 undeclared resource deleted or replaced");
    expect(markdown).toContain(
      "> **<code>aws:rds/instance:Instance</code> <code>ledger</code> (<code>organization/payments/prod</code>) will be DELETED: the manifest does not declare it**",
    );
    expect(markdown).toContain("`allow-destroy` and `allow-replace`");
  });
});
