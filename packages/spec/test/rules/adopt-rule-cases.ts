// The rule cases of adoption (rules/adopt.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { adopted } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const ADOPT_RULE_CASES: RuleCase[] = [
  {
    rule: "adopt-user-pool-id-format",
    failing: adopted({ poolId: "AbCdEf123 # <-" }),
    path: "spec.adopt.userPoolId",
    passing: adopted(),
  },
  {
    rule: "adopt-user-pool-id-required",
    // Taking over a stack alone needs no pool ID; adopting deployed clients does (their import IDs start with it).
    failing: manifest(`
      clients: [{name: web-app}]
      adopt:
        stack: true
        clientIds: # <-
          web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m
    `),
    path: "spec.adopt.clientIds",
    passing: manifest(`
      clients: [{name: web-app}]
      adopt:
        stack: true
    `),
  },
  {
    rule: "adopt-user-pool-region",
    failing: adopted({ poolId: "eu-west-1_AbCdEf123 # <-" }),
    path: "spec.adopt.userPoolId",
    passing: adopted({ poolId: "us-east-1_AbCdEf123" }),
  },
  {
    rule: "adopt-client-id-format",
    failing: adopted({ clientIds: "web-app: 3n4b-5c6d # <-" }),
    path: "spec.adopt.clientIds.web-app",
    passing: adopted({ clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m" }),
  },
  {
    rule: "adopt-client-unknown",
    failing: adopted({ clientIds: "web-ap: 3n4b5c6d7e8f9g0h1i2j3k4l5m # <-" }),
    path: "spec.adopt.clientIds.web-ap",
    passing: adopted({ clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m" }),
  },
  {
    rule: "adopt-part-unknown",
    failing: adopted({
      clientIds:
        "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]\n      resourceServers:\n        - order # <-",
      extra: "resourceServers: [{identifier: orders, name: Orders}]\n    groups: [{name: admins}]",
    }),
    path: "spec.adopt.resourceServers[0]",
    passing: adopted({
      clientIds:
        "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]\n      resourceServers: [orders]",
      extra: "resourceServers: [{identifier: orders, name: Orders}]\n    groups: [{name: admins}]",
    }),
  },
  {
    rule: "adopt-part-not-listed",
    failing: adopted({ extra: "groups:\n      - name: admins # <-" }),
    path: "spec.groups[0].name",
    passing: adopted({
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]",
      extra: "groups:\n      - name: admins",
    }),
  },
  {
    rule: "adopt-client-id-duplicate",
    failing: adopted({
      clients: "[{name: web-app}, {name: mobile-app}]",
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n        mobile-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m # <-",
    }),
    path: "spec.adopt.clientIds.mobile-app",
    passing: adopted({
      clients: "[{name: web-app}, {name: mobile-app}]",
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n        mobile-app: 7p8q9r0s1t2u3v4w5x6y7z8a9b",
    }),
  },
  {
    rule: "adopt-client-not-listed",
    failing: adopted({ clients: "\n      - name: web-app # <-", clientIds: "{}" }),
    path: "spec.clients[0].name",
    passing: adopted({ clients: "\n      - name: web-app" }),
  },
  {
    rule: "adopt-marker-one-time",
    failing: adopted({ marker: "adopt: # <-" }),
    path: "spec.adopt",
    passing: manifest(""),
  },
];
