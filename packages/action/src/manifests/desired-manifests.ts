// What an apply converges to: every Cognito manifest at this run's commit, with its stack and digest.
import { engineStackName } from "@cognito-action/provisioner";
import { MANIFEST_KIND, stackIdentity } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import type { DesiredStack } from "../apply/convergence.ts";
import { manifestDigest } from "../apply/origin.ts";
import type { Session } from "../run/session.ts";

/** A manifest at this commit with what converging its stack needs. */
export interface DesiredManifest extends DesiredStack {
  manifest: Manifest;
  /** The name the backend lists its stack under. */
  engineName: string;
}

/** Every manifest at this commit, with its stack and digest. */
export function desiredManifests(session: Session): DesiredManifest[] {
  const backend = session.backendUrl;
  return session.head.documents.flatMap((document) => {
    if (document.kind !== MANIFEST_KIND || !document.manifest) return [];
    const manifest = document.manifest;
    return [
      {
        name: document.name ?? manifest.metadata.name,
        file: document.file,
        stack: stackIdentity(manifest.metadata).fullName,
        engineName: engineStackName(stackIdentity(manifest.metadata), backend),
        digest: manifestDigest(manifest),
        adoptsStack: manifest.spec.adopt?.stack === true,
        manifest,
      },
    ];
  });
}

/** The stack as the manifest labels it, and as the backend names it when that differs (self-managed). */
export function stackDisplayName(manifest: Pick<DesiredManifest, "stack" | "engineName">): string {
  return manifest.engineName === manifest.stack
    ? manifest.stack
    : `${manifest.stack} (${manifest.engineName} in the backend)`;
}
