// What every resource kind of the program is declared with, in one value, so a kind's file takes the context
// and what is its own (a new kind needs no new parameters threaded through the others).
import type { UserPool } from "@pulumi/aws/cognito/index.js";
import type { Provider } from "@pulumi/aws/provider.js";
import type { Manifest } from "@cognito-action/spec";
import type { AdoptionIds } from "../adoption.ts";
import type { Resolve } from "./reference-resolver.ts";

/** The manifest, the AWS provider every resource is created with, how values resolve, what spec.adopt imports. */
export interface ProgramContext {
  manifest: Manifest;
  provider: Provider;
  resolve: Resolve;
  adoption: AdoptionIds;
}

/** The context of the resources that hang on the user pool. */
export interface PoolContext extends ProgramContext {
  pool: UserPool;
}
