// What a production app client has beyond the OpenMCF fields (beyond OpenMCF): token lifetimes in units of their
// own, a risk configuration of its own, and refresh token rotation as the provider really applies it. Sources:
// the botocore cognito-idp model (shapes named per rule), terraform-provider-aws user_pool_client.go and
// risk_configuration.go (pulumi-aws is generated from them), and the provider issues cited per rule.
import { CIDR, effectiveTier, tierStated } from "./production-pool.ts";
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { ClientSpec, Manifest } from "../schema.ts";

type Token = "accessToken" | "idToken" | "refreshToken";
type Unit = "seconds" | "minutes" | "hours" | "days";

/**
 * The lifetimes AWS accepts, per token and unit: 5 minutes to 1 day for access and ID tokens, 1 hour to 10 years
 * for refresh tokens (botocore AccessTokenValidityType / IdTokenValidityType / RefreshTokenValidityType docs;
 * terraform user_pool_client.go resourceUserPoolClientValidityValidator: min 5m / max 24h, min 60m / max
 * 315360000s).
 */
export const TOKEN_VALIDITY_RANGES: Readonly<
  Record<Token, Readonly<Record<Unit, readonly [number, number]>>>
> = {
  accessToken: { seconds: [300, 86400], minutes: [5, 1440], hours: [1, 24], days: [1, 1] },
  idToken: { seconds: [300, 86400], minutes: [5, 1440], hours: [1, 24], days: [1, 1] },
  refreshToken: {
    seconds: [3600, 315360000],
    minutes: [60, 5256000],
    hours: [1, 87600],
    days: [1, 3650],
  },
};

/** Each token's OpenMCF field and its schema default: the field tokenValidity replaces. */
const OPENMCF_FIELDS: Readonly<Record<Token, readonly [keyof ClientSpec, number]>> = {
  accessToken: ["accessTokenValidityMinutes", 60],
  idToken: ["idTokenValidityMinutes", 60],
  refreshToken: ["refreshTokenValidityDays", 30],
};

const TOKENS: readonly Token[] = ["accessToken", "idToken", "refreshToken"];

const SECONDS: Readonly<Record<Unit, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A token's lifetime in seconds: its tokenValidity entry, or its OpenMCF field. */
function lifetimeSeconds(client: ClientSpec, token: Token): number {
  const own = client.tokenValidity?.[token];
  if (own) return own.value * SECONDS[own.unit];
  const [field] = OPENMCF_FIELDS[token];
  return (client[field] as number) * (token === "refreshToken" ? SECONDS.days : SECONDS.minutes);
}

/** Applies `check` to each client that has a risk configuration of its own. */
function eachClientRisk(
  check: (
    risk: NonNullable<ClientSpec["riskConfiguration"]>,
    client: ClientSpec,
    path: (string | number)[],
  ) => RuleHit[],
) {
  return ({ spec }: Manifest) =>
    spec.clients.flatMap((client, index) =>
      client.riskConfiguration
        ? check(client.riskConfiguration, client, ["spec", "clients", index, "riskConfiguration"])
        : [],
    );
}

