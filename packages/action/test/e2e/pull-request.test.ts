// Stand-in engine: the pull request's comment and plan; scripted engine previews keep each case to seconds
// (test/engine runs pushes).
// The bundled action on pull requests, end to end: a real git workspace, the runner's files, and the GitHub
// API at a stand-in. No Pulumi backend or AWS credentials: the plan is the offline one.
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  resourceStep,
  RUN_TIMEOUT,
  STACKS,
  workflowCommands,
  examplesOnMain,
  startedPerTest,
} from "./scenario.ts";
import type { StackScenario } from "./scenario.ts";

const PULL_REQUEST = 12;
const TOKEN = "ghs_e2eTestToken";

const started = startedPerTest();

/** A repository with the three Cognito examples on main, and a pull request commit on top of it. */
function pullRequest(head: Record<string, string | undefined>) {
  started.repository = new TestRepository();
  const base = started.repository.commit({ ...examplesOnMain(), "README.md": "# identity\n" }, "main");
  const headSha = started.repository.commit(head, "pull request");
  return { repository: started.repository, base, head: headSha };
}

/** The comment body with the commit's SHA (short, and in the reviewed plan), which differs from run to run, replaced by a name. */
function normalized(body: string, sha: string): string {
  return body
    .replaceAll(`<code>${sha.slice(0, 7)}</code>`, "<code>HEAD_SHA</code>")
    .replaceAll(sha, "HEAD_SHA");
}

