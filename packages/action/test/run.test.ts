// In-process runs of the action: real manifests in a real git repository, the runner, GitHub and the engine
// faked at their seams, every call recorded.
import { describe, expect, it } from "vitest";
import {
  EngineOperationError,
  RESOURCE_TYPES,
  StackLockedError,
  summarize,
} from "@cognito-action/provisioner";
import { ORIGIN_TAGS } from "@cognito-action/provisioner";
import type { Plan, StackOutputs } from "@cognito-action/provisioner";
import { commentMarker } from "../src/report/publish.ts";
import { ContextError, InputsError } from "../src/run/errors.ts";
import { stackOf } from "./fakes.ts";
import {
  commentBodies,
  ENGINE_ENV,
  failureOf,
  onlyComment,
  pullRequestPayload,
  pullRequestRun,
  pushPayload,
  pushRun,
  deployedAt,
  eventRun,
  repository,
  runAction,
} from "./run-action.ts";
import { edit, example } from "./workspace.ts";

/** The result column of an apply report's table, by manifest. */
function applyResults(body: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of body.split("\n")) {
    const match = /^\| <code>([^<]+)<\/code> \| <code>[^<]+<\/code> \| ([^|]+) \|/.exec(line);
    if (match) rows[match[1]!] = match[2]!.trim();
  }
  return rows;
}

/** A stack's operations in an engine preview: whose it is first, its outputs masked, then the preview. */
const PREVIEWED = ["open", "tags", "resources", "currentOutputs", "preview", "dispose"];

/** The stack of webapp-auth, as the self-managed backend lists it. */
const WEBAPP_STACK = "organization/webapp/staging.AwsCognitoUserPool.webapp-auth";

/** Two edits that only update in place: a stronger password policy for webapp-auth, a new client for my-auth. */
const IN_PLACE_CHANGES = {
  "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 12"),
  "examples/quick-start.yaml": `${example("quick-start")}    - name: mobile\n      explicitAuthFlows:\n        - ALLOW_USER_SRP_AUTH\n        - ALLOW_REFRESH_TOKEN_AUTH\n`,
};

describe("a pull request preview, offline", () => {
  it("comments the plan, writes the summary and sets the outputs", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const result = await pullRequestRun(change, { env: {} });
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(0);
    expect(result.engine.calls).toEqual([]);

    const [comment, ...more] = result.api.writes;
    expect(more).toEqual([]);
    expect(comment?.method).toBe("createIssueComment");
    expect(comment?.args[0]).toBe(7);
    const body = comment?.args[1] as string;
    expect(body.split("\n")[0]).toMatch(/^<!-- cognito-action v1 \{"key":"manifests-[0-9a-f]{12}"\} -->$/);
    expect(body).toContain("webapp-auth");
    expect(body).toContain("my-auth");
    expect(body).not.toContain("prod-auth");
    // The head commit's SHA follows the examples' content; the snapshot shows where it goes, not its value.
    await expect(body.replaceAll(change.head, "<head commit>")).toMatchFileSnapshot(
      "./__snapshots__/pull-request-preview.md",
    );

    expect(result.runner.summaries).toHaveLength(1);
    expect(result.runner.summaries[0]).toContain("webapp-auth");
    // The summary is the comment without the marker.
    expect(body.endsWith(result.runner.summaries[0]!)).toBe(true);

    const outputs = result.runner.outputs;
    expect(outputs.valid).toBe("true");
    expect(outputs["has-changes"]).toBe("true");
    expect(outputs["has-replacements"]).toBe("false");
    expect(JSON.parse(outputs.changed!)).toEqual(expect.arrayContaining(["webapp-auth", "my-auth"]));
    expect(JSON.parse(outputs.changed!)).toHaveLength(2);
    const plan = JSON.parse(outputs.plan!) as {
      manifest: string;
      file: string;
      stack: string;
      create: number;
      update: number;
    }[];
    expect(plan).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          manifest: "webapp-auth",
          file: "examples/hosted-ui.yaml",
          update: 1,
          failures: [],
        }),
        expect.objectContaining({
          manifest: "my-auth",
          file: "examples/quick-start.yaml",
          create: 1,
          failures: [],
        }),
      ]),
    );
    expect(outputs["comment-url"]).toBe("https://github.com/acme/identity/pull/7#issuecomment-1000");
    expect(outputs["failure-reason"]).toBeUndefined();
  });

  it("leaves the comment alone when a re-run renders the same report", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const first = await pullRequestRun(change, { env: {} });
    const second = await pullRequestRun(change, { env: {}, github: { comments: first.api.comments } });
    expect(second.error).toBeUndefined();
    expect(second.api.writes).toEqual([]);
    expect(second.runner.outputs["comment-url"]).toBe(first.runner.outputs["comment-url"]);
  });

  it("updates its own comment when the pull request changes", async () => {
    const own = {
      id: 55,
      body: `${commentMarker("prod")}\n### Cognito plan: an older plan`,
      authorLogin: "github-actions[bot]",
      authorType: "Bot",
      url: "https://github.com/acme/identity/pull/7#issuecomment-55",
    };
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      env: {},
      inputs: { "comment-key": "prod" },
      github: { comments: [own] },
    });
    expect(result.api.writes.map((call) => [call.method, call.args[0]])).toEqual([
      ["updateIssueComment", 55],
    ]);
    expect(result.runner.outputs["comment-url"]).toBe(own.url);
  });

  it("writes no comment with comment-on-pr false, only the summary", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      env: {},
      inputs: { "comment-on-pr": "false" },
    });
    expect(result.error).toBeUndefined();
    expect(result.api.writes).toEqual([]);
    expect(result.runner.summaries).toHaveLength(1);
    expect(result.runner.outputs["comment-url"]).toBeUndefined();
  });
});

