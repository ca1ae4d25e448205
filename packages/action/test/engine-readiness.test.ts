import { describe, expect, it } from "vitest";
import { backendUrl, engineUnavailableReason, hasAwsCredentials } from "../src/run/execute.ts";
import {
  choosePreviewMode as choosePreviewModeFor,
  untrustedPreviewReason,
} from "../src/commands/preview.ts";
import type { Inputs } from "../src/run/request.ts";

/** The preview mode for a job with `env`, whose engine readiness the session reads once. */
function choosePreviewMode(
  inputs: Pick<Inputs, "preview-mode" | "pulumi-backend-url">,
  env: Readonly<Record<string, string | undefined>>,
  fromFork: boolean,
  untrusted?: string,
) {
  return choosePreviewModeFor(inputs, engineUnavailableReason(inputs, env), fromFork, untrusted);
}

const READY = { PULUMI_BACKEND_URL: "s3://state/cognito", AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" };

describe("backendUrl", () => {
  it("prefers the input", () => {
    expect(
      backendUrl(
        { "pulumi-backend-url": "s3://input" },
        { PULUMI_BACKEND_URL: "s3://env", PULUMI_ACCESS_TOKEN: "t" },
      ),
    ).toBe("s3://input");
  });

  it("falls back to PULUMI_BACKEND_URL", () => {
    expect(
      backendUrl(
        { "pulumi-backend-url": "" },
        { PULUMI_BACKEND_URL: "file://state", PULUMI_ACCESS_TOKEN: "t" },
      ),
    ).toBe("file://state");
  });

  it("uses Pulumi Cloud when only an access token is set", () => {
    expect(backendUrl({ "pulumi-backend-url": "" }, { PULUMI_ACCESS_TOKEN: "pul-123" })).toBe(
      "https://api.pulumi.com",
    );
  });

  it("has no backend otherwise", () => {
    expect(backendUrl({ "pulumi-backend-url": "" }, {})).toBeUndefined();
    expect(
      backendUrl({ "pulumi-backend-url": "" }, { PULUMI_BACKEND_URL: "", PULUMI_ACCESS_TOKEN: "" }),
    ).toBeUndefined();
  });
});

describe("hasAwsCredentials", () => {
  it.each([
    ["access keys", { AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "secret" }],
    ["a web identity token", { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" }],
    ["a profile", { AWS_PROFILE: "deploy" }],
    ["a container role", { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials" }],
    [
      "a full container credentials URI",
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/creds" },
    ],
  ])("sees %s", (_label, env) => {
    expect(hasAwsCredentials(env)).toBe(true);
  });

  it.each([
    ["nothing", {}],
    ["a key id without its secret", { AWS_ACCESS_KEY_ID: "AKIA" }],
    ["a secret without its key id", { AWS_SECRET_ACCESS_KEY: "secret" }],
    ["empty values", { AWS_PROFILE: "", AWS_WEB_IDENTITY_TOKEN_FILE: "" }],
  ])("sees no credentials in %s", (_label, env) => {
    expect(hasAwsCredentials(env)).toBe(false);
  });
});

describe("engineUnavailableReason", () => {
  const inputs = { "pulumi-backend-url": "" };

  it("is undefined when the engine can run", () => {
    expect(engineUnavailableReason(inputs, READY)).toBeUndefined();
  });

  it("names what to set for a missing backend", () => {
    expect(engineUnavailableReason(inputs, { AWS_PROFILE: "deploy" })).toBe(
      "this job has no state backend (set the pulumi-backend-url input or PULUMI_BACKEND_URL, or PULUMI_ACCESS_TOKEN for Pulumi Cloud)",
    );
  });

  it("names what to do for missing credentials", () => {
    expect(engineUnavailableReason({ "pulumi-backend-url": "s3://state" }, {})).toBe(
      "this job has no AWS credentials (use aws-actions/configure-aws-credentials with role-to-assume)",
    );
  });

  it("names both when both are missing", () => {
    const reason = engineUnavailableReason(inputs, {});
    expect(reason).toMatch(/^this job has no state backend \(.*\) and no AWS credentials \(.*\)$/);
  });
});

describe("choosePreviewMode", () => {
  it("is offline when asked, without a note, even when the engine could run", () => {
    expect(choosePreviewMode({ "preview-mode": "offline", "pulumi-backend-url": "" }, READY, false)).toEqual({
      mode: "offline",
    });
  });

  it.each(["auto", "pulumi"] as const)("uses the engine for %s when it can run", (mode) => {
    expect(choosePreviewMode({ "preview-mode": mode, "pulumi-backend-url": "" }, READY, false)).toEqual({
      mode: "pulumi",
    });
  });

  it("falls back to offline for auto with a short note on how to enable the engine", () => {
    expect(choosePreviewMode({ "preview-mode": "auto", "pulumi-backend-url": "" }, {}, false)).toEqual({
      mode: "offline",
      note: "Configure a state backend and AWS credentials to preview with the Pulumi engine, drift included.",
    });
  });

  it("says why a requested Pulumi preview could not run", () => {
    expect(
      choosePreviewMode({ "preview-mode": "pulumi", "pulumi-backend-url": "s3://state" }, {}, false),
    ).toEqual({
      mode: "offline",
      note: "The Pulumi preview was requested but cannot run: this job has no AWS credentials (use aws-actions/configure-aws-credentials with role-to-assume). This is the offline plan, which does not see drift.",
    });
  });

  it("says a fork gets no secrets when a requested Pulumi preview cannot run there", () => {
    const choice = choosePreviewMode({ "preview-mode": "pulumi", "pulumi-backend-url": "" }, {}, true);
    expect(choice.mode).toBe("offline");
    expect(choice.note).toContain("pull requests from forks get no secrets");
    expect(choice.note).toContain("offline plan");
  });

  it.each(["auto", "pulumi"] as const)(
    "keeps %s offline for a pull request from outside the repository, even with credentials, saying why",
    (mode) => {
      const choice = choosePreviewMode(
        { "preview-mode": mode, "pulumi-backend-url": "" },
        READY,
        true,
        "comes from a fork",
      );
      expect(choice.mode).toBe("offline");
      expect(choice.note).toContain("This pull request comes from a fork, so this is the offline plan");
      expect(choice.note).toContain("allow-engine-preview-of-untrusted-pull-requests: true");
    },
  );
});

describe("untrustedPreviewReason", () => {
  it("is the pull request's reason unless the workflow opted in", () => {
    const off = { "allow-engine-preview-of-untrusted-pull-requests": false };
    const on = { "allow-engine-preview-of-untrusted-pull-requests": true };
    expect(untrustedPreviewReason(off, "comes from a fork")).toBe("comes from a fork");
    expect(untrustedPreviewReason(on, "comes from a fork")).toBeUndefined();
    expect(untrustedPreviewReason(off, undefined)).toBeUndefined();
  });
});
