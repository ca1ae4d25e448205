import { describe, expect, it } from "vitest";
import { classifyGitHubError } from "../src/adapters/github-api.ts";
import { httpError } from "./fakes.ts";

/** An error as octokit throws it, with the response's headers. */
function withHeaders(status: number, message: string, headers: Record<string, string>) {
  return Object.assign(httpError(status, message), { response: { headers } });
}

describe("classifyGitHubError", () => {
  it.each([
    [
      "a secondary rate limit (403)",
      httpError(403, "You have exceeded a secondary rate limit."),
      "rate-limited",
    ],
    ["a secondary rate limit (429)", httpError(429, "Too many requests"), "rate-limited"],
    [
      "the primary rate limit (403, no requests left)",
      withHeaders(403, "API rate limit exceeded for installation ID 1.", { "x-ratelimit-remaining": "0" }),
      "rate-limited",
    ],
    ["a read-only token (403)", httpError(403, "Resource not accessible by integration"), "not-permitted"],
    ["a missing pull request or token scope (404)", httpError(404, "Not Found"), "not-permitted"],
    ["a bad gateway (502)", httpError(502, "Bad Gateway"), "unavailable"],
    ["no answer at all", new Error("socket hang up"), "unavailable"],
    ["a rejected body (422)", httpError(422, "Validation Failed"), "error"],
  ])("classifies %s", (_name, error, kind) => {
    expect(classifyGitHubError(error).kind).toBe(kind);
  });

  it("keeps the status and the message", () => {
    expect(classifyGitHubError(httpError(502, "Bad Gateway"))).toEqual({
      kind: "unavailable",
      httpStatus: 502,
      message: "Bad Gateway",
    });
  });
});