describe("a pull request preview with the engine", () => {
  it("previews only the changed manifests with the engine and applies nothing", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES));
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(1);
    expect(result.engine.opened()).toEqual(new Set(["my-auth", "webapp-auth"]));
    for (const manifest of ["my-auth", "webapp-auth"])
      // Whose the stack is comes first: a stack that is not this job's is never previewed.
      expect(result.engine.operationsOf(manifest)).toEqual(PREVIEWED);
    const body = onlyComment(result.api);
    // The fake engine's plan, not the offline one: the pool's MFA setting changes.
    expect(body).toContain("mfaConfiguration");
    expect(body).not.toContain("Planned offline");
  });
  it("shows a deployed stack of this job that no manifest declares any more as a deletion of its pool", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const deployed = deployedAt(change, change.base);
    // Deployed by this job from the base commit, from a manifest the globs no longer match.
    const legacy = {
      ...deployed[WEBAPP_STACK]!,
      [ORIGIN_TAGS.stack]: "acme/legacy/prod",
      [ORIGIN_TAGS.manifest]: "legacy-auth",
      [ORIGIN_TAGS.file]: "identity/legacy.yaml",
    };
    const result = await pullRequestRun(change, {
      deployed: { ...deployed, "organization/legacy/prod.AwsCognitoUserPool.legacy-auth": legacy },
    });
    expect(result.error).toBeUndefined();
    const body = onlyComment(result.api);
    expect(body).toContain("stack acme/legacy/prod was deployed from identity/legacy.yaml");
    expect(body).toContain("no manifest matching the globs declares it now");
  });
  it("plans offline and says why when the engine cannot be prepared", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      enginePreparationFails: "the checksums of pulumi 3.248.0 do not list pulumi-v3.248.0-linux-x64.tar.gz",
    });
    expect(result.error).toBeUndefined();
    expect(result.engine.calls).toEqual([]);
    const body = onlyComment(result.api);
    expect(body).toContain("Planned offline");
    expect(body).toContain(
      "The Pulumi engine could not be prepared (the checksums of pulumi 3.248.0 do not list",
    );
    expect(result.runner.messages("warning").join("\n")).toContain("the preview is offline");
  });
});

describe("a pull request with an invalid manifest", () => {
  it("fails with validation-failed, annotates the line and still comments", async () => {
    const result = await pullRequestRun(
      repository({
        "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 3"),
      }),
      {
        env: {},
      },
    );
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("validation-failed");
    expect(failure.message).toContain("1 validation errors");

    const line = example("hosted-ui").split("\n").indexOf("    minimumLength: 10") + 1;
    expect(result.runner.annotations("error")).toEqual([
      {
        message: expect.stringContaining(
          "spec.passwordPolicy.minimumLength must be between 6 and 99",
        ) as string,
        properties: {
          title: "cognito-action: out-of-range",
          file: "examples/hosted-ui.yaml",
          startLine: line,
          startColumn: expect.any(Number) as number,
        },
      },
    ]);
    expect(result.runner.outputs.valid).toBe("false");
    const body = onlyComment(result.api);
    expect(body).toContain("validation error");
    expect(body).toContain("examples/hosted-ui.yaml");
    expect(result.runner.summaries).toHaveLength(1);
  });

  it("fails on a warning only with fail-on: warning", async () => {
    // Without its resource server, the production example warns about scopes of a server it does not declare.
    const change = repository({
      ...IN_PLACE_CHANGES,
      "examples/production.yaml": example("production").replace(
        /\n {2}# Beyond OpenMCF: the resource server[^]*?(?=\n {2}domain:)/,
        "",
      ),
    });
    const lenient = await pullRequestRun(change, { env: {} });
    expect(lenient.runner.annotations("warning")).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({
          file: "examples/production.yaml",
          title: "cognito-action: scope-resource-server-undeclared",
        }) as object,
      }),
    ]);
    expect(lenient.error).toBeUndefined();
    expect(lenient.runner.outputs.valid).toBe("true");

    const strict = await pullRequestRun(change, { env: {}, inputs: { "fail-on": "warning" } });
    expect(failureOf(strict.error).reason).toBe("validation-failed");
    expect(failureOf(strict.error).message).toContain("(fail-on: warning)");
    expect(strict.runner.outputs.valid).toBe("false");
  });
});

