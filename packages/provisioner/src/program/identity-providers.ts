// The federated identity providers (beyond OpenMCF), whose details may hold a secret read from the run's
// environment, and the digests that keep such details from showing a diff on every run.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { IdentityProvider } from "@pulumi/aws/cognito/index.js";
import { envValuePlaceholder, formatPath } from "@cognito-action/spec";
import type { Manifest, StringOrEnv } from "@cognito-action/spec";
import { identityProviderResourceName } from "../naming.ts";
import { importOption } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";

/**
 * Values of the `{valueFromEnv}` variables the manifest names, read by the caller from the run's environment.
 * Undefined (synth, offline plans): every such value is shown as `(from $NAME)` and never read.
 */
export type EnvValues = Readonly<Record<string, string>> | undefined;

/** A value from the environment was not supplied to a program that deploys: a caller bug, never a silent default. */
export class MissingEnvValueError extends Error {
  constructor(
    readonly variable: string,
    readonly field: string,
  ) {
    super(`environment variable ${variable} (for ${field}) is not set`);
    this.name = "MissingEnvValueError";
  }
}

/** The stack output holding, per identity provider with a secret, the digest of the details last deployed. */
export const PROVIDER_DETAILS_DIGESTS_OUTPUT = "identity_provider_details_digests";

/** The declared identity providers by provider name, and the digests of the details they were given. */
export interface DeclaredIdentityProviders {
  providers: ReadonlyMap<string, IdentityProvider>;
  /** Provider name → digest of its details, for the providers whose details come from the environment. */
  detailsDigests: Readonly<Record<string, string>>;
}

/** Declares the manifest's identity providers. */
export function declareIdentityProviders(
  { manifest, pool, provider, adoption }: PoolContext,
  envValues: EnvValues,
  deployedDetailsDigests: Readonly<Record<string, string>>,
): DeclaredIdentityProviders {
  const detailsDigests: Record<string, string> = {};
  const providers = new Map(
    manifest.spec.identityProviders.map((idp, index) => {
      const path = ["spec", "identityProviders", index, "providerDetails"];
      const fromEnv = Object.values(idp.providerDetails).some((value) => "valueFromEnv" in value);
      // pulumi/pulumi-aws#5401: with a secret among them, providerDetails shows a diff on every run. Compared
      // by digest instead: while the details asked for (the secret's value included) are those last deployed,
      // the engine's diff of them is left out. Needs the values: a deploy has them, synth's placeholders do not.
      const digest =
        fromEnv && envValues !== undefined
          ? providerDetailsDigest(plainDetails(idp.providerDetails, envValues))
          : undefined;
      if (digest !== undefined) detailsDigests[idp.providerName] = digest;
      const unchanged = digest !== undefined && deployedDetailsDigests[idp.providerName] === digest;
      return [
        idp.providerName,
        new IdentityProvider(
          identityProviderResourceName(manifest, idp.providerName),
          {
            userPoolId: pool.id,
            providerName: idp.providerName,
            providerType: idp.providerType,
            providerDetails: Object.fromEntries(
              Object.entries(idp.providerDetails).map(([key, value]) => [
                key,
                detailValue(value, [...path, key], envValues),
              ]),
            ),
            ...(Object.keys(idp.attributeMapping).length > 0
              ? { attributeMapping: { ...idp.attributeMapping } }
              : {}),
            ...(idp.idpIdentifiers.length > 0 ? { idpIdentifiers: [...idp.idpIdentifiers] } : {}),
          },
          // The provider reads providerDetails back from AWS, secret included: keep it secret in the state.
          {
            provider,
            ...(fromEnv ? { additionalSecretOutputs: ["providerDetails"] } : {}),
            ...(unchanged ? { ignoreChanges: ["providerDetails"] } : {}),
            ...importOption(adoption.identityProviders[idp.providerName]),
          },
        ),
      ] as const;
    }),
  );
  return { providers, detailsDigests };
}

/** The provider names, only when the manifest declares providers. */
export function identityProviderOutputs(manifest: Manifest): Record<string, pulumi.Output<unknown>> {
  const { identityProviders } = manifest.spec;
  return identityProviders.length > 0
    ? { identity_provider_names: pulumi.output(identityProviders.map((idp) => idp.providerName)) }
    : {};
}

/** The digests output, when any provider has details from the environment; secret, as the values it covers. */
export function detailsDigestsOutputs(
  declared: DeclaredIdentityProviders,
): Record<string, pulumi.Output<unknown>> {
  return Object.keys(declared.detailsDigests).length > 0
    ? { [PROVIDER_DETAILS_DIGESTS_OUTPUT]: pulumi.secret(declared.detailsDigests) }
    : {};
}

/** A digest of identity provider details (keys sorted), secrets included: equal details, equal digests. */
export function providerDetailsDigest(details: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(details)
    .sort()
    .map((key) => [key, details[key]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

/** The details with every value from the environment read in. */
function plainDetails(
  details: Readonly<Record<string, StringOrEnv>>,
  envValues: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      key,
      "value" in value ? value.value : (envValues[value.valueFromEnv] ?? ""),
    ]),
  );
}

/** A providerDetails value: literal, or from the environment as a Pulumi secret (a placeholder in synth). */
export function detailValue(
  value: StringOrEnv,
  path: (string | number)[],
  envValues: EnvValues,
): pulumi.Input<string> {
  if ("value" in value) return value.value;
  // Synth and offline plans: the placeholder is no secret, and reviewers see where the value comes from.
  if (envValues === undefined) return envValuePlaceholder(value.valueFromEnv);
  const secret = envValues[value.valueFromEnv];
  if (secret === undefined) throw new MissingEnvValueError(value.valueFromEnv, formatPath(path));
  return pulumi.secret(secret);
}
