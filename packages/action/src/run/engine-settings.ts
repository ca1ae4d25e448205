// Whether the Pulumi engine can run here: a state backend and AWS credentials. Validation and the offline
// plan need neither, which is what keeps fork pull requests working.
import type { Inputs } from "./inputs.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The backend to log in to: the input, PULUMI_BACKEND_URL, or Pulumi Cloud when a token is set. */
export function backendUrl(inputs: Pick<Inputs, "pulumi-backend-url">, env: Env): string | undefined {
  const url = inputs["pulumi-backend-url"] || env.PULUMI_BACKEND_URL;
  if (url) return url;
  return env.PULUMI_ACCESS_TOKEN ? "https://api.pulumi.com" : undefined;
}

/** AWS credentials from the ambient chain: keys, a web identity (OIDC role), a profile or a container role. */
export function hasAwsCredentials(env: Env): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_PROFILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

/** What is missing for the engine, as a sentence that says which input or variable to set; undefined when ready. */
export function engineUnavailableReason(
  inputs: Pick<Inputs, "pulumi-backend-url">,
  env: Env,
): string | undefined {
  const missing: string[] = [];
  if (!backendUrl(inputs, env))
    missing.push(
      "no state backend (set the pulumi-backend-url input or PULUMI_BACKEND_URL, or PULUMI_ACCESS_TOKEN for Pulumi Cloud)",
    );
  if (!hasAwsCredentials(env))
    missing.push("no AWS credentials (use aws-actions/configure-aws-credentials with role-to-assume)");
  return missing.length > 0 ? `this job has ${missing.join(" and ")}` : undefined;
}

/** Why the engine does not preview this pull request (see choosePreviewMode), unless the workflow opted in. */
export function untrustedPreviewReason(
  inputs: Pick<Inputs, "allow-engine-preview-of-untrusted-pull-requests">,
  untrusted: string | undefined,
): string | undefined {
  return inputs[UNTRUSTED_PREVIEW_INPUT] ? undefined : untrusted;
}

/** The input with which a workflow lets the engine preview pull requests from outside the repository. */
export const UNTRUSTED_PREVIEW_INPUT = "allow-engine-preview-of-untrusted-pull-requests" as const;

/**
 * Which planner previews a pull request, and the sentence the comment says about it. `untrusted` says why the
 * pull request's manifests were written outside the repository's trust (a fork, pull_request_target) when the
 * workflow has not opted in: with credentials, the engine would read deployed pools and other stacks' outputs
 * that the manifests name, into a public comment, so such a preview stays offline.
 */
export function choosePreviewMode(
  inputs: Pick<Inputs, "preview-mode" | "pulumi-backend-url">,
  env: Env,
  fromFork: boolean,
  untrusted?: string,
): { mode: "offline" | "pulumi"; note?: string } {
  const requested = inputs["preview-mode"];
  if (requested === "offline") return { mode: "offline" };
  // Withheld by policy, whether or not the job has credentials: the comment names the reason and the input.
  if (untrusted !== undefined)
    return {
      mode: "offline",
      note: `This pull request ${untrusted}, so this is the offline plan, which does not see drift: the Pulumi engine never previews manifests from outside the repository with this job's credentials (a workflow that trusts them sets ${UNTRUSTED_PREVIEW_INPUT}: true).`,
    };
  const missing = engineUnavailableReason(inputs, env);
  if (missing === undefined) return { mode: "pulumi" };
  if (requested === "pulumi") {
    const why = fromFork ? "pull requests from forks get no secrets" : missing;
    return {
      mode: "offline",
      note: `The Pulumi preview was requested but cannot run: ${why}. This is the offline plan, which does not see drift.`,
    };
  }
  // auto without credentials is the normal case for forks and for repositories that only review: say it briefly.
  if (fromFork)
    return {
      mode: "offline",
      note: "Pull requests from forks get no secrets, so this is the offline plan, which does not see drift.",
    };
  return {
    mode: "offline",
    note: "Configure a state backend and AWS credentials to preview with the Pulumi engine, drift included.",
  };
}
