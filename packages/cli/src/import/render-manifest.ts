// The imported manifest as YAML, with comments saying where it came from, where secrets come from, and
// every deployed setting the manifest cannot express, with its value.
import { Document, isMap, isSeq } from "yaml";
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
    " Review it, open a pull request: the plan shows the pool, its clients and its domain as import, not create.",
    " Merging adopts them as they are deployed: no user, password, MFA device or client ID changes.",
    " spec.adopt is needed for that first apply only; remove it in a later change.",
    "",
    " Secrets: no client secret is written here, and none ever should be. Clients with generateSecret keep",
    " their secret at AWS; after the first apply the action's client-secrets output carries it, masked.",
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
  return document.toString({ lineWidth: 0 });
}
