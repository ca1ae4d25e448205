// The pool's risk configuration (threat protection's actions and exceptions; beyond OpenMCF).
import { RiskConfiguration } from "@pulumi/aws/cognito/index.js";
import type { Manifest } from "@cognito-action/spec";
import { riskConfigurationResourceName } from "../naming.ts";
import { defined, importOption } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";

type RiskConfigurationSpec = NonNullable<Manifest["spec"]["riskConfiguration"]>;

/** Declares the pool's risk configuration, if the manifest sets one. */
export function declareRiskConfiguration({
  manifest,
  pool,
  provider,
  adoption,
}: PoolContext): RiskConfiguration | undefined {
  const risk = manifest.spec.riskConfiguration;
  if (!risk) return undefined;
  return new RiskConfiguration(
    riskConfigurationResourceName(manifest),
    { userPoolId: pool.id, ...riskConfigurationArgs(risk) },
    { provider, ...importOption(adoption.riskConfiguration) },
  );
}

/** The pool's risk configuration as pulumi-aws's RiskConfiguration takes it. */
export function riskConfigurationArgs(risk: RiskConfigurationSpec) {
  const { compromisedCredentials: leaked, accountTakeover: takeover, riskExceptions: exceptions } = risk;
  return {
    ...(leaked
      ? {
          compromisedCredentialsRiskConfiguration: {
            actions: { eventAction: leaked.eventAction },
            ...(leaked.eventFilters.length > 0 ? { eventFilters: [...leaked.eventFilters] } : {}),
          },
        }
      : {}),
    ...(takeover
      ? {
          accountTakeoverRiskConfiguration: {
            actions: defined({
              lowAction: takeover.lowAction,
              mediumAction: takeover.mediumAction,
              highAction: takeover.highAction,
            }),
            ...(takeover.notifyConfiguration
              ? {
                  notifyConfiguration: {
                    ...defined({ ...takeover.notifyConfiguration }),
                    sourceArn: takeover.notifyConfiguration.sourceArn,
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(exceptions
      ? {
          riskExceptionConfiguration: {
            ...(exceptions.blockedIpRanges.length > 0
              ? { blockedIpRangeLists: [...exceptions.blockedIpRanges] }
              : {}),
            ...(exceptions.skippedIpRanges.length > 0
              ? { skippedIpRangeLists: [...exceptions.skippedIpRanges] }
              : {}),
          },
        }
      : {}),
  };
}
