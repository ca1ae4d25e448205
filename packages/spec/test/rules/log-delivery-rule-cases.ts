// The rule cases of log delivery (rules/log-delivery.ts), gathered in rule-cases.ts: each rule with a
// manifest that breaks it (`# <-` marks the finding's line) and a close variant that does not.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/prod";
const BUCKET = "arn:aws:s3:::acme-cognito-logs";
/** A PLUS pool with threat protection on: user auth events are then logged. */
const PLUS_WITH_THREAT_PROTECTION = `
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}`;

export const LOG_DELIVERY_RULE_CASES: RuleCase[] = [
  {
    rule: "auth-event-logs-need-plus",
    failing: manifest(`
      threatProtection: {standardAuthMode: AUDIT}
      logDelivery:
        userAuthEvents: # <-
          bucketArn: ${BUCKET}
    `),
    path: "spec.logDelivery.userAuthEvents",
    passing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          bucketArn: ${BUCKET}
    `),
  },
  {
    rule: "log-destination-count",
    failing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          logGroupArn: ${LOG_GROUP}
          bucketArn: ${BUCKET} # <-
    `),
    path: "spec.logDelivery.userAuthEvents.bucketArn",
    passing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          logGroupArn: ${LOG_GROUP}
    `),
  },
  {
    rule: "notification-logs-cloudwatch-only",
    failing: manifest(`
      logDelivery:
        userNotification:
          streamArn: arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito # <-
    `),
    path: "spec.logDelivery.userNotification.streamArn",
    passing: manifest(`
      logDelivery:
        userNotification:
          logGroupArn: ${LOG_GROUP}
    `),
  },
  {
    rule: "log-level-for-source",
    failing: manifest(`
      logDelivery:
        userNotification:
          logLevel: INFO # <-
          logGroupArn: ${LOG_GROUP}
    `),
    path: "spec.logDelivery.userNotification.logLevel",
    passing: manifest(`
      logDelivery:
        userNotification:
          logLevel: ERROR
          logGroupArn: ${LOG_GROUP}
    `),
  },
  {
    rule: "log-destination-arn-format",
    failing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          streamArn: arn:aws:kinesis:us-east-1:123456789012:stream/cognito # <-
    `),
    path: "spec.logDelivery.userAuthEvents.streamArn",
    passing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          streamArn: arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito
    `),
  },
  {
    rule: "auth-event-logs-need-threat-protection",
    failing: manifest(`
      userPoolTier: PLUS
      logDelivery:
        userAuthEvents: # <-
          logGroupArn: ${LOG_GROUP}
    `),
    path: "spec.logDelivery.userAuthEvents",
    passing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          logGroupArn: ${LOG_GROUP}
    `),
  },
  {
    // The default tier too: a pool left without userPoolTier is created on ESSENTIALS.
    rule: "auth-event-logs-need-plus",
    failing: manifest(`
      userPoolTier: ESSENTIALS
      threatProtection: {standardAuthMode: "OFF"}
      logDelivery:
        userAuthEvents: # <-
          logGroupArn: ${LOG_GROUP}
    `),
    path: "spec.logDelivery.userAuthEvents",
    passing: manifest(`
      ${PLUS_WITH_THREAT_PROTECTION}
      logDelivery:
        userAuthEvents:
          logGroupArn: ${LOG_GROUP}
    `),
  },
  {
    rule: "log-destination-arn-format",
    failing: manifest(`
      region: cn-north-1
      logDelivery:
        userNotification:
          logGroupArn: arn:aws:logs:cn-north-1:123456789012:log-group:cognito # <-
    `),
    path: "spec.logDelivery.userNotification.logGroupArn",
    passing: manifest(`
      region: cn-north-1
      logDelivery:
        userNotification:
          logGroupArn: arn:aws-cn:logs:cn-north-1:123456789012:log-group:cognito
    `),
  },
];
