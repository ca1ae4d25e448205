// The rule cases of managed login branding and classic UI customization (rules/branding.ts), gathered in
// rule-cases.ts: each rule with a manifest that breaks it (`# <-` marks the finding's line) and a close variant
// that does not.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

/** A 1x1 PNG, Base64 (68 bytes decoded). */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const OAUTH =
  "allowedOauthFlowsUserPoolClient: true, allowedOauthFlows: [code], allowedOauthScopes: [openid], callbackUrls: [https://app.example.com/callback]";

export const BRANDING_RULE_CASES: RuleCase[] = [
  {
    rule: "managed-login-needs-branding",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true # <-
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
    `),
    path: "spec.clients[0].allowedOauthFlowsUserPoolClient",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - {name: web-app, ${OAUTH}, managedLoginBranding: {useCognitoProvidedValues: true}}
    `),
  },
  {
    rule: "managed-login-needs-branding",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true # <-
          allowedOauthFlows: [implicit, client_credentials]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
    `),
    path: "spec.clients[0].allowedOauthFlowsUserPoolClient",
    // A machine-to-machine client signs no user in: it shows no sign-in page.
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      resourceServers: [{identifier: orders, name: Orders API, scopes: [{name: read, description: Read orders}]}]
      clients:
        - name: worker
          generateSecret: true
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [client_credentials]
          allowedOauthScopes: [orders/read]
    `),
  },
  {
    rule: "branding-needs-matching-login-version",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 1}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true} # <-
    `),
    path: "spec.clients[0].managedLoginBranding",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true}
    `),
  },
  {
    rule: "branding-needs-matching-login-version",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      uiCustomization: {css: ".banner-customizable {background-color: #123456}"} # <-
    `),
    path: "spec.uiCustomization",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 1}
      uiCustomization: {css: ".banner-customizable {background-color: #123456}"}
    `),
  },
  {
    rule: "branding-above-tier",
    failing: manifest(`
      userPoolTier: LITE
      domain: {domain: acme-auth-7f3k}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true} # <-
    `),
    path: "spec.clients[0].managedLoginBranding",
    // Left out, the tier of a new pool is ESSENTIALS, which has branding.
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true}
    `),
  },
  {
    rule: "branding-style-source",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding: # <-
            assets: []
    `),
    path: "spec.clients[0].managedLoginBranding",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            settings: {components: {primaryButton: {lightMode: {defaults: {backgroundColor: "0972d3ff"}}}}}
    `),
  },
  {
    rule: "branding-style-source",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: true
            settings: {components: {}} # <-
    `),
    path: "spec.clients[0].managedLoginBranding.settings",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: false
            settings: {components: {}}
    `),
  },
  {
    rule: "branding-settings-json-object",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            settings: '["components"]' # <-
    `),
    path: "spec.clients[0].managedLoginBranding.settings",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            settings: '{"components": {}}'
    `),
  },
  {
    rule: "branding-asset",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: true
            assets:
              - {category: FORM_LOGO, colorMode: LIGHT, extension: PNG, bytes: ${PNG}}
              - {category: FORM_LOGO, colorMode: LIGHT, extension: PNG, bytes: ${PNG}} # <-
    `),
    path: "spec.clients[0].managedLoginBranding.assets[1].colorMode",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: true
            assets:
              - {category: FORM_LOGO, colorMode: LIGHT, extension: PNG, bytes: ${PNG}}
              - {category: FORM_LOGO, colorMode: DARK, extension: PNG, bytes: ${PNG}}
    `),
  },
  {
    rule: "branding-asset",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: true
            assets:
              - category: FORM_LOGO
                colorMode: LIGHT
                extension: PNG
                bytes: logo.png # <-
    `),
    path: "spec.clients[0].managedLoginBranding.assets[0].bytes",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding:
            useCognitoProvidedValues: true
            assets:
              - category: FORM_LOGO
                colorMode: LIGHT
                extension: PNG
                bytes: ${PNG}
    `),
  },
  {
    rule: "ui-customization",
    failing: manifest(`
      uiCustomization: {css: ".banner-customizable {color: red}"} # <-
    `),
    path: "spec.uiCustomization",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k}
      uiCustomization: {css: ".banner-customizable {color: red}"}
    `),
  },
  {
    rule: "ui-customization",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k}
      clients:
        - name: web-app
          uiCustomization:
            css: "body {color: red} .banner-customizable {color: red}" # <-
    `),
    path: "spec.clients[0].uiCustomization.css",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k}
      clients:
        - name: web-app
          uiCustomization:
            css: ".submitButton-customizable:hover, .banner-customizable {color: red}"
    `),
  },
  {
    rule: "ui-customization",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k}
      uiCustomization:
        imageFile: "not base64!" # <-
    `),
    path: "spec.uiCustomization.imageFile",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k}
      uiCustomization:
        imageFile: ${PNG}
    `),
  },
  {
    rule: "adopt-branding-unknown",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true}
      adopt:
        userPoolId: us-east-1_AbCdEf123
        clientIds: {web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m}
        managedLoginBrandings:
          web-app: 4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607
          mobile: 4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f608 # <-
    `),
    path: "spec.adopt.managedLoginBrandings.mobile",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k, managedLoginVersion: 2}
      clients:
        - name: web-app
          managedLoginBranding: {useCognitoProvidedValues: true}
      adopt:
        userPoolId: us-east-1_AbCdEf123
        clientIds: {web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m}
        managedLoginBrandings:
          web-app: 4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607
    `),
  },
  {
    rule: "ui-customization",
    failing: manifest(`
      domain: {domain: acme-auth-7f3k}
      uiCustomization:
        imageFile: R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw== # <-
    `),
    path: "spec.uiCustomization.imageFile",
    passing: manifest(`
      domain: {domain: acme-auth-7f3k}
      uiCustomization:
        imageFile: /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z
    `),
  },
];
