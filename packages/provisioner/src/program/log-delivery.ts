// The pool's log delivery (beyond OpenMCF): one aws.cognito.LogDeliveryConfiguration per pool, holding each
// event source the manifest configures with its level and destination (SetLogDeliveryConfiguration sets the
// pool's whole configuration at once). Declared by cognitoProgram (program.ts) beside the pool.
import * as pulumi from "@pulumi/pulumi";
import { LogDeliveryConfiguration } from "@pulumi/aws/cognito/index.js";
import type { PoolContext } from "./program-context.ts";
import type * as awsInputs from "@pulumi/aws/types/input.js";
import { LOG_EVENT_SOURCES } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";

type LogDelivery = NonNullable<Manifest["spec"]["logDelivery"]>;
type LogConfiguration = awsInputs.cognito.LogDeliveryConfigurationLogConfiguration;

/** `<pool>-logs`: the pool's log delivery configuration, one per pool. */
export function logDeliveryResourceName(manifest: Manifest): string {
  return `${manifest.metadata.name}-logs`;
}

/**
 * The log configurations as pulumi-aws takes them, in the fixed order of LOG_EVENT_SOURCES (userNotification,
 * then userAuthEvents), so the order of a manifest's keys never shows as a change.
 */
export function logDeliveryArgs(delivery: LogDelivery): { logConfigurations: LogConfiguration[] } {
  return {
    logConfigurations: LOG_EVENT_SOURCES.flatMap((eventSource): LogConfiguration[] => {
      const settings = delivery[eventSource];
      if (!settings) return [];
      const { logLevel, logGroupArn, bucketArn, streamArn } = settings;
      return [
        {
          eventSource,
          logLevel,
          ...(logGroupArn !== undefined ? { cloudWatchLogsConfiguration: { logGroupArn } } : {}),
          ...(bucketArn !== undefined ? { s3Configuration: { bucketArn } } : {}),
          ...(streamArn !== undefined ? { firehoseConfiguration: { streamArn } } : {}),
        },
      ];
    }),
  };
}

/** Where each configured event source's logs go (event source → destination ARN), for the stack outputs. */
export function logDestinations(delivery: LogDelivery): Record<string, string> {
  return Object.fromEntries(
    LOG_EVENT_SOURCES.flatMap((eventSource) => {
      const settings = delivery[eventSource];
      const arn = settings?.logGroupArn ?? settings?.bucketArn ?? settings?.streamArn;
      return arn === undefined ? [] : [[eventSource, arn]];
    }),
  );
}

/**
 * Declares the pool's log delivery when the manifest has one; returns the `log_destinations` output. An adopted
 * pool's configuration is adopted with it (pulumi-aws imports it by the pool's ID, terraform
 * log_delivery_configuration.go @IdentityAttribute user_pool_id): created anew it would look like a new setting.
 */
export function declareLogDelivery({
  manifest,
  pool,
  provider,
}: PoolContext): Record<string, pulumi.Output<unknown>> {
  const delivery = manifest.spec.logDelivery;
  if (!delivery) return {};
  const adoptedPoolId = manifest.spec.adopt?.userPoolId;
  new LogDeliveryConfiguration(
    logDeliveryResourceName(manifest),
    { userPoolId: pool.id, ...logDeliveryArgs(delivery) },
    { provider, ...(adoptedPoolId !== undefined ? { import: adoptedPoolId } : {}) },
  );
  return { log_destinations: pulumi.output(logDestinations(delivery)) };
}