describe("a pull request from a fork", () => {
  it("warns that the token may not comment, does not fail, and still writes the summary", async () => {
    const forbidden = Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      headRepository: "contributor/identity",
      env: {},
      prepareGitHub: (api) => api.failAlways("createIssueComment", forbidden),
    });
    expect(result.error).toBeUndefined();
    // Warnings in the log, not annotations on a manifest.
    const warnings = result.runner.events.flatMap((event) =>
      event.kind === "warning" && !event.properties ? [event.message] : [],
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("HTTP 403");
    expect(warnings[0]).toContain("pull-requests: write");
    expect(warnings[0]).toContain("forks");
    expect(result.runner.summaries).toHaveLength(1);
    expect(result.runner.summaries[0]).toContain("webapp-auth");
    expect(result.runner.outputs["comment-url"]).toBeUndefined();
    expect(result.runner.outputs["has-changes"]).toBe("true");
  });

  it("plans a fork offline by policy even when the engine is requested, says why, and does not fail", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      headRepository: "contributor/identity",
      env: {},
      inputs: { "preview-mode": "pulumi" },
    });
    // The engine is withheld on purpose (a fork's manifests would put live values in a public comment), not
    // missing: the comment says so and names the input that opens it; it is no failure of the engine mode.
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(0);
    expect(commentBodies(result.api)[0]).toContain("allow-engine-preview-of-untrusted-pull-requests");
  });

  it("fails with plan-failed when a fork's workflow opens the engine to it but the engine cannot be had", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      headRepository: "contributor/identity",
      env: {},
      inputs: { "preview-mode": "pulumi", "allow-engine-preview-of-untrusted-pull-requests": "true" },
    });
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("plan-failed");
    expect(failure.message).toContain("pull requests from forks get no secrets");
    expect(result.engineCreations).toBe(0);
  });

  it.each([
    ["pull_request from a fork", "pull_request", "contributor/identity", "comes from a fork"],
    ["pull_request_target from a fork", "pull_request_target", "contributor/identity", "comes from a fork"],
    [
      "pull_request_target from a branch",
      "pull_request_target",
      "acme/identity",
      "runs under pull_request_target",
    ],
  ])(
    "never runs the engine with the job's credentials on a %s, and the comment says why",
    async (_, eventName, headRepository, why) => {
      const { workspace, base, head } = repository(IN_PLACE_CHANGES);
      const result = await runAction({
        workspace,
        eventName,
        // pull_request_target runs on the base branch's tip.
        sha: eventName === "pull_request_target" ? base : head,
        payload: pullRequestPayload(base, head, headRepository),
        inputs: { "preview-mode": "pulumi" },
        env: ENGINE_ENV,
      });
      expect(result.error).toBeUndefined();
      expect(result.engineCreations).toBe(0);
      const body = commentBodies(result.api)[0]!;
      expect(body).toContain(`This pull request ${why}, so this is the offline plan`);
      expect(body).toContain("allow-engine-preview-of-untrusted-pull-requests");
      expect(result.runner.summaries[0]).toContain(`This pull request ${why}`);
    },
  );

  it("previews a fork's pull request with the engine when the workflow opts in", async () => {
    const result = await pullRequestRun(repository(IN_PLACE_CHANGES), {
      headRepository: "contributor/identity",
      inputs: { "allow-engine-preview-of-untrusted-pull-requests": "true" },
    });
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(1);
    expect(result.engine.operationsOf("webapp-auth")).toContain("preview");
  });
});

/** usernameAttributes cannot change in place: the production pool is replaced and its users lost. */
const REPLACING_CHANGE = {
  "examples/production.yaml": edit(
    example("production"),
    "usernameAttributes:\n    - email",
    "usernameAttributes:\n    - phone_number",
  ),
};