describe("a pull request preview", () => {
  it(
    "comments the offline plan once, sets the outputs, writes the job summary and annotates the warning",
    async () => {
      const { base, head } = pullRequest({
        // An update of the production pool …
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
        // … and a replacement of the staging pool: username attributes cannot change in place.
        // (whose client now names an identity provider configured outside the manifest: a warning).
        "examples/hosted-ui.yaml": edit(
          edit(example("hosted-ui"), "usernameAttributes:", "aliasAttributes:"),
          "      explicitAuthFlows:",
          "      supportedIdentityProviders: [COGNITO, Okta]\n      explicitAuthFlows:",
        ),
      });
      started.standIn = await startGitHubStandIn("acme", "identity");

      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(PULL_REQUEST, base, head),
        sha: head,
        inputs: { "github-token": TOKEN },
        apiUrl: started.standIn.url,
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      const writes = commentWrites(started.standIn.requests);
      expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
        `POST /repos/acme/identity/issues/${PULL_REQUEST}/comments`,
      ]);
      expect(writes[0]!.authorization).toBe(`token ${TOKEN}`);
      const body = bodyOf(writes[0]!);
      const [marker, ...report] = body.split("\n");
      expect(marker).toMatch(/^<!-- cognito-action v1 \{"key":"manifests-[0-9a-f]{12}"\} -->$/);
      expect(body).toContain(`commit <code>${head.slice(0, 7)}</code>`);
      await expect(normalized(body, head)).toMatchFileSnapshot("__snapshots__/pr-comment.md");

      // The job summary holds the same report, without the marker.
      expect(run.summary.trim()).toBe(report.join("\n").trim());

      expect(run.outputs.valid).toBe("true");
      expect(run.outputs["has-changes"]).toBe("true");
      expect(run.outputs["has-replacements"]).toBe("true");
      expect((JSON.parse(run.outputs.changed!) as string[]).sort()).toEqual(["prod-auth", "webapp-auth"]);
      const plan = JSON.parse(run.outputs.plan!) as Record<string, unknown>[];
      expect(plan).toHaveLength(2);
      expect(plan).toEqual(
        expect.arrayContaining([
          {
            manifest: "prod-auth",
            file: "examples/production.yaml",
            stack: "acme/platform/prod.AwsCognitoUserPool.prod-auth",
            create: 0,
            update: 1,
            replace: 0,
            delete: 0,
            failures: [],
          },
          expect.objectContaining({
            manifest: "webapp-auth",
            file: "examples/hosted-ui.yaml",
            stack: "acme/webapp/staging.AwsCognitoUserPool.webapp-auth",
            replace: expect.any(Number) as unknown,
            failures: [],
          }),
        ]),
      );
      expect(plan.find((entry) => entry.manifest === "webapp-auth")!.replace).toBeGreaterThanOrEqual(1);
      expect(run.outputs["comment-url"]).toMatch(
        /^https:\/\/github\.com\/acme\/identity\/pull\/\d+#issuecomment-\d+$/,
      );
      expect(run.outputs["failure-reason"]).toBeUndefined();

      // The staging pool's warning, annotated on its line.
      const warnings = workflowCommands(run.stdout, "warning");
      expect(warnings).toEqual([
        expect.objectContaining({
          properties: {
            file: "examples/hosted-ui.yaml",
            line: "37",
            col: "45",
            title: "cognito-action: identity-provider-undeclared",
          },
          message: expect.stringContaining(
            'identity provider "Okta" must be configured on the pool',
          ) as unknown,
        }),
      ]);
      expect(workflowCommands(run.stdout, "error")).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  it(
    "fails an invalid manifest with an annotation on its line, and still comments",
    async () => {
      const broken = edit(
        example("quick-start"),
        "  autoVerifiedAttributes:",
        "  mfaConfiguration: SOMETIMES\n  autoVerifiedAttributes:",
      );
      const line = broken.split("\n").findIndex((text) => text.includes("SOMETIMES")) + 1;
      const { base, head } = pullRequest({ "examples/quick-start.yaml": broken });
      started.standIn = await startGitHubStandIn("acme", "identity");

      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(PULL_REQUEST, base, head),
        sha: head,
        inputs: { "github-token": TOKEN },
        apiUrl: started.standIn.url,
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("validation-failed");
      expect(run.outputs.valid).toBe("false");
      const errors = workflowCommands(run.stdout, "error");
      const annotation = errors.find((error) => error.properties.file === "examples/quick-start.yaml");
      expect(annotation, run.stdout).toBeDefined();
      expect(annotation!.properties).toEqual({
        file: "examples/quick-start.yaml",
        line: String(line),
        col: expect.stringMatching(/^\d+$/) as unknown,
        title: "cognito-action: invalid-value",
      });
      expect(annotation!.message).toContain("SOMETIMES");
      expect(annotation!.message).toContain("[invalid-value]");
      // As printed: the title's colon escaped as the runner expects.
      expect(annotation!.line).toContain("title=cognito-action%3A invalid-value");
      expect(annotation!.line).toContain(`file=examples/quick-start.yaml,line=${line},col=`);
      // The step's failure says why.
      expect(errors.some((error) => /validation error/.test(error.message) && !error.properties.file)).toBe(
        true,
      );

      const writes = commentWrites(started.standIn.requests);
      expect(writes.map((request) => request.method)).toEqual(["POST"]);
      expect(bodyOf(writes[0]!)).toContain(`examples/quick-start.yaml:${line}`);
      expect(bodyOf(writes[0]!)).toContain("invalid-value");
      expect(run.outputs["comment-url"]).toBeDefined();
    },
    RUN_TIMEOUT,
  );

  it(
    "warns that a fork's token may not comment, and still writes the job summary",
    async () => {
      const { base, head } = pullRequest({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 16"),
      });
      started.standIn = await startGitHubStandIn("acme", "identity", { rejectCommentWritesWith: 403 });

      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(PULL_REQUEST, base, head, { fork: true }),
        sha: head,
        inputs: { "github-token": TOKEN },
        apiUrl: started.standIn.url,
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      const warnings = workflowCommands(run.stdout, "warning").filter((warning) => !warning.properties.file);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.line.startsWith("::warning::")).toBe(true);
      expect(warnings[0]!.message).toContain(
        `The token may not comment on pull request #${PULL_REQUEST} (HTTP 403)`,
      );
      expect(warnings[0]!.message).toContain("forks");
      // The write was tried once and refused; nothing else was written.
      expect(commentWrites(started.standIn.requests).map((request) => request.method)).toEqual(["POST"]);
      expect(started.standIn.state.comments.get(PULL_REQUEST) ?? []).toEqual([]);

      expect(run.summary).toContain("### Cognito plan");
      expect(run.summary).toContain("passwordPolicy.minimumLength");
      expect(run.outputs).not.toHaveProperty("comment-url");
      expect(run.outputs["has-changes"]).toBe("true");
    },
    RUN_TIMEOUT,
  );

  it(
    "previews with the engine when a backend and credentials are configured, and never updates",
    async () => {
      const { base, head } = pullRequest({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      });
      started.pulumi = new FakePulumi({
        [STACKS.production]: {
          previewEvents: [
            resourceStep("same", "pulumi:providers:aws", "aws"),
            resourceStep("update", "aws:cognito/userPool:UserPool", "prod-auth", {
              old: { inputs: { passwordPolicy: { minimumLength: 12 }, mfaConfiguration: "ON" } },
              new: { inputs: { passwordPolicy: { minimumLength: 14 }, mfaConfiguration: "OPTIONAL" } },
              detailedDiff: {
                "passwordPolicy.minimumLength": { diffKind: "update", inputDiff: true },
                // Drift: changed outside the tool, which only the engine sees.
                mfaConfiguration: { diffKind: "update", inputDiff: false },
              },
            }),
          ],
        },
      });
      started.standIn = await startGitHubStandIn("acme", "identity");
      // The run's own temporary directory, to see what it leaves behind.
      const temporary = join(started.pulumi.root, "tmp");
      mkdirSync(temporary);

      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(PULL_REQUEST, base, head),
        sha: head,
        inputs: { "github-token": TOKEN, "pulumi-version": FAKE_PULUMI_VERSION },
        apiUrl: started.standIn.url,
        env: { ...started.pulumi.env(), TMPDIR: temporary },
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(started.pulumi.operations()).toEqual([`preview ${STACKS.production}`]);
      // Each stack's Pulumi workspace (project and stack settings) is removed after its preview.
      expect(readdirSync(temporary)).toEqual([]);
      const body = bodyOf(commentWrites(started.standIn.requests)[0]!);
      expect(body).toContain("<code>mfaConfiguration</code>");
      expect(body).toContain("<code>passwordPolicy.minimumLength</code>");
      expect(body).not.toContain("Planned offline");
      expect(JSON.parse(run.outputs.plan!)).toEqual([
        {
          manifest: "prod-auth",
          file: "examples/production.yaml",
          stack: STACKS.production,
          create: 0,
          update: 1,
          replace: 0,
          delete: 0,
          failures: [],
        },
      ]);
      expect(run.outputs["has-replacements"]).toBe("false");
    },
    RUN_TIMEOUT,
  );

  /** A pull request previewed by the engine with `stack`'s scripted behaviour. */
  async function enginePreview(changes: Record<string, string>, stack: StackScenario) {
    const { base, head } = pullRequest(changes);
    started.pulumi = new FakePulumi({ [STACKS.production]: stack });
    started.standIn = await startGitHubStandIn("acme", "identity");
    return runBundledAction({
      workspace: started.repository!.path,
      eventName: "pull_request",
      payload: pullRequestPayload(PULL_REQUEST, base, head),
      sha: head,
      inputs: { "github-token": TOKEN, "pulumi-version": FAKE_PULUMI_VERSION },
      apiUrl: started.standIn.url,
      env: started.pulumi.env(),
    });
  }

  it(
    "fails closed when the engine's event stream is lost: a failed plan naming the stack, not 'No changes'",
    async () => {
      const run = await enginePreview(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
        {
          previewEvents: [resourceStep("update", "aws:cognito/userPool:UserPool", "prod-auth")],
          eventStream: "lost",
        },
      );
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      const body = bodyOf(commentWrites(started.standIn!.requests)[0]!);
      expect(body).toContain("❌ 1 plan failed");
      expect(body).toContain(`the engine's events for ${STACKS.production} ended without their summary`);
      expect(body).not.toContain("No changes");
    },
    RUN_TIMEOUT,
  );

  it(
    "shows a protected pool's replacement with the field that forces it and that deletion protection stops it",
    async () => {
      const urn = "urn:pulumi:stack::project::aws:cognito/userPool:UserPool::prod-auth";
      const metadata = {
        old: {
          inputs: { name: "prod-auth", usernameAttributes: ["email"], deletionProtection: "ACTIVE" },
          protect: true,
        },
        new: {
          inputs: { name: "prod-auth", aliasAttributes: ["email"], deletionProtection: "ACTIVE" },
          protect: true,
        },
        keys: ["usernameAttributes", "aliasAttributes"],
        detailedDiff: {
          usernameAttributes: { diffKind: "delete-replace", inputDiff: true },
          aliasAttributes: { diffKind: "add-replace", inputDiff: true },
        },
      };
      const run = await enginePreview(
        {
          "examples/production.yaml": edit(example("production"), "usernameAttributes:", "aliasAttributes:"),
        },
        {
          previewEvents: [
            {
              diagnosticEvent: {
                urn,
                severity: "error",
                color: "raw",
                message: `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`\n`,
              },
            },
            resourceStep("create-replacement", "aws:cognito/userPool:UserPool", "prod-auth", metadata),
            resourceStep("replace", "aws:cognito/userPool:UserPool", "prod-auth", metadata),
            resourceStep("delete-replaced", "aws:cognito/userPool:UserPool", "prod-auth", {
              ...metadata,
              new: null,
              detailedDiff: null,
            }),
          ],
          failPreview: "preview failed",
        },
      );
      const body = bodyOf(commentWrites(started.standIn!.requests)[0]!);
      expect(body).toContain("User pool <code>prod-auth</code>");
      expect(body).toContain(
        "will be REPLACED because <code>usernameAttributes</code>, <code>aliasAttributes</code> cannot change in place",
      );
      expect(body).toContain("prod-auth has deletion protection, so the replacement");
      expect(body).toContain("turn deletionProtection off");
      expect(body).toContain("<code>aliasAttributes</code> 🔁");
      expect(run.outputs["has-replacements"]).toBe("true");
    },
    RUN_TIMEOUT,
  );
});
