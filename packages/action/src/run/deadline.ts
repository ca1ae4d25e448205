// Deadlines for the action's network calls: a server that accepts a connection and never answers must end
// the call with one line naming what timed out, not hold the job until GitHub cancels it hours later.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/** How long one GitHub API request may take, unless COGNITO_ACTION_HTTP_TIMEOUT_SECONDS says otherwise. */
export const GITHUB_REQUEST_SECONDS = 60;
/** How long one Pulumi download (the release archive is about 100 MB) may take, unless overridden. */
export const DOWNLOAD_SECONDS = 600;

/** A network call that did not finish within its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, seconds: number, options?: ErrorOptions) {
    super(`${what} did not finish within ${seconds} s (timed out)`, options);
    this.name = "DeadlineError";
  }
}

/**
 * COGNITO_ACTION_HTTP_TIMEOUT_SECONDS, when set to a positive number, replaces every default deadline (for a
 * slow mirror, or a test); otherwise `fallback`.
 */
export function deadlineSeconds(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : fallback;
}

/**
 * `fetch` whose every call is aborted after `seconds`, naming the request. The abort closes the socket, so
 * nothing keeps the process waiting after the call has failed.
 */
export function fetchWithDeadline(seconds: number, label: string): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(seconds * 1000);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (deadline.aborted) throw new DeadlineError(`${label} ${describeRequest(input, init)}`, seconds);
      throw error;
    }
  };
}

function describeRequest(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): string {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return `${init?.method ?? "GET"} ${url}`;
}

/**
 * Downloads `url` into a new file under `directory`, the whole transfer within `seconds`; an HTTP error
 * status is an error naming the URL. Replaces the tool cache's download, which has no deadline at all.
 */
export async function downloadWithDeadline(url: string, directory: string, seconds: number): Promise<string> {
  const deadline = AbortSignal.timeout(seconds * 1000);
  const file = join(directory, randomUUID());
  await mkdir(directory, { recursive: true });
  try {
    const response = await fetch(url, { signal: deadline, redirect: "follow" });
    if (!response.ok || response.body === null)
      throw new Error(`downloading ${url} failed: HTTP ${response.status} ${response.statusText}`);
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(file),
      { signal: deadline },
    );
    return file;
  } catch (error) {
    if (deadline.aborted) throw new DeadlineError(`downloading ${url}`, seconds, { cause: error });
    throw error;
  }
}