describe("a push to the default branch that replaces a pool", () => {
  it("is refused before any engine call without allow-replace", async () => {
    const result = await pushRun(repository(REPLACING_CHANGE));
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("replacement-blocked");
    expect(failure.message).toContain("user pool");
    expect(failure.message).toContain("prod-auth");
    expect(failure.message).toContain("usernameAttributes");
    expect(failure.message).toContain("allow-replace: true");
    expect(result.engine.calls).toEqual([]);
    // Not even prepared: on a runner that installs the Pulumi CLI.
    expect(result.engineCreations).toBe(0);
    expect(result.runner.outputs["has-replacements"]).toBe("true");
    // The merged pull request hears about it.
    const body = onlyComment(result.api);
    expect(result.api.writes[0]?.args[0]).toBe(12);
    expect(body).toContain("⛔ blocked");
    expect(body).toContain("usernameAttributes");
    expect(applyResults(body)).toEqual({ "prod-auth": "⏭️ not applied" });
    await expect(body).toMatchFileSnapshot("./__snapshots__/apply-replacement-blocked.md");
  });

  it("previews and updates the stack with allow-replace", async () => {
    const result = await pushRun(repository(REPLACING_CHANGE), {
      inputs: { "allow-replace": "true" },
    });
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(1);
    const operations = result.engine.operationsOf("prod-auth");
    expect(operations).toContain("preview");
    expect(operations).toContain("up");
    expect(operations.indexOf("preview")).toBeLessThan(operations.indexOf("up"));
    expect(operations.at(-1)).toBe("dispose");
    // Only the changed manifest's stack is touched: the others are recorded at their manifests' digests.
    expect(result.engine.opened()).toEqual(new Set(["prod-auth"]));
  });

  it("blocks a replacement that only the engine's preview shows", async () => {
    const replacement = (stack: string): Plan => {
      const changes = [
        {
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          action: "replace" as const,
          destroysUsers: true,
          properties: [{ path: "schemas", before: [], after: ["drifted"], forcesReplacement: true }],
        },
      ];
      return { stack, changes, summary: summarize(changes), errors: [], warnings: [] };
    };
    const result = await pushRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: () => ({ preview: (request) => replacement(stackOf(request)) }),
      },
    );
    expect(failureOf(result.error).reason).toBe("replacement-blocked");
    expect(result.engine.operationsOf("prod-auth")).not.toContain("up");
  });
});

const SECRET = "SECRET-abc123xyz";

describe("secrets from the engine", () => {
  const secretOutputs: StackOutputs = {
    values: { client_secrets: { "api-server": SECRET }, user_pool_id: "us-east-1_AbCdEf123" },
    secretNames: ["client_secrets"],
  };

  it("are masked before anything is printed, never written, and only in the client-secrets output", async () => {
    const result = await pushRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: () => ({ up: () => secretOutputs }),
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.runner.secrets).toContain(SECRET);

    // Between the engine's up and the masking, nothing is printed, summarised or commented.
    const up = result.timeline.findIndex((entry) => entry.kind === "engine" && entry.operation === "up");
    const masked = result.timeline.findIndex((entry) => entry.kind === "setSecret" && entry.value === SECRET);
    expect(up).toBeGreaterThan(-1);
    expect(masked).toBeGreaterThan(up);
    const inBetween = result.timeline.slice(up + 1, masked);
    expect(
      inBetween.filter((entry) =>
        ["info", "warning", "error", "notice", "appendSummary", "setOutput", "github"].includes(entry.kind),
      ),
    ).toEqual([]);

    const printed = [
      ...result.runner.messages("info"),
      ...result.runner.messages("warning"),
      ...result.runner.messages("error"),
      ...result.runner.messages("notice"),
      ...result.runner.messages("debug"),
      ...result.runner.summaries,
      ...commentBodies(result.api),
    ];
    expect(commentBodies(result.api)).toHaveLength(1);
    expect(result.runner.summaries).toHaveLength(1);
    for (const text of printed) expect(text).not.toContain(SECRET);

    const stackOutputs = JSON.parse(result.runner.outputs["stack-outputs"]!) as Record<string, unknown>;
    expect(stackOutputs).toEqual({
      "prod-auth": { client_secrets: { "api-server": "[secret]" }, user_pool_id: "us-east-1_AbCdEf123" },
    });
    expect(JSON.parse(result.runner.outputs["client-secrets"]!)).toEqual({
      "prod-auth": { "api-server": SECRET },
    });
    // The non-secret output is shown to reviewers.
    expect(commentBodies(result.api)[0]).toContain("us-east-1_AbCdEf123");
  });

  it("already deployed are masked before up, and redacted from an engine failure", async () => {
    const result = await pushRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: () => ({
          currentOutputs: () => secretOutputs,
          up: (request) => {
            throw new EngineOperationError(
              request.manifest.metadata.name,
              "up",
              `error: client secret ${SECRET} was rejected`,
            );
          },
        }),
      },
    );
    expect(failureOf(result.error).reason).toBe("apply-failed");
    const up = result.timeline.findIndex((entry) => entry.kind === "engine" && entry.operation === "up");
    const masked = result.timeline.findIndex((entry) => entry.kind === "setSecret" && entry.value === SECRET);
    expect(masked).toBeGreaterThan(-1);
    expect(masked).toBeLessThan(up);
    const body = onlyComment(result.api);
    expect(body).toContain("client secret *** was rejected");
    for (const text of [
      ...result.runner.summaries,
      ...commentBodies(result.api),
      ...result.runner.messages("info"),
    ])
      expect(text).not.toContain(SECRET);
  });
});

