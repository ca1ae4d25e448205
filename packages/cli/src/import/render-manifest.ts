// The imported manifest as YAML, with comments saying where it came from, where secrets come from, and
// every deployed setting the manifest cannot express, with its value.
import { Document, isMap, isScalar, isSeq } from "yaml";
import type { DeployedPool } from "./deployed-pool.ts";
import type { ImportedManifest } from "./pool-manifest.ts";

/** YAML text of the imported manifest, comments included. */
export function renderImportedManifest(imported: ImportedManifest, deployed: DeployedPool): string {
  const { pool } = deployed;
  const users =
    pool.EstimatedNumberOfUsers === undefined
      ? "an unknown number of users"
      : `about ${pool.EstimatedNumberOfUsers.toLocaleString("en-US")} users`;
  const header = [
    ` Imported by cognito-action import from user pool ${pool.Id ?? ""} (${JSON.stringify(pool.Name ?? "")}) in ${deployed.region}, holding ${users}.`,
    ...(imported.adoptionBlockedBy.length > 0
      ? [
          " NOT MARKED FOR ADOPTION: the pool has settings this manifest cannot express, which the first apply would",
          ` reset to AWS's defaults: ${imported.adoptionBlockedBy.join(", ")}.`,
          " Until they can be expressed (or are changed at AWS), adopting this pool would silently weaken it.",
        ]
      : [
          " Review it, open a pull request: the plan shows the pool and everything it already has as import, not create.",
          " Merging adopts them as they are deployed: no user, password, MFA device or client ID changes.",
          " spec.adopt is needed for that first apply only; remove it in a later change.",
        ]),
    "",
    " Secrets: no client secret is written here, and none ever should be. Clients with generateSecret keep",
    " their secret at AWS; after the first apply the action's client-secrets output carries it, masked.",
    ...(imported.providerSecrets.some((secrets) => secrets.length > 0)
      ? [
          " Identity provider secrets are not written either: each is {valueFromEnv: NAME}, and the comment on",
          " the provider names the variable to set from a GitHub secret.",
        ]
      : []),
    ...(imported.warnings.length > 0
      ? ["", " WARNING before adopting:", ...imported.warnings.map((warning) => `   - ${warning}`)]
      : []),
    ...(imported.notes.length > 0
      ? [
          "",
          " Deployed settings this manifest cannot express yet (the engine's preview on the pull request shows",
          " whether the first apply would change any of them):",
          ...imported.notes.map((note) => `   ${note}`),
        ]
      : []),
  ];
  const document = new Document(imported.document);
  document.commentBefore = header.join("\n");
  const clients = document.getIn(["spec", "clients"]);
  if (isSeq(clients)) {
    clients.items.forEach((item, index) => {
      const lacking = imported.clientNotes[index] ?? [];
      if (lacking.length > 0 && isMap(item))
        item.commentBefore = [
          " Not expressible for this client:",
          ...lacking.map((line) => `   ${line}`),
        ].join("\n");
    });
  }
  const providers = document.getIn(["spec", "identityProviders"]);
  if (isSeq(providers)) {
    providers.items.forEach((item, index) => {
      const secrets = imported.providerSecrets[index] ?? [];
      if (secrets.length > 0 && isMap(item))
        item.commentBefore = secrets
          .map(
            ({ key, variable }) =>
              ` providerDetails.${key} is a secret: import does not write it. Set ${variable} in the environment of the run (a GitHub secret passed as env:) before applying.`,
          )
          .join("\n");
    });
  }
  const spec = document.get("spec");
  const permissions = isMap(spec)
    ? spec.items.find((pair) => isScalar(pair.key) && pair.key.value === "manageLambdaPermissions")
    : undefined;
  if (permissions && isScalar(permissions.key))
    permissions.key.commentBefore = [
      " The triggers of a working pool already let cognito-idp.amazonaws.com invoke them (statements made by the",
      " console or your own IaC), so adopting leaves Lambda permissions alone. Set this to true (or remove it)",
      " to have the action add one permission per trigger, limited to this pool, and own it from then on.",
    ].join("\n");
  return document.toString({ lineWidth: 0 });
}
