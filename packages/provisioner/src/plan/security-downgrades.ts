// Security-relevant changes: a setting the deployed pool (or client) has is turned off, lowered or reset. AWS
// applies them like any other update (UpdateUserPool resets what it is not sent, botocore UpdateUserPool doc),
// nothing is replaced, so the replacement guard never sees them: the plan marks them, the report gives each a
// line of its own, and the action refuses them unless `allow-security-downgrade: true`. Pure: from a
// ResourceChange's property changes alone, so the offline plan and the engine's preview mark the same things.
import { logDeliveryDowngrades } from "./log-delivery-downgrades.ts";
import { isUnknownValue } from "./plan-types.ts";
import type { PropertyChange, ResourceChange, SecurityDowngrade } from "./plan-types.ts";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const RISK = "aws:cognito/riskConfiguration:RiskConfiguration";
const LOG_DELIVERY = "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration";

/** Resources whose deletion switches a protection off: risk settings, audit logs, the firewall. */
const PROTECTIVE_RESOURCES: Readonly<Record<string, string>> = {
  [RISK]: "its risk configuration (compromised-credential and account-takeover responses) is deleted",
  [LOG_DELIVERY]: "its log delivery (user notification errors, user auth events) is deleted",
  "aws:wafv2/webAclAssociation:WebAclAssociation": "its web ACL (WAF) association is deleted",
};

/** A leaf setting compared before and after. */
interface Leaf {
  path: string;
  before: unknown;
  after: unknown;
}

/** A rule: which leaf paths it looks at, and when a change of one is a downgrade (and what that loses). */
interface DowngradeRule {
  /** Matches the leaf path; a block rule's `block` names the block a removal is reported for. */
  matches: (path: string) => boolean;
  /** The reason, or undefined when this change of the leaf is not a downgrade. */
  check: (before: unknown, after: unknown, path: string) => string | undefined;
  /** Reports one downgrade per block (a trigger, a tag) rather than per leaf inside it. */
  block?: (path: string) => string;
}

const exact = (path: string) => (candidate: string) => candidate === path;
const under = (prefix: string) => (candidate: string) =>
  candidate === prefix || candidate.startsWith(`${prefix}.`) || candidate.startsWith(`${prefix}[`);

/** Ordered levels, weakest first; a missing value is the weakest (AWS's default when the setting is reset). */
function lowered(levels: readonly string[], what: string): DowngradeRule["check"] {
  return (before, after) => {
    const rank = (value: unknown) => (typeof value === "string" ? levels.indexOf(value) : -1);
    return rank(before) > rank(after) && rank(before) >= 0
      ? `${what} is lowered from ${String(before)} to ${typeof after === "string" ? after : "its default"}`
      : undefined;
  };
}

function turnedOff(what: string): DowngradeRule["check"] {
  return (before, after) => (before === true && after !== true ? `${what} is turned off` : undefined);
}

function removed(what: string): DowngradeRule["check"] {
  return (before, after) => (isSet(before) && !isSet(after) ? `${what} is removed` : undefined);
}

function numberLowered(what: string, defaultValue: number): DowngradeRule["check"] {
  return (before, after) => {
    const old = typeof before === "number" ? before : defaultValue;
    const next = typeof after === "number" ? after : defaultValue;
    return next < old ? `${what} is lowered from ${old} to ${next}` : undefined;
  };
}

