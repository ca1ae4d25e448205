// Before the suite: the real CLI of every selected version (built once into the cache) and moto; after it,
// moto stops. Build times are printed, so a slow fresh machine shows where the time went.
import type { TestProject } from "vitest/node";
import { buildPulumi } from "../pulumi-cli/build.mjs";
import { ensureMoto, startMoto } from "../src/moto.ts";
import { bundleProvider } from "../src/provider-bundle.ts";
import { pulumiVersions, selectedVersions } from "../src/versions.ts";

declare module "vitest" {
  export interface ProvidedContext {
    motoEndpoint: string;
    providerBundle: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const versions = pulumiVersions();
  for (const name of selectedVersions()) {
    const started = Date.now();
    buildPulumi(versions[name]);
    process.stderr.write(
      `pulumi ${versions[name]} (${name}) ready in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  }
  project.provide("providerBundle", await bundleProvider());
  const started = Date.now();
  ensureMoto();
  const moto = await startMoto();
  process.stderr.write(`moto ready in ${Math.round((Date.now() - started) / 1000)} s on ${moto.endpoint}\n`);
  project.provide("motoEndpoint", moto.endpoint);
  return () => moto.stop();
}
