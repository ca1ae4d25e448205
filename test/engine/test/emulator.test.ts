// Where the suite's AWS (moto, started through moto/server.py) must answer as AWS does for the scenarios to
// mean anything. Each case names the AWS behaviour it holds the emulator to.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, inject, it } from "vitest";
import { EMULATOR_CREDENTIALS } from "../src/moto.ts";

const aws = new CognitoIdentityProviderClient({
  region: EMULATOR_CREDENTIALS.AWS_REGION,
  endpoint: inject("motoEndpoint"),
  credentials: {
    accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID,
    secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
  },
});

describe("the emulated Cognito UpdateUserPool", () => {
  // AWS API reference, UpdateUserPool: the request has no UsernameAttributes, AliasAttributes or
  // UsernameConfiguration (fixed at creation), and settings it can carry but leaves out go back to defaults.
  it("keeps the settings fixed at creation and resets the updatable ones it is not sent", async () => {
    const created = await aws.send(
      new CreateUserPoolCommand({
        PoolName: "emulator-username-attributes",
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ["email"],
      }),
    );
    const poolId = created.UserPool!.Id!;
    await aws.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: "INACTIVE" }));
    const { UserPool: pool } = await aws.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool?.UsernameAttributes).toEqual(["email"]);
    expect(pool?.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(pool?.AutoVerifiedAttributes ?? []).toEqual([]);
  });

  it("keeps AliasAttributes across an update", async () => {
    const created = await aws.send(
      new CreateUserPoolCommand({
        PoolName: "emulator-alias-attributes",
        AliasAttributes: ["preferred_username"],
      }),
    );
    const poolId = created.UserPool!.Id!;
    await aws.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    const { UserPool: pool } = await aws.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool?.AliasAttributes).toEqual(["preferred_username"]);
  });
});
