// Log delivery (beyond OpenMCF): user notification errors and threat protection's user activity, exported by
// the pool (SetLogDeliveryConfiguration). Sources: the botocore cognito-idp model (LogConfigurationType and the
// ARN shapes it holds), terraform-provider-aws cognitoidp log_delivery_configuration.go (pulumi-aws is generated
// from it) and the Developer Guide's page "Exporting logs from Amazon Cognito user pools".
import { parseArn, partitionOf } from "../aws-formats.ts";
import type { Arn } from "../aws-formats.ts";
import { effectiveTier, tierStated } from "./production-pool.ts";
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { Manifest } from "../schema.ts";

type LogDelivery = NonNullable<Manifest["spec"]["logDelivery"]>;
/** The event sources, as botocore EventSourceName names them. */
export const LOG_EVENT_SOURCES = ["userNotification", "userAuthEvents"] as const;
export type LogEventSource = (typeof LOG_EVENT_SOURCES)[number];
type LogSource = NonNullable<LogDelivery[LogEventSource]>;

/** The destination fields, with the service and resource shape AWS expects of each ARN. */
const DESTINATIONS = {
  // botocore CloudWatchLogsConfigurationType.LogGroupArn; CloudWatch Logs log group names: 1-512 of [\w#./-].
  logGroupArn: {
    what: "a CloudWatch Logs log group",
    service: "logs",
    regional: true,
    resource: /^log-group:[\w#./-]{1,512}(?::\*)?$/,
    example: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/prod",
  },
  // botocore S3ConfigurationType.BucketArn (S3ArnType: no region, no account); S3 bucket names: 3-63 of [a-z0-9.-].
  bucketArn: {
    what: "an Amazon S3 bucket",
    service: "s3",
    regional: false,
    resource: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    example: "arn:aws:s3:::acme-cognito-logs",
  },
  // botocore FirehoseConfigurationType.StreamArn; Firehose CreateDeliveryStream names: 1-64 of [a-zA-Z0-9_.-].
  streamArn: {
    what: "an Amazon Data Firehose stream",
    service: "firehose",
    regional: true,
    resource: /^deliverystream\/[a-zA-Z0-9_.-]{1,64}$/,
    example: "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-logs",
  },
} as const;
type DestinationField = keyof typeof DESTINATIONS;
const DESTINATION_FIELDS = Object.keys(DESTINATIONS) as DestinationField[];

/** The event sources a manifest configures, with their settings. */
function configuredSources(delivery: LogDelivery | undefined): [LogEventSource, LogSource][] {
  if (!delivery) return [];
  return LOG_EVENT_SOURCES.flatMap((source) => {
    const settings = delivery[source];
    return settings ? [[source, settings] as [LogEventSource, LogSource]] : [];
  });
}

/** Where an event source's destination field sits in the manifest. */
function at(source: LogEventSource, field?: string): (string | number)[] {
  return field ? ["spec", "logDelivery", source, field] : ["spec", "logDelivery", source];
}

/** What is wrong with an ARN for a destination field, or undefined when AWS takes it. */
function destinationArnProblem(
  field: DestinationField,
  text: string,
  poolRegion: string,
): string | undefined {
  const shape = DESTINATIONS[field];
  const arn: Arn | undefined = parseArn(text);
  if (!arn || arn.service !== shape.service || !shape.resource.test(arn.resource))
    return `${field} must be the ARN of ${shape.what}, like ${shape.example}`;
  if (shape.regional ? arn.region === "" || arn.account === "" : arn.region !== "" || arn.account !== "")
    return `${field} must be the ARN of ${shape.what}, like ${shape.example}`;
  const partition = partitionOf(poolRegion);
  if (arn.partition !== partition)
    return `${field} is in partition ${arn.partition}, but a pool in ${poolRegion} is in ${partition}: use an ARN starting arn:${partition}:`;
  return undefined;
}

export const logDeliveryRules = [
  // botocore LogConfigurationType: EventSource userAuthEvents is "threat-protection user activity in user pools
  // with the Plus feature plan"; DG feature plans: log export is a Plus feature. A pool created without
  // userPoolTier is on ESSENTIALS.
  defineRule("auth-event-logs-need-plus", "error", (manifest) => {
    if (!manifest.spec.logDelivery?.userAuthEvents) return [];
    const tier = effectiveTier(manifest);
    if (tier === "PLUS") return [];
    const on = tierStated(manifest);
    return [
      {
        path: at("userAuthEvents"),
        message: `user auth event logs (logDelivery.userAuthEvents) need userPoolTier PLUS; ${on}`,
      },
    ];
  }),

  // terraform log_delivery_configuration.go: log_configurations SizeAtLeast(1) and "at least one destination
  // configuration must be specified for each log configuration"; botocore LogConfigurationType.LogLevel doc:
  // each event source is sent to one destination.
  defineRule("log-destination-count", "error", ({ spec }) =>
    configuredSources(spec.logDelivery).flatMap(([source, settings]): RuleHit[] => {
      const set = DESTINATION_FIELDS.filter((field) => settings[field] !== undefined);
      if (set.length === 1) return [];
      return [
        {
          path: set.length === 0 ? at(source) : at(source, set[1]),
          message:
            set.length === 0
              ? `logDelivery.${source} needs a destination: set ${source === "userNotification" ? "logGroupArn" : "one of logGroupArn, bucketArn or streamArn"}`
              : `logDelivery.${source} sends to one destination; keep one of ${set.join(", ")}`,
        },
      ];
    }),
  ),

  // botocore LogConfigurationType: userNotification logs go to CloudWatchLogsConfiguration; S3Configuration and
  // FirehoseConfiguration are "user activity log export with threat protection" only.
  defineRule("notification-logs-cloudwatch-only", "error", ({ spec }) => {
    const settings = spec.logDelivery?.userNotification;
    if (!settings) return [];
    return (["bucketArn", "streamArn"] as const).flatMap((field) =>
      settings[field] !== undefined
        ? [
            {
              path: at("userNotification", field),
              message: `user notification logs go to a CloudWatch Logs log group only: replace ${field} with logGroupArn`,
            },
          ]
        : [],
    );
  }),

  // botocore LogConfigurationType.LogLevel doc: userNotification is sent at ERROR, userAuthEvents at INFO.
  defineRule("log-level-for-source", "warning", ({ spec }) =>
    configuredSources(spec.logDelivery).flatMap(([source, settings]): RuleHit[] => {
      const level = source === "userNotification" ? "ERROR" : "INFO";
      return settings.logLevel === level
        ? []
        : [
            {
              path: at(source, "logLevel"),
              message: `AWS sends ${source} logs at ${level}; with logLevel ${settings.logLevel} expect none: set logLevel ${level}`,
            },
          ];
    }),
  ),

  // botocore ArnType / S3ArnType of the three destinations, and the resource shapes of each service.
  defineRule("log-destination-arn-format", "error", ({ spec }) =>
    configuredSources(spec.logDelivery).flatMap(([source, settings]) =>
      DESTINATION_FIELDS.flatMap((field): RuleHit[] => {
        const value = settings[field];
        const problem = value === undefined ? undefined : destinationArnProblem(field, value, spec.region);
        return problem ? [{ path: at(source, field), message: problem }] : [];
      }),
    ),
  ),

  // DG "Exporting logs from Amazon Cognito user pools": user activity logs "are a function of" threat
  // protection; Cognito only generates them while it is active (AUDIT or ENFORCED).
  defineRule("auth-event-logs-need-threat-protection", "warning", ({ spec }) => {
    if (!spec.logDelivery?.userAuthEvents) return [];
    const mode = spec.threatProtection?.standardAuthMode ?? "OFF";
    return mode === "OFF"
      ? [
          {
            path: at("userAuthEvents"),
            message:
              "user auth event logs come from threat protection, which is off: set threatProtection.standardAuthMode AUDIT or ENFORCED",
          },
        ]
      : [];
  }),
];