const GOOGLE_SECRET = "GOCSPX-from-a-github-secret";
/** The workflow lets the manifests read Google's secrets. */
const ENV_SECRETS = { "env-secrets": "GOOGLE_*" };
/** A new manifest whose Google client secret comes from the GOOGLE_CLIENT_SECRET variable. */
const FEDERATED_POOL_ADDED = { "examples/hosted-ui-google.yaml": example("hosted-ui-google") };

describe("values from the environment", () => {
  it("are masked before the engine opens the stack, and reach it only as the stack's env values", async () => {
    const seen: unknown[] = [];
    const result = await pushRun(repository(FEDERATED_POOL_ADDED), {
      inputs: ENV_SECRETS,
      env: { ...ENGINE_ENV, GOOGLE_CLIENT_SECRET: GOOGLE_SECRET },
      engine: () => ({
        up: (request) => {
          seen.push(request.envValues);
          return { values: { user_pool_id: "us-east-1_AbCdEf123" }, secretNames: [] };
        },
      }),
    });
    expect(result.error).toBeUndefined();
    expect(seen).toEqual([{ GOOGLE_CLIENT_SECRET: GOOGLE_SECRET }]);
    const masked = result.timeline.findIndex(
      (entry) => entry.kind === "setSecret" && entry.value === GOOGLE_SECRET,
    );
    const opened = result.timeline.findIndex(
      (entry) => entry.kind === "engine" && entry.operation === "open",
    );
    expect(masked).toBeGreaterThan(-1);
    expect(masked).toBeLessThan(opened);
    for (const text of [
      ...result.runner.summaries,
      ...commentBodies(result.api),
      ...result.runner.messages("info"),
      ...Object.values(result.runner.outputs),
    ])
      expect(text).not.toContain(GOOGLE_SECRET);
  });

  it("fail the apply of a stack whose variable is missing, naming it, before the engine opens the stack", async () => {
    const result = await pushRun(repository(FEDERATED_POOL_ADDED), {
      inputs: ENV_SECRETS,
    });
    expect(failureOf(result.error).reason).toBe("apply-failed");
    expect(result.engine.operationsOf("social-auth")).toEqual([]);
    const body = onlyComment(result.api);
    expect(body).toContain("environment variable GOOGLE_CLIENT_SECRET is not set");
    expect(body).toContain("spec.identityProviders[0].providerDetails.client_secret");
    expect(applyResults(body)).toEqual({ "social-auth": "❌ failed" });
  });

  it("fail the engine preview of a stack whose variable is missing, naming it, and preview the others", async () => {
    const result = await pullRequestRun(repository({ ...IN_PLACE_CHANGES, ...FEDERATED_POOL_ADDED }), {
      inputs: ENV_SECRETS,
    });
    expect(result.engine.operationsOf("social-auth")).toEqual([]);
    expect(result.engine.operationsOf("webapp-auth")).toContain("preview");
    const body = onlyComment(result.api);
    expect(body).toContain("environment variable GOOGLE_CLIENT_SECRET is not set");
    expect(result.runner.outputs["has-changes"]).toBe("true");
  });

  it("show in the offline plan of a pull request as where they come from", async () => {
    const { workspace, head: base } = repository(FEDERATED_POOL_ADDED);
    const head = workspace.commit(
      {
        "examples/hosted-ui-google.yaml": edit(
          example("hosted-ui-google"),
          "valueFromEnv: GOOGLE_CLIENT_SECRET",
          "valueFromEnv: GOOGLE_OAUTH_SECRET",
        ),
      },
      "read the secret from another variable",
    );
    const result = await runAction({
      workspace,
      eventName: "pull_request",
      sha: head,
      payload: pullRequestPayload(base, head),
      inputs: ENV_SECRETS,
    });
    expect(result.error).toBeUndefined();
    const body = onlyComment(result.api);
    expect(body).toContain("(from $GOOGLE_CLIENT_SECRET)");
    expect(body).toContain("(from $GOOGLE_OAUTH_SECRET)");
  });

  it("are refused where the workflow does not list them in env-secrets: an error at the manifest's line", async () => {
    const result = await pullRequestRun(repository(FEDERATED_POOL_ADDED), {
      inputs: { "env-secrets": "OKTA_*" },
      env: { ...ENGINE_ENV, GOOGLE_CLIENT_SECRET: GOOGLE_SECRET },
    });
    expect(failureOf(result.error).reason).toBe("validation-failed");
    expect(result.engine.operationsOf("social-auth")).toEqual([]);
    const line =
      example("hosted-ui-google")
        .split("\n")
        .findIndex((text) => text.includes("valueFromEnv")) + 1;
    expect(result.runner.annotations("error")).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining("not listed in the env-secrets input") as unknown,
        properties: expect.objectContaining({
          file: "examples/hosted-ui-google.yaml",
          startLine: line,
          title: "cognito-action: value-from-env-not-allowed",
        }) as unknown,
      }),
    );
  });

  it("never read the job's credentials, whatever env-secrets lists", async () => {
    const result = await pushRun(
      repository({
        "examples/hosted-ui-google.yaml": edit(
          example("hosted-ui-google"),
          "valueFromEnv: GOOGLE_CLIENT_SECRET",
          "valueFromEnv: AWS_SECRET_ACCESS_KEY",
        ),
      }),
      {
        inputs: { "env-secrets": "*" },
      },
    );
    expect(failureOf(result.error).reason).toBe("validation-failed");
    expect(result.engine.operationsOf("social-auth")).toEqual([]);
    expect(result.runner.annotations("error").map((annotation) => annotation.properties?.title)).toContain(
      "cognito-action: value-from-env-never-read",
    );
  });
});

