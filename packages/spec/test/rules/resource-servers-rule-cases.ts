// The rule cases of resource servers (rules/resource-servers.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { API_SERVER, machineClient, unmarked } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const RESOURCE_SERVERS_RULE_CASES: RuleCase[] = [
  {
    rule: "resource-server-identifier-format",
    failing: manifest(`
      resourceServers:
        - identifier: my api # <-
          name: Acme API
    `),
    path: "spec.resourceServers[0].identifier",
    passing: manifest(`
      resourceServers:
        - identifier: https://api.example.com
          name: Acme API
    `),
  },
  {
    rule: "resource-server-name-format",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme/API # <-
    `),
    path: "spec.resourceServers[0].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API v2.0
    `),
  },
  {
    rule: "resource-server-scope-format",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - name: read/all # <-
              description: Read everything
    `),
    path: "spec.resourceServers[0].scopes[0].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - name: read.all
              description: Read everything
    `),
  },
  {
    rule: "resource-server-identifier-unique",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
        - identifier: api # <-
          name: Acme API again
    `),
    path: "spec.resourceServers[1].identifier",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
        - identifier: billing
          name: Billing API
    `),
  },
  {
    rule: "resource-server-scope-unique",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - {name: read, description: Read}
            - {name: read, description: Read again} # <-
    `),
    path: "spec.resourceServers[0].scopes[1].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - {name: read, description: Read}
            - {name: write, description: Write}
    `),
  },
  {
    rule: "scope-resource-server-missing",
    failing: manifest(
      `${API_SERVER}${machineClient({ scopes: "[api/read, api/delete]", flows: "[client_credentials]" }).replace("api/delete]", "api/delete] # <-").replace("[client_credentials] # <-", "[client_credentials]")}`,
    ),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(`${API_SERVER}${unmarked(machineClient())}`),
  },
];