export const clientSecurityRules = [
  defineRule("token-validity-range", "error", ({ spec }) =>
    spec.clients.flatMap((client, clientIndex) =>
      TOKENS.flatMap((token) => {
        const lifetime = client.tokenValidity?.[token];
        if (!lifetime) return [];
        const [min, max] = TOKEN_VALIDITY_RANGES[token][lifetime.unit];
        if (lifetime.value >= min && lifetime.value <= max) return [];
        const ranges = Object.entries(TOKEN_VALIDITY_RANGES[token])
          .map(([unit, [low, high]]) =>
            low === high ? `${low} ${low === 1 ? unit.slice(0, -1) : unit}` : `${low}-${high} ${unit}`,
          )
          .join(", ");
        return [
          {
            path: ["spec", "clients", clientIndex, "tokenValidity", token, "value"],
            message: `client ${JSON.stringify(client.name)}: tokenValidity.${token} of ${lifetime.value} ${lifetime.unit} is outside what AWS accepts ("Invalid range for token validity"); use ${ranges}`,
          },
        ];
      }),
    ),
  ),

  // tokenValidity replaces the OpenMCF field of the same token (the program sends one value per token): a field
  // changed from its default beside it would be silently ignored.
  defineRule("token-validity-replaces-field", "warning", ({ spec }) =>
    spec.clients.flatMap((client, clientIndex) =>
      TOKENS.flatMap((token) => {
        const [field, defaultValue] = OPENMCF_FIELDS[token];
        if (!client.tokenValidity?.[token] || client[field] === defaultValue) return [];
        return [
          {
            path: ["spec", "clients", clientIndex, field],
            message: `client ${JSON.stringify(client.name)}: ${field} is ignored, tokenValidity.${token} replaces it; remove one of them`,
          },
        ];
      }),
    ),
  ),

  // lgallard/terraform-aws-cognito-user-pool#68 (variable docs: the ID token "cannot be greater than refresh token
  // expiration"; reported, not in the API model, hence a warning): a token outliving the refresh token that
  // renews it. Only tokenValidity makes this possible: the OpenMCF fields stop at 1 day for access and ID tokens
  // and start at 1 day for refresh tokens.
  defineRule("token-validity-exceeds-refresh", "warning", ({ spec }) =>
    spec.clients.flatMap((client, clientIndex) => {
      if (!client.tokenValidity) return [];
      const refresh = lifetimeSeconds(client, "refreshToken");
      return (["accessToken", "idToken"] as const).flatMap((token) =>
        lifetimeSeconds(client, token) > refresh
          ? [
              {
                path: [
                  "spec",
                  "clients",
                  clientIndex,
                  "tokenValidity",
                  client.tokenValidity?.[token] ? token : "refreshToken",
                ],
                message: `client ${JSON.stringify(client.name)}: the ${token} outlives the refresh token that renews it; shorten it or lengthen the refresh token`,
              },
            ]
          : [],
      );
    }),
  ),

  // DG feature plans: threat protection, which a risk configuration configures, is a Plus feature
  // (FeatureUnavailableInTierException). A pool created without userPoolTier is on ESSENTIALS.
  defineRule("client-risk-configuration-needs-plus", "error", (manifest) => {
    const tier = effectiveTier(manifest);
    if (tier === "PLUS") return [];
    const on = tierStated(manifest);
    return eachClientRisk((_risk, client, path) => [
      {
        path,
        message: `client ${JSON.stringify(client.name)}'s riskConfiguration needs userPoolTier PLUS; ${on}`,
      },
    ])(manifest);
  }),

  // terraform risk_configuration.go: AtLeastOneOf account_takeover_risk_configuration,
  // compromised_credentials_risk_configuration, risk_exception_configuration (as for the pool's).
  defineRule(
    "client-risk-configuration-empty",
    "error",
    eachClientRisk((risk, client, path) =>
      risk.accountTakeover || risk.compromisedCredentials || risk.riskExceptions
        ? []
        : [
            {
              path,
              message: `client ${JSON.stringify(client.name)}'s riskConfiguration needs compromisedCredentials, accountTakeover or riskExceptions; remove it or set one`,
            },
          ],
    ),
  ),

  // botocore RiskExceptionConfigurationType: BlockedIPRangeList and SkippedIPRangeList hold CIDR ranges.
  defineRule(
    "client-risk-ip-range-format",
    "error",
    eachClientRisk((risk, client, path) =>
      (["blockedIpRanges", "skippedIpRanges"] as const).flatMap((list) =>
        (risk.riskExceptions?.[list] ?? []).flatMap((range, index) =>
          CIDR.test(range)
            ? []
            : [
                {
                  path: [...path, "riskExceptions", list, index],
                  message: `client ${JSON.stringify(client.name)}: ${JSON.stringify(range)} is not a CIDR range like 203.0.113.0/24 or 2001:db8::/32`,
                },
              ],
        ),
      ),
    ),
  ),

  // botocore AccountTakeoverRiskConfigurationType.NotifyConfiguration: the SES identity and texts Cognito emails
  // users with; a client's action that notifies without it has nothing to send with (as for the pool's).
  defineRule(
    "client-risk-notify-needs-configuration",
    "warning",
    eachClientRisk((risk, client, path) => {
      const takeover = risk.accountTakeover;
      if (!takeover || takeover.notifyConfiguration) return [];
      return (["lowAction", "mediumAction", "highAction"] as const).flatMap((level) =>
        takeover[level]?.notify === true
          ? [
              {
                path: [...path, "accountTakeover", level, "notify"],
                message: `client ${JSON.stringify(client.name)}: accountTakeover.${level} notifies users, but accountTakeover.notifyConfiguration (the SES identity to send from) is not set`,
              },
            ]
          : [],
      );
    }),
  ),

  // botocore RiskConfigurationType doc: the responses are threat protection's, which acts only when the pool's
  // UserPoolAddOns.AdvancedSecurityMode is AUDIT or ENFORCED; with it OFF they configure nothing.
  defineRule("client-risk-without-threat-protection", "warning", (manifest) => {
    const mode = manifest.spec.threatProtection?.standardAuthMode ?? "OFF";
    if (mode !== "OFF") return [];
    return eachClientRisk((_risk, client, path) => [
      {
        path,
        message: `client ${JSON.stringify(client.name)} has a riskConfiguration, but threat protection is off, so nothing acts on it: set threatProtection.standardAuthMode AUDIT or ENFORCED`,
      },
    ])(manifest);
  }),

  // terraform-provider-aws#45646: with feature DISABLED, AWS answers with a grace period of 0 whatever was sent,
  // so any other retryGracePeriodSeconds comes back changed and the provider fails the apply ("Provider produced
  // inconsistent result after apply"). The program sends 0 with DISABLED.
  defineRule("refresh-token-rotation-disabled-grace-period", "error", ({ spec }) =>
    spec.clients.flatMap((client, index) => {
      const rotation = client.refreshTokenRotation;
      return rotation?.feature === "DISABLED" &&
        rotation.retryGracePeriodSeconds !== undefined &&
        rotation.retryGracePeriodSeconds !== 0
        ? [
            {
              path: ["spec", "clients", index, "refreshTokenRotation", "retryGracePeriodSeconds"],
              message: `client ${JSON.stringify(client.name)}: with refresh token rotation DISABLED, AWS keeps a grace period of 0 and the provider fails the apply on any other value (terraform-provider-aws#45646); remove retryGracePeriodSeconds`,
            },
          ]
        : [];
    }),
  ),
];