describe("a locked stack", () => {
  const HOLDER = "alice@build-host (pid 4711)";

  it("fails a Pulumi preview with reason locked, naming the stack and who holds it", async () => {
    const result = await pullRequestRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        inputs: { "preview-mode": "pulumi" },
        engine: () => ({
          preview: () => {
            throw new StackLockedError("acme/platform/prod.AwsCognitoUserPool.prod-auth", HOLDER);
          },
        }),
      },
    );
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("locked");
    expect(failure.message).toContain("prod-auth");
    const body = onlyComment(result.api);
    expect(body).toContain("acme/platform/prod.AwsCognitoUserPool.prod-auth");
    expect(body).toContain(HOLDER);
    expect(result.runner.summaries[0]).toContain(HOLDER);
    expect(result.engine.operationsOf("prod-auth")).toEqual(PREVIEWED);
  });

  it("fails an apply with reason locked, naming the stack and who holds it", async () => {
    const result = await pushRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: () => ({
          up: () => {
            throw new StackLockedError("acme/platform/prod.AwsCognitoUserPool.prod-auth", HOLDER);
          },
        }),
      },
    );
    expect(failureOf(result.error).reason).toBe("locked");
    const body = onlyComment(result.api);
    expect(applyResults(body)).toEqual({ "prod-auth": "🔒 locked" });
    expect(body).toContain("acme/platform/prod.AwsCognitoUserPool.prod-auth");
    expect(body).toContain(HOLDER);
    expect(result.engine.operationsOf("prod-auth").at(-1)).toBe("dispose");
  });
});

describe("an apply where one of three stacks fails", () => {
  it("applies the other two, reports all three, and fails with apply-failed", async () => {
    const result = await pushRun(
      repository({
        ...IN_PLACE_CHANGES,
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: (manifest) =>
          manifest === "webapp-auth"
            ? {
                up: () => {
                  throw new EngineOperationError(
                    "acme/webapp/staging.AwsCognitoUserPool.webapp-auth",
                    "up",
                    "error: InvalidParameterException: the domain acme-staging-auth is taken",
                  );
                },
              }
            : {},
      },
    );
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("apply-failed");
    expect(failure.message).toBe("1 of 3 stacks did not apply; see the report");
    for (const manifest of ["my-auth", "webapp-auth", "prod-auth"])
      expect(result.engine.operationsOf(manifest)).toContain("up");

    const body = onlyComment(result.api);
    expect(body).toContain("the domain acme-staging-auth is taken");
    // Its record no longer vouches for any manifest: the next apply previews it again.
    expect(body).toContain("the stack is recorded as interrupted");
    expect(applyResults(body)).toEqual({
      "webapp-auth": "❌ failed",
      "prod-auth": "✅ applied",
      "my-auth": "✅ applied",
    });
    expect(Object.keys(JSON.parse(result.runner.outputs["stack-outputs"]!) as object).sort()).toEqual([
      "my-auth",
      "prod-auth",
    ]);
    await expect(body).toMatchFileSnapshot("./__snapshots__/apply-partial-failure.md");
  });
});

describe("before any work", () => {
  it("refuses bad inputs together, before reading the event or calling anything", async () => {
    const result = await eventRun(
      repository({}),
      "push",
      {},
      {
        inputs: { command: "deploy", parallel: "x", "allow-replace": "1" },
      },
    );
    expect(result.error).toBeInstanceOf(InputsError);
    expect((result.error as InputsError).problems).toHaveLength(3);
    expect(result.timeline).toEqual([]);
  });

  it("refuses to run outside a GitHub Actions job", async () => {
    const result = await eventRun(
      repository({}),
      "push",
      {},
      {
        env: { GITHUB_REPOSITORY: "" },
      },
    );
    expect(result.error).toBeInstanceOf(ContextError);
    expect(result.api.calls).toEqual([]);
  });
});

describe("other events", () => {
  it("only validates a push to another branch", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const result = await eventRun(
      change,
      "push",
      { ...pushPayload(change.base, change.head), ref: "refs/heads/feature" },
      {
        env: ENGINE_ENV,
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(0);
    expect(result.runner.summaries[0]).toMatch(/^### Cognito validation: /);
    expect(result.api.writes).toEqual([]);
  });

  it("says a scheduled drift check needs the engine when it cannot run", async () => {
    const result = await eventRun(repository({}), "schedule", { schedule: "0 6 * * *" });
    expect(result.error).toBeUndefined();
    expect(result.engineCreations).toBe(0);
    expect(result.runner.summaries[0]).toContain("No plan: a drift check needs the Pulumi engine");
    expect(result.api.writes).toEqual([]);
  });

  it("previews every manifest with the engine on a scheduled drift check", async () => {
    const result = await eventRun(
      repository({}),
      "schedule",
      {},
      {
        env: ENGINE_ENV,
      },
    );
    expect(result.error).toBeUndefined();
    expect(new Set(result.engine.calls.map((call) => call.manifest))).toEqual(
      new Set(["my-auth", "webapp-auth", "prod-auth"]),
    );
    expect(result.engine.calls.some((call) => call.operation === "up")).toBe(false);
    expect(result.runner.outputs["has-changes"]).toBe("true");
  });

  it("previews a merge group's changes", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const result = await eventRun(change, "merge_group", {
      merge_group: { base_sha: change.base, head_sha: change.head },
    });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.runner.outputs.changed!)).toHaveLength(2);
    expect(result.api.writes).toEqual([]);
  });
});

