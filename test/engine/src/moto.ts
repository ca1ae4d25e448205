// moto's server (`moto[server]` from PyPI, pinned in moto/requirements.txt) as the AWS of the engine suite:
// installed once into a virtual environment in the engine cache (outside the repository), started on
// 127.0.0.1 on a free port, stopped by whoever started it. It runs through moto/server.py, which makes
// UpdateUserPool keep the settings AWS fixes at creation (see there).
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { engineCacheDir } from "../pulumi-cli/build.mjs";

const REQUIREMENTS = join(import.meta.dirname, "../moto/requirements.txt");
const SERVER = join(import.meta.dirname, "../moto/server.py");

/** The pinned moto version, read from requirements.txt so the cache key follows the pin. */
export function motoVersion(): string {
  const match = /^moto\[server\]==(\S+)$/m.exec(readFileSync(REQUIREMENTS, "utf8"));
  if (!match) throw new Error(`${REQUIREMENTS}: expected a line moto[server]==<version>`);
  return match[1]!;
}

/** Installs moto into <cache>/moto/<version>/venv once; returns the path of the venv's python. */
export function ensureMoto(): string {
  const venv = join(engineCacheDir(), "moto", motoVersion(), "venv");
  const python = join(venv, "bin", "python");
  // Written last, so an interrupted install is redone rather than mistaken for a complete one.
  const installed = join(venv, "installed");
  if (existsSync(installed)) return python;
  rmSync(venv, { recursive: true, force: true });
  process.stderr.write(`installing moto ${motoVersion()} into ${venv}\n`);
  execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  execFileSync(join(venv, "bin", "pip"), ["install", "--quiet", "-r", REQUIREMENTS], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  writeFileSync(installed, `${motoVersion()}\n`);
  return python;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before moto binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The credentials and region every client of the emulator uses; moto accepts any. */
export const EMULATOR_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
} as const;

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts moto's server on a free port and waits until it answers. */
export async function startMoto(port?: number): Promise<Moto> {
  const python = ensureMoto();
  port ??= await freePort();
  const child: ChildProcess = spawn(python, [SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Calls an AWS JSON-protocol API (KMS, Cognito) on the emulator; moto does not check signatures. */
export async function awsJson(
  endpoint: string,
  target: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target}: ${response.status} ${text}`);
  return JSON.parse(text || "{}") as Record<string, unknown>;
}

/** Creates an S3 bucket on the emulator (path style). */
export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const response = await fetch(`${endpoint}/${bucket}`, { method: "PUT" });
  if (!response.ok) throw new Error(`CreateBucket ${bucket}: ${response.status} ${await response.text()}`);
}

/** An object's text from the emulator's S3 (an anonymous GET is refused, a signed one is not checked). */
export async function getObject(endpoint: string, bucket: string, key: string): Promise<string> {
  const response = await fetch(`${endpoint}/${bucket}/${key}`, {
    headers: {
      authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0",
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GetObject ${bucket}/${key}: ${response.status} ${text}`);
  return text;
}

/** Creates a KMS key on the emulator; returns its ID. */
export async function createKmsKey(endpoint: string): Promise<string> {
  const result = await awsJson(endpoint, "TrentService.CreateKey", { Description: "engine suite secrets" });
  return (result.KeyMetadata as { KeyId: string }).KeyId;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `pnpm --silent engine:moto [port]`: moto in the foreground for a shell that sourced engine:env.
  const moto = await startMoto(Number(process.argv[2] ?? "5000"));
  process.stdout.write(`moto ${motoVersion()} on ${moto.endpoint}; Ctrl-C stops it\n`);
  process.once("SIGINT", () => void moto.stop().then(() => process.exit(0)));
  process.once("SIGTERM", () => void moto.stop().then(() => process.exit(0)));
}
