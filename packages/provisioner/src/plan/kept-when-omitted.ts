// Inputs the provider keeps when a manifest stops setting them. They are optional and computed in
// terraform-provider-aws (or a missing block's diff is suppressed), so leaving one out does not reset it:
// the engine shows no change and the deployed value stays. The offline plan must say the same.

/** An input that keeps its deployed value when left out, and how to really reset it. */
export interface KeptWhenOmitted {
  /** Top-level input property. */
  property: string;
  /** Where the provider says so. */
  source: string;
  /** The manifest field and what to write to get a chosen value back. */
  reset: string;
}

/** The inputs kept when omitted, by Pulumi type token. */
export const KEPT_WHEN_OMITTED: Readonly<Record<string, readonly KeptWhenOmitted[]>> = {
  "aws:cognito/userPool:UserPool": [
    {
      property: "passwordPolicy",
      source: "terraform user_pool.go: password_policy Optional + Computed",
      reset:
        "set spec.passwordPolicy explicitly (AWS's defaults are minimumLength 8, every require* true, temporaryPasswordValidityDays 7)",
    },
    {
      property: "accountRecoverySetting",
      source:
        "terraform user_pool.go: account_recovery_setting DiffSuppressFunc SuppressMissingOptionalConfigurationBlock",
      reset: "set spec.accountRecoveryMechanisms explicitly to the mechanisms you want",
    },
    {
      property: "emailConfiguration",
      source:
        "terraform user_pool.go: email_configuration DiffSuppressFunc SuppressMissingOptionalConfigurationBlock",
      reset:
        "set spec.emailConfiguration explicitly (emailSendingAccount: COGNITO_DEFAULT for Cognito's own sender)",
    },
    // Beyond OpenMCF.
    {
      property: "smsConfiguration",
      source:
        'terraform docs for cognito_user_pool sms_configuration: "cannot be removed without recreating" (the provider ignores its removal)',
      reset:
        "AWS cannot remove an SMS configuration from a pool; set spec.smsConfiguration to the role it should use",
    },
  ],
  "aws:cognito/userPoolClient:UserPoolClient": [
    {
      property: "enableTokenRevocation",
      source: "terraform user_pool_client.go: enable_token_revocation Optional + Computed",
      reset: "set enableTokenRevocation explicitly on the client (AWS's default is true)",
    },
    {
      property: "preventUserExistenceErrors",
      source: "terraform user_pool_client.go: prevent_user_existence_errors Optional + Computed",
      reset: "set preventUserExistenceErrors explicitly on the client (LEGACY or ENABLED)",
    },
    {
      property: "callbackUrls",
      source: "terraform user_pool_client.go: callback_urls Optional + Computed",
      reset:
        "list the callbackUrls the client should keep; an empty list is left out and keeps the deployed URLs",
    },
    {
      property: "logoutUrls",
      source: "terraform user_pool_client.go: logout_urls Optional + Computed",
      reset:
        "list the logoutUrls the client should keep; an empty list is left out and keeps the deployed URLs",
    },
    // Beyond OpenMCF.
    {
      property: "refreshTokenRotation",
      source:
        "terraform-provider-aws#47196: a removed refresh_token_rotation block is not sent, and AWS keeps the client's rotation (adding ALLOW_REFRESH_TOKEN_AUTH beside it then fails the update)",
      reset:
        "set refreshTokenRotation: {feature: DISABLED} on the client (and add ALLOW_REFRESH_TOKEN_AUTH to its explicitAuthFlows) to stop rotating refresh tokens",
    },
  ],
};

/** The rule under which leaving `property` out of a `type` resource keeps its deployed value, if any. */
export function keptWhenOmitted(type: string, property: string): KeptWhenOmitted | undefined {
  return (KEPT_WHEN_OMITTED[type] ?? []).find((rule) => rule.property === property);
}
