// Whether the Pulumi engine can run here: a state backend and AWS credentials. Validation and the offline
// plan need neither, which is what keeps fork pull requests working.
import { stackNamingOf } from "@cognito-action/provisioner";
import type { StackNaming } from "@cognito-action/spec";
import type { Inputs } from "./inputs.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The backend to log in to: the input, PULUMI_BACKEND_URL, or Pulumi Cloud when a token is set. */
export function backendUrl(inputs: Pick<Inputs, "pulumi-backend-url">, env: Env): string | undefined {
  const url = inputs["pulumi-backend-url"] || env.PULUMI_BACKEND_URL;
  if (url) return url;
  return env.PULUMI_ACCESS_TOKEN ? "https://api.pulumi.com" : undefined;
}

/** How the configured backend names stacks (Pulumi Cloud's naming when none is configured). */
export function stackNaming(inputs: Pick<Inputs, "pulumi-backend-url">, env: Env): StackNaming {
  return stackNamingOf(backendUrl(inputs, env));
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

/** Which planner previews a pull request, and the sentence the comment says about it. */
export function choosePreviewMode(
  inputs: Pick<Inputs, "preview-mode" | "pulumi-backend-url">,
  env: Env,
  fromFork: boolean,
): { mode: "offline" | "pulumi"; note?: string } {
  const requested = inputs["preview-mode"];
  if (requested === "offline") return { mode: "offline" };
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
