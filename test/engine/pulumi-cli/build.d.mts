export function engineCacheDir(): string;
export function pulumiBinDir(version: string): string;
export function nonLocalReplaces(goMod: string): { from: string; to: string }[];
export function buildPulumi(version: string): string;
