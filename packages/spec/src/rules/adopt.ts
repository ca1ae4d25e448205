// The adoption marker (spec.adopt): IDs of deployed resources the first apply imports instead of creating.
// Sources: botocore UserPoolIdType ([\w-]+_[0-9a-zA-Z]+, at most 55) and ClientIdType ([\w+]+, 1-128); the
// pool ID's region code is the part before the underscore (API reference, UserPoolType.Id). An ID that does
// not exist, or a pool in another region, fails the import at apply time, after the preview looked fine.
import { closestMatch } from "../suggest.ts";
import { defineRule } from "./rule.ts";
import type { AdoptSpec, Manifest } from "../schema.ts";
import type { RuleHit } from "./rule.ts";

const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const CLIENT_ID = /^[\w+]+$/;
const ADOPT = ["spec", "adopt"];

/** The pool ID's shape check (botocore UserPoolIdType), shared with the import command. */
export function isUserPoolId(id: string): boolean {
  return id.length <= 55 && USER_POOL_ID.test(id);
}

/** The region code an AWS user pool ID starts with (`us-east-1_AbC` → `us-east-1`). */
export function userPoolIdRegion(id: string): string {
  return id.slice(0, id.lastIndexOf("_"));
}

function withAdopt(check: (adopt: AdoptSpec, manifest: Manifest) => RuleHit[]) {
  return (manifest: Manifest) => (manifest.spec.adopt ? check(manifest.spec.adopt, manifest) : []);
}