describe("a shallow checkout without the base commit", () => {
  it("asks the API which files changed and reads their base versions from it", async () => {
    const { workspace, head } = repository(IN_PLACE_CHANGES);
    const missingBase = "c".repeat(40);
    const result = await runAction({
      workspace,
      eventName: "pull_request",
      sha: head,
      payload: pullRequestPayload(missingBase, head),
      github: {
        pullRequestFiles: [{ status: "modified", path: "examples/hosted-ui.yaml" }],
        files: { [`${missingBase}:examples/hosted-ui.yaml`]: example("hosted-ui") },
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.api.calls.map((call) => call.method)).toEqual(
      expect.arrayContaining(["listPullRequestFiles", "fileAtRef"]),
    );
    expect(JSON.parse(result.runner.outputs.changed!)).toEqual(["webapp-auth"]);
    expect(commentBodies(result.api)[0]).toContain("<code>10</code> | <code>12</code>");
  });
});

describe("an apply that cannot or may not run", () => {
  it("applies nothing from a repository with invalid manifests", async () => {
    const result = await pushRun(
      repository({
        "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 3"),
      }),
    );
    expect(failureOf(result.error).reason).toBe("validation-failed");
    expect(result.engineCreations).toBe(0);
    expect(result.engine.calls).toEqual([]);
  });

  it("tells the merged pull request that nothing was applied because a manifest is invalid", async () => {
    const result = await pushRun(
      repository({
        "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 3"),
      }),
    );
    expect(failureOf(result.error).reason).toBe("validation-failed");
    const body = onlyComment(result.api);
    expect(result.api.writes[0]?.args[0]).toBe(12);
    expect(body).toContain("Nothing was applied");
    expect(body).toContain("minimumLength");
  });

  it("fails with apply-failed and says what to configure when the engine has no backend or credentials", async () => {
    const result = await pushRun(repository(IN_PLACE_CHANGES), {
      env: {},
    });
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("apply-failed");
    expect(failure.message).toContain("pulumi-backend-url");
    expect(failure.message).toContain("AWS credentials");
    expect(result.engine.calls).toEqual([]);
    expect(result.engineCreations).toBe(0);
    expect(commentBodies(result.api)[0]).toContain("pulumi-backend-url");
  });

  it("does nothing when no manifest changes anything", async () => {
    const result = await pushRun(repository({ "README.md": "docs only\n" }));
    expect(result.error).toBeUndefined();
    // Every stack is recorded at its manifest's digest: none is opened.
    expect(result.engine.opened()).toEqual(new Set());
    expect(result.runner.messages("info")).toContain("Every stack matches its manifest; nothing to apply.");
    // Prepared all the same: convergence reads what is deployed, whatever the pushed range says.
    expect(result.engineCreations).toBe(1);
    expect(result.runner.outputs["has-changes"]).toBe("false");
  });

  it("refuses to destroy the stack of a deleted manifest without allow-destroy", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { "allow-replace": "true" },
    });
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("replacement-blocked");
    expect(result.runner.summaries[0]).toContain("its manifest examples/hosted-ui.yaml is gone");
    expect(result.runner.summaries[0]).toContain("allow-destroy: true");
    expect(result.engine.operationsOf(WEBAPP_STACK)).not.toContain("destroyAndRemove");
    expect(result.engine.opened()).toEqual(new Set());
  });

  it("destroys the stack of a deleted manifest with allow-destroy and allow-replace", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { "allow-replace": "true", "allow-destroy": "true" },
    });
    expect(result.error).toBeUndefined();
    // Found by its tags as this job's stack whose manifest is gone, and removed from the backend with it.
    expect(result.engine.operationsOf(WEBAPP_STACK)).toEqual(["tags", "destroyAndRemove"]);
    expect(result.engine.stacks.has(WEBAPP_STACK)).toBe(false);
    expect(result.runner.summaries[0]).toContain("destroyed");
    expect(result.runner.outputs["has-changes"]).toBe("true");
  });

  it("destroys, under command: destroy, each planned manifest's stack once whose it is has been read", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { command: "destroy", "allow-replace": "true", "allow-destroy": "true" },
    });
    expect(result.error).toBeUndefined();
    // Whose the stack is is read first: a destroy never takes another job's or tool's stack with it.
    expect(result.engine.operationsOf("webapp-auth")).toEqual([
      "open",
      "tags",
      "resources",
      "currentOutputs",
      "destroy",
      "dispose",
    ]);
    expect(result.runner.summaries[0]).toContain("destroyed");
  });

  it("refuses, under command: destroy, a manifest's stack without allow-destroy, before any engine call", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { command: "destroy", "allow-replace": "true" },
    });
    expect(failureOf(result.error).reason).toBe("replacement-blocked");
    expect(result.runner.summaries[0]).toContain("webapp-auth: its manifest was deleted");
    expect(result.engine.calls).toEqual([]);
    expect(result.engineCreations).toBe(0);
  });

  it("does not preview a stack that is not this job's on a pull request, and says the merge would refuse it", async () => {
    const result = await pullRequestRun(
      repository({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      }),
      {
        engine: () => ({ resources: () => [{ type: "aws:rds/instance:Instance", name: "ledger" }] }),
      },
    );
    expect(result.engine.operationsOf("prod-auth")).toEqual(["open", "tags", "resources", "dispose"]);
    const body = onlyComment(result.api);
    expect(body).toContain(
      "stack-not-owned: stack acme/platform/prod.AwsCognitoUserPool.prod-auth exists and is not this job's",
    );
    // What the other stack holds is not this pull request's to show.
    expect(body).not.toContain("ledger");
  });

  it("refuses, under require-reviewed-plan, a destroy the merged pull request's comment did not show", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { "allow-replace": "true", "allow-destroy": "true", "require-reviewed-plan": "true" },
    });
    expect(failureOf(result.error).reason).toBe("plan-changed");
    expect(result.engine.operationsOf(WEBAPP_STACK)).not.toContain("destroyAndRemove");
    expect(result.runner.summaries[0]).toContain("no reviewed plan");
  });

  it("refuses, under require-reviewed-plan, an update when the pull request was merged at another head than reviewed", async () => {
    const change = repository(IN_PLACE_CHANGES);
    const review = await pullRequestRun(change, { env: {} });
    expect(review.error).toBeUndefined();
    const result = await pushRun(change, {
      inputs: { "require-reviewed-plan": "true" },
      github: {
        comments: review.api.comments,
        pullRequestsForCommit: [{ number: 12, merged: true, headSha: "f".repeat(40) }],
      },
    });
    expect(failureOf(result.error).reason).toBe("plan-changed");
    expect(result.runner.summaries[0]).toContain("merged at fffffff");
    expect(result.engine.calls.map((call) => call.operation)).not.toContain("up");
  });

  it("never destroys a stack that is not this job's, even with both allow inputs", async () => {
    const change = repository({ "examples/hosted-ui.yaml": undefined });
    const result = await pushRun(change, {
      inputs: { "allow-replace": "true", "allow-destroy": "true" },
      // The deleted manifest's stack was deployed by another job of this repository (another comment key).
      deployed: {
        ...deployedAt(change, change.base),
        [WEBAPP_STACK]: deployedAt(change, change.base, { "comment-key": "another-job" })[WEBAPP_STACK]!,
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.engine.operationsOf(WEBAPP_STACK)).not.toContain("destroyAndRemove");
    expect(result.engine.stacks.has(WEBAPP_STACK)).toBe(true);
  });

  it("never destroys, under command: destroy, a stack that is not this job's, even with both allow inputs", async () => {
    const result = await pushRun(repository({ "examples/hosted-ui.yaml": undefined }), {
      inputs: { command: "destroy", "allow-replace": "true", "allow-destroy": "true" },
      nothingDeployed: true,
      // Untagged, and holding what another tool deployed.
      engine: () => ({ resources: () => [{ type: "aws:s3/bucket:Bucket", name: "assets" }] }),
    });
    expect(failureOf(result.error).reason).toBe("stack-not-owned");
    expect(result.engine.operationsOf("webapp-auth")).toEqual(["open", "tags", "resources", "dispose"]);
    expect(result.runner.summaries[0]).toContain("aws:s3/bucket:Bucket assets");
  });
});
