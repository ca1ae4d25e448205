// The stack's settings file, `Pulumi.<stack>.yaml` in the project folder (the working directory), and the
// choice of secrets manager as pkg/cmd/pulumi/stack/secrets.go (GetSecretsManager) makes it.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { sdkModule } = require("./sdk.cjs");

/** The settings file's name: the last part of the stack name (the SDK's getStackSettingsName). */
function settingsPath(ctx) {
  const parts = ctx.stackName.split("/");
  return path.join(ctx.cwd, `Pulumi.${parts[parts.length - 1]}.yaml`);
}

/** The settings: { secretsprovider, encryptedkey, encryptionsalt, config: {key: value} }. */
function readSettings(ctx) {
  const file = settingsPath(ctx);
  const loaded = fs.existsSync(file) ? (yaml().load(fs.readFileSync(file, "utf8")) ?? {}) : {};
  return { ...loaded, config: loaded.config ?? {} };
}

function writeSettings(ctx, settings) {
  const written = { ...settings };
  if (Object.keys(written.config ?? {}).length === 0) delete written.config;
  fs.writeFileSync(settingsPath(ctx), yaml().dump(written));
}

/** YAML as the SDK reads and writes these files (js-yaml). */
function yaml() {
  return sdkModule("js-yaml");
}

function passphraseOf(env) {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return env.PULUMI_CONFIG_PASSPHRASE;
  if (env.PULUMI_CONFIG_PASSPHRASE_FILE) return fs.readFileSync(env.PULUMI_CONFIG_PASSPHRASE_FILE, "utf8");
  throw new Error(
    "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables",
  );
}

/** A salt that also checks the passphrase, as the real one's encrypted "pulumi" does. */
function newSalt(passphrase) {
  const nonce = crypto.randomBytes(8).toString("base64");
  return `v1:${nonce}:${check(nonce, passphrase)}`;
}

function check(nonce, passphrase) {
  return crypto.createHash("sha256").update(`${nonce}\0${passphrase}`).digest("base64").slice(0, 16);
}

function verifySalt(salt, passphrase) {
  const [, nonce, sum] = salt.split(":");
  if (check(nonce, passphrase) !== sum) throw new Error("incorrect passphrase");
}

/** The settings a secrets manager writes into the settings file. */
function editSettings(settings, manager) {
  delete settings.secretsprovider;
  delete settings.encryptedkey;
  delete settings.encryptionsalt;
  if (manager.type === "passphrase") settings.encryptionsalt = manager.state.salt;
  else {
    settings.secretsprovider = manager.state.url;
    settings.encryptedkey = manager.state.encryptedkey;
  }
}

/** A new manager for `provider` (passphrase, default, or a cloud URL like awskms://…). */
function newManager(env, provider) {
  if (!provider || provider === "passphrase" || provider === "default")
    return { type: "passphrase", state: { salt: newSalt(passphraseOf(env)) } };
  return {
    type: "cloud",
    state: { url: provider, encryptedkey: crypto.randomBytes(24).toString("base64") },
  };
}

/**
 * The stack's secrets manager for an operation: the settings file's, else (with
 * PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER=true) the checkpoint's, else a new passphrase manager. The settings
 * file is updated when the manager changed it, as the CLI saves it.
 */
function secretsManager(ctx, checkpoint) {
  const settings = readSettings(ctx);
  let manager;
  if (settings.secretsprovider && !["passphrase", "default"].includes(settings.secretsprovider)) {
    if (settings.encryptedkey)
      manager = {
        type: "cloud",
        state: { url: settings.secretsprovider, encryptedkey: settings.encryptedkey },
      };
    else {
      // No key yet: the CLI makes a new data key (pkg/secrets/cloud/manager.go NewCloudSecretsManager).
      manager = newManager(ctx.env, settings.secretsprovider);
      editSettings(settings, manager);
      writeSettings(ctx, settings);
    }
  } else if (settings.encryptionsalt) {
    verifySalt(settings.encryptionsalt, passphraseOf(ctx.env));
    manager = { type: "passphrase", state: { salt: settings.encryptionsalt } };
  } else {
    const fallback = ["1", "true"].includes(
      String(ctx.env.PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER).toLowerCase(),
    );
    const recorded = fallback && checkpoint ? checkpoint.secretsProviders : null;
    if (recorded) {
      if (recorded.type === "passphrase") verifySalt(recorded.state.salt, passphraseOf(ctx.env));
      manager = recorded;
    } else manager = newManager(ctx.env, undefined);
    editSettings(settings, manager);
    writeSettings(ctx, settings);
  }
  return manager;
}

module.exports = { readSettings, writeSettings, settingsPath, secretsManager, newManager, editSettings };