export const adoptRules = [
  // botocore UserPoolIdType: whole-string [\w-]+_[0-9a-zA-Z]+, at most 55 characters; the import would fail at apply.
  defineRule(
    "adopt-user-pool-id-format",
    "error",
    withAdopt(({ userPoolId }) =>
      userPoolId === undefined || isUserPoolId(userPoolId)
        ? []
        : [
            {
              path: [...ADOPT, "userPoolId"],
              message: `adopt.userPoolId ${JSON.stringify(userPoolId)} is not a user pool ID; it looks like us-east-1_AbCdEf123 (the region, an underscore, letters and digits)`,
            },
          ],
    ),
  ),

  // A pool lives in one region; the provider of this stack talks to spec.region only, so the import would
  // answer "resource does not exist" at apply time.
  defineRule(
    "adopt-user-pool-region",
    "error",
    withAdopt(({ userPoolId }, { spec }) => {
      if (userPoolId === undefined || !isUserPoolId(userPoolId)) return [];
      const region = userPoolIdRegion(userPoolId);
      return region === spec.region
        ? []
        : [
            {
              path: [...ADOPT, "userPoolId"],
              message: `adopt.userPoolId ${userPoolId} is a pool in ${region}, but spec.region is ${spec.region}; set spec.region to ${region} (a pool cannot move between regions)`,
            },
          ];
    }),
  ),

  // Every part's import ID starts with the pool's ID (`<pool id>/<client id>`, `<pool id>|<identifier>`, …):
  // without it nothing can be adopted but the stack itself.
  defineRule(
    "adopt-user-pool-id-required",
    "error",
    withAdopt((adopt) => {
      if (adopt.userPoolId !== undefined) return [];
      const listed = (["clientIds", "resourceServers", "groups", "identityProviders"] as const).filter(
        (field) => Object.keys(adopt[field]).length > 0,
      );
      return listed.map((field) => ({
        path: [...ADOPT, field],
        message: `adopt.${field} adopts parts of a deployed pool, whose import IDs start with the pool's ID; set adopt.userPoolId (e.g. us-east-1_AbCdEf123)`,
      }));
    }),
  ),

  // botocore ClientIdType: whole-string [\w+]+, 1-128 characters (AWS generates 26 lowercase letters and digits).
  defineRule(
    "adopt-client-id-format",
    "error",
    withAdopt(({ clientIds }) =>
      Object.entries(clientIds).flatMap(([name, id]) =>
        id.length >= 1 && id.length <= 128 && CLIENT_ID.test(id)
          ? []
          : [
              {
                path: [...ADOPT, "clientIds", name],
                message: `adopt.clientIds.${name} ${JSON.stringify(id)} is not an app client ID; AWS client IDs are 1-128 letters, digits, + and _ (usually 26 lowercase letters and digits)`,
              },
            ],
      ),
    ),
  ),

  // adopt.clientIds is keyed by spec.clients names: a key naming no client adopts nothing, and the deployed
  // client it meant stays unmanaged while a new one may be created.
  defineRule(
    "adopt-client-unknown",
    "error",
    withAdopt(({ clientIds }, { spec }) => {
      const names = spec.clients.map((client) => client.name);
      return Object.keys(clientIds).flatMap((name) => {
        if (names.includes(name)) return [];
        const near = closestMatch(name, names);
        return [
          {
            path: [...ADOPT, "clientIds", name],
            message: `adopt.clientIds names ${JSON.stringify(name)}, which is not a client in spec.clients${near ? `; did you mean ${JSON.stringify(near)}?` : ` (clients: ${names.join(", ")})`}`,
          },
        ];
      });
    }),
  ),

  // adopt.resourceServers/groups/identityProviders name parts the manifest declares: a name it does not declare
  // adopts nothing (the deployed part stays unmanaged). Import IDs: pulumi-aws ResourceServer
  // `<pool id>|<identifier>`, UserGroup `<pool id>/<name>`, IdentityProvider `<pool id>:<provider name>`.
  defineRule(
    "adopt-part-unknown",
    "error",
    withAdopt((adopt, { spec }) => {
      const parts = [
        ["resourceServers", adopt.resourceServers, spec.resourceServers.map((server) => server.identifier)],
        ["groups", adopt.groups, spec.groups.map((group) => group.name)],
        ["identityProviders", adopt.identityProviders, spec.identityProviders.map((idp) => idp.providerName)],
      ] as const;
      return parts.flatMap(([field, listed, declared]) =>
        listed.flatMap((name, index) =>
          declared.includes(name)
            ? []
            : [
                {
                  path: [...ADOPT, field, index],
                  message: `adopt.${field} names ${JSON.stringify(name)}, which spec.${field} does not declare, so nothing adopts it; declare it there or remove it here`,
                },
              ],
        ),
      );
    }),
  ),

  // One deployed client cannot become two resources: the second import would fight the first over it.
  defineRule(
    "adopt-client-id-duplicate",
    "error",
    withAdopt(({ clientIds }) => {
      const seen = new Map<string, string>();
      return Object.entries(clientIds).flatMap(([name, id]) => {
        const first = seen.get(id);
        if (first === undefined) {
          seen.set(id, name);
          return [];
        }
        return [
          {
            path: [...ADOPT, "clientIds", name],
            message: `adopt.clientIds.${name} has the same ID as ${first}; each deployed client can be adopted once`,
          },
        ];
      });
    }),
  ),

  // A client without an ID is created as a new client next to the deployed ones: right for a new client,
  // wrong for one that already exists (its apps keep the old ID, and the pool ends up with both).
  defineRule(
    "adopt-client-not-listed",
    "warning",
    withAdopt(({ clientIds }, { spec }) =>
      spec.clients.flatMap((client, index) =>
        Object.hasOwn(clientIds, client.name)
          ? []
          : [
              {
                path: ["spec", "clients", index, "name"],
                message: `client ${client.name} has no ID in adopt.clientIds, so the first apply creates it as a new app client; if the pool already has it, add its ID there`,
              },
            ],
      ),
    ),
  ),

  // A resource server, group or identity provider the marker does not list is created next to the deployed
  // pool's own: right for a new one, refused by AWS for one the pool already has (a duplicate name).
  defineRule(
    "adopt-part-not-listed",
    "warning",
    withAdopt((adopt, { spec }) => {
      const parts = [
        [
          "resourceServers",
          "resource server",
          adopt.resourceServers,
          spec.resourceServers.map((server) => server.identifier),
          "identifier",
        ],
        ["groups", "group", adopt.groups, spec.groups.map((group) => group.name), "name"],
        [
          "identityProviders",
          "identity provider",
          adopt.identityProviders,
          spec.identityProviders.map((idp) => idp.providerName),
          "providerName",
        ],
      ] as const;
      return parts.flatMap(([field, kind, listed, declared, key]) =>
        declared.flatMap((name, index) =>
          listed.includes(name)
            ? []
            : [
                {
                  path: ["spec", field, index, key],
                  message: `${kind} ${name} is not in adopt.${field}, so the first apply creates it; if the pool already has it, AWS refuses a second one: add it there`,
                },
              ],
        ),
      );
    }),
  ),

  // Pulumi's step generator: an import ID equal to the ID in the stack's state is no import at all, so the
  // marker is inert once adopted; keeping it forever only hides what the stack manages.
  defineRule(
    "adopt-marker-one-time",
    "warning",
    withAdopt(({ clientIds }) => [
      {
        path: ADOPT,
        // An adopted client's generate_secret cannot be read back (DescribeUserPoolClient has no such field)
        // and forces replacement: the program keeps it out of the diff (ignoreChanges) for the clients the
        // marker lists, so those entries must stay.
        message:
          Object.keys(clientIds).length > 0
            ? "adopt takes over the deployed resources on the first apply; after that apply has succeeded, keep clientIds (and userPoolId) but remove the rest in a later change: an adopted client's generateSecret cannot be read back from AWS, and the marker keeps it out of the diff; without it the next plan replaces them"
            : "adopt takes over the deployed resources on the first apply; after that apply has succeeded it does nothing more, so remove it in a later change",
      },
    ]),
  ),
];