/** The first segment after `prefix.` (`lambdaConfig.preSignUp.x` → `lambdaConfig.preSignUp`). */
function blockAfter(prefix: string): (path: string) => string {
  return (path) => {
    const rest = path.slice(prefix.length);
    const match = /^(\.[^.[]+|\["[^"]*"\])/.exec(rest);
    return match ? `${prefix}${match[1]}` : prefix;
  };
}

const EVENT_ACTIONS = ["NO_ACTION", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "BLOCK"] as const;

/** The rules, by Pulumi type token. Sources: the botocore cognito-idp model's enums and their docs. */
const RULES: Readonly<Record<string, readonly DowngradeRule[]>> = {
  [POOL]: [
    // botocore AdvancedSecurityModeType OFF | AUDIT | ENFORCED.
    {
      matches: exact("userPoolAddOns.advancedSecurityMode"),
      check: lowered(["OFF", "AUDIT", "ENFORCED"], "threat protection (standard authentication)"),
    },
    // botocore AdvancedSecurityEnabledModeType AUDIT | ENFORCED.
    {
      matches: exact("userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode"),
      check: lowered(["AUDIT", "ENFORCED"], "threat protection for custom authentication"),
    },
    { matches: exact("mfaConfiguration"), check: lowered(["OFF", "OPTIONAL", "ON"], "MFA") },
    {
      matches: exact("softwareTokenMfaConfiguration.enabled"),
      check: turnedOff("authenticator-app (TOTP) MFA"),
    },
    {
      matches: under("smsConfiguration"),
      block: () => "smsConfiguration",
      check: removed("the SMS configuration (SMS MFA, SMS verification and SMS sign-in stop working)"),
    },
    {
      matches: under("emailMfaConfiguration"),
      block: () => "emailMfaConfiguration",
      check: removed("email MFA"),
    },
    {
      matches: exact("lambdaConfig.preTokenGenerationConfig.lambdaVersion"),
      check: lowered(["V1_0", "V2_0", "V3_0"], "the pre-token generation trigger's event version"),
    },
    {
      matches: under("lambdaConfig"),
      block: blockAfter("lambdaConfig"),
      check: (before, after, path) =>
        isSet(before) && !isSet(after)
          ? `Lambda trigger ${path.split(".")[1] ?? path} is removed`
          : undefined,
    },
    {
      matches: under("deviceConfiguration"),
      block: () => "deviceConfiguration",
      check: removed("device tracking"),
    },
    {
      matches: exact("deviceConfiguration.challengeRequiredOnNewDevice"),
      check: turnedOff("the challenge on a new device"),
    },
    // AWS's defaults when the policy is reset: length 8, history 0, temporary passwords valid 7 days.
    {
      matches: exact("passwordPolicy.minimumLength"),
      check: numberLowered("the minimum password length", 8),
    },
    {
      matches: exact("passwordPolicy.passwordHistorySize"),
      check: numberLowered("the password history (passwords a user may not reuse)", 0),
    },
    ...(["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const).map(
      (flag): DowngradeRule => ({
        matches: exact(`passwordPolicy.${flag}`),
        check: turnedOff(`the password rule ${flag}`),
      }),
    ),
    {
      matches: exact("passwordPolicy.temporaryPasswordValidityDays"),
      check: (before, after) => {
        const old = typeof before === "number" && before > 0 ? before : 7;
        const next = typeof after === "number" && after > 0 ? after : 7;
        return next > old ? `temporary passwords stay valid longer (${old} → ${next} days)` : undefined;
      },
    },
    {
      matches: exact("deletionProtection"),
      check: (before, after) =>
        before === "ACTIVE" && after !== "ACTIVE" ? "deletion protection is turned off" : undefined,
    },
    {
      matches: exact("adminCreateUserConfig.allowAdminCreateUserOnly"),
      check: (before, after) =>
        before === true && after !== true
          ? "self sign-up is opened (administrators no longer create every user)"
          : undefined,
    },
    {
      matches: exact("webAuthnConfiguration.userVerification"),
      check: lowered(["preferred", "required"], "passkey user verification"),
    },
    // Threat protection needs PLUS: a lower plan switches it off (botocore UserPoolTierType doc).
    {
      matches: exact("userPoolTier"),
      check: (before, after) =>
        isSet(after)
          ? lowered(["LITE", "ESSENTIALS", "PLUS"], "the feature plan")(before, after, "")
          : undefined,
    },
    {
      matches: under("tags"),
      block: blockAfter("tags"),
      check: (before, after, path) =>
        isSet(before) && !isSet(after)
          ? path === "tags"
            ? "the pool's tags are dropped"
            : `tag ${tagKey(path)} is dropped`
          : undefined,
    },
  ],
  [CLIENT]: [
    { matches: exact("enableTokenRevocation"), check: turnedOff("refresh token revocation") },
    {
      matches: exact("preventUserExistenceErrors"),
      check: lowered(["LEGACY", "ENABLED"], "user existence error hiding"),
    },
    {
      matches: exact("refreshTokenRotation.feature"),
      check: lowered(["DISABLED", "ENABLED"], "refresh token rotation"),
    },
    {
      matches: exact("enablePropagateAdditionalUserContextData"),
      check: turnedOff("user context data for threat protection"),
    },
  ],
  [RISK]: [
    {
      matches: exact("compromisedCredentialsRiskConfiguration.actions.eventAction"),
      check: lowered(["NO_ACTION", "BLOCK"], "the compromised-credentials response"),
    },
    ...(["lowAction", "mediumAction", "highAction"] as const).flatMap((level): DowngradeRule[] => [
      {
        matches: exact(`accountTakeoverRiskConfiguration.actions.${level}.eventAction`),
        check: lowered(EVENT_ACTIONS, `the account-takeover response (${level})`),
      },
      {
        matches: exact(`accountTakeoverRiskConfiguration.actions.${level}.notify`),
        check: turnedOff(`account-takeover notification (${level})`),
      },
    ]),
  ],
};

/** What a change weakens; empty for anything but an update or an adoption with differences. */
export function securityDowngradesOf(change: ResourceChange): SecurityDowngrade[] {
  if (change.action === "delete") {
    const reason = PROTECTIVE_RESOURCES[change.type];
    return reason ? [{ path: "(resource)", before: "exists", after: null, reason }] : [];
  }
  if (change.action !== "update" && change.action !== "import") return [];
  // A list read by event source, not by leaf (log-delivery-downgrades.ts).
  if (change.type === LOG_DELIVERY) return logDeliveryDowngrades(change.properties);
  const rules = RULES[change.type] ?? [];
  if (rules.length === 0) return [];
  const found = new Map<string, SecurityDowngrade>();
  for (const leaf of change.properties.flatMap(leavesOf)) {
    for (const rule of rules) {
      if (!rule.matches(leaf.path)) continue;
      const reason = rule.check(leaf.before, leaf.after, rule.block ? rule.block(leaf.path) : leaf.path);
      if (reason === undefined) continue;
      const path = rule.block ? rule.block(leaf.path) : leaf.path;
      if (!found.has(path)) found.set(path, { path, before: leaf.before, after: leaf.after, reason });
      break;
    }
  }
  return [...found.values()];
}

/** Marks every change of `changes` that weakens something (in place), and returns how many are marked. */
export function markSecurityDowngrades(changes: ResourceChange[]): number {
  let marked = 0;
  for (const change of changes) {
    const downgrades = securityDowngradesOf(change);
    if (downgrades.length === 0) continue;
    change.securityDowngrades = downgrades;
    marked++;
  }
  return marked;
}

/**
 * A property change as the settings inside it: the offline plan reports leaves, the engine sometimes a whole
 * block (`userPoolAddOns` before and after); both read the same once flattened. A block that appears or
 * disappears also stays as itself, so a removal rule sees it.
 */
function leavesOf(property: PropertyChange): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (path: string, before: unknown, after: unknown) => {
    if (isRecord(before) || isRecord(after)) {
      const old = isRecord(before) ? before : {};
      const next = isRecord(after) ? after : {};
      const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
      // An empty block (emailMfaConfiguration: {}) has no settings inside to report its removal by.
      if (keys.size === 0) leaves.push({ path, before: before ?? null, after: after ?? null });
      for (const key of keys) walk(childPath(path, key), old[key] ?? null, next[key] ?? null);
      return;
    }
    leaves.push({ path, before: before ?? null, after: after ?? null });
  };
  walk(property.path, property.before, property.after);
  return leaves;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `tags["openmcf.org/name"]` → `openmcf.org/name`; `tags.team` → `team`. */
function tagKey(path: string): string {
  const rest = path.slice("tags".length);
  return rest.startsWith("[") ? (JSON.parse(rest.slice(1, -1)) as string) : rest.slice(1);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A block to look inside; an unknown value (known after apply) is a value of its own. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknownValue(value);
}
