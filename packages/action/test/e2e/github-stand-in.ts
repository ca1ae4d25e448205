// A GitHub REST (and the one GraphQL query) stand-in on 127.0.0.1 for end-to-end tests: it keeps issue
// comments, pull request files, file contents and commit → pull request links, and records every request.
// Faults are modelled on GitHub's documented answers: a secondary rate limit is a 403 (or 429) whose message
// says "secondary rate limit", with retry-after; the primary one a 403 with x-ratelimit-remaining: 0 and
// x-ratelimit-reset (epoch seconds); an installation token's GET /user is a 403. It does not model
// GitHub's own throttling, eventual consistency of listings, or GraphQL beyond `viewer { login }`.
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: "User" | "Bot" };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

export interface StandInState {
  /** Login of the token's identity, as GraphQL's viewer answers. */
  viewer: string;
  comments: Map<number, StoredComment[]>;
  pullFiles: Map<number, { filename: string; status: string; previous_filename?: string }[]>;
  /** `ref:path` → file text. */
  contents: Map<string, string>;
  /** commit → the pull requests it belongs to, with the head commit each was merged at (GitHub's `head.sha`). */
  commitPulls: Map<string, { number: number; merged_at: string | null; head?: { sha: string } }[]>;
  /** Answer comment writes with this status (403: a read-only fork token). */
  rejectCommentWritesWith?: number;
  /** GraphQL's viewer and GET /user both refuse (403): the action cannot learn who it is. */
  identityUnknown?: boolean;
  /** Faults answered instead of the route, first match first, each `times` times. */
  faults?: StandInFault[];
  /**
   * Hold the first N listings of issue comments until N have arrived, then answer them together: two runs
   * that list at the same time, as concurrent jobs do.
   */
  holdCommentListings?: number;
}

/** A fault answered instead of a route. */
export interface StandInFault {
  method: string;
  /** Matched against the request's path (without the query). */
  path: RegExp;
  status: number;
  message: string;
  headers?: () => Record<string, string>;
  times: number;
}

/** A secondary rate limit as GitHub answers it. */
export function secondaryRateLimit(method: string, path: RegExp, times: number): StandInFault {
  return {
    method,
    path,
    status: 403,
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    headers: () => ({ "retry-after": "1" }),
    times,
  };
}

/** The primary rate limit, reset `seconds` from now. */
export function primaryRateLimit(method: string, path: RegExp, times: number, seconds = 1): StandInFault {
  return {
    method,
    path,
    status: 403,
    message: "API rate limit exceeded for installation ID 4242.",
    headers: () => ({
      "x-ratelimit-limit": "1000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "1000",
      "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + seconds),
    }),
    times,
  };
}

/** A gateway error. */
export function badGateway(method: string, path: RegExp, times: number): StandInFault {
  return { method, path, status: 502, message: "Bad Gateway", times };
}

export interface GitHubStandIn {
  url: string;
  state: StandInState;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const PAGE = 30;

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startGitHubStandIn(
  owner: string,
  repo: string,
  initial: Partial<StandInState> = {},
): Promise<GitHubStandIn> {
  const state: StandInState = {
    viewer: "github-actions[bot]",
    comments: new Map(),
    pullFiles: new Map(),
    contents: new Map(),
    commitPulls: new Map(),
    ...initial,
  };
  const requests: RecordedRequest[] = [];
  let nextId = 1000;
  const heldListings: (() => void)[] = [];
  let listingsToHold = state.holdCommentListings ?? 0;
  const base = `/repos/${owner}/${repo}`;

  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      requests.push({
        method: request.method ?? "",
        path: url.pathname + url.search,
        body,
        authorization: request.headers.authorization,
      });
      handle(request.method ?? "GET", url, body, response);
    });
  });

  function handle(method: string, url: URL, body: unknown, response: ServerResponse): void {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    const fault = state.faults?.find(
      (candidate) => candidate.times > 0 && candidate.method === method && candidate.path.test(path),
    );
    if (fault) {
      fault.times--;
      response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers?.() });
      return void response.end(
        JSON.stringify({ message: fault.message, documentation_url: "https://docs.github.com/rest" }),
      );
    }
    if (method === "POST" && path === "/graphql")
      return state.identityUnknown
        ? json(response, 403, { message: "Resource not accessible by integration" })
        : json(response, 200, { data: { viewer: { login: state.viewer } } });
    if (method === "GET" && path === "/user")
      return json(response, 403, { message: "Resource not accessible by integration" });
    if ((match = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(path))) {
      const issue = Number(match[1]);
      if (method === "GET" && listingsToHold > 0) {
        listingsToHold--;
        heldListings.push(() => page(response, url, (state.comments.get(issue) ?? []).map(renderComment)));
        if (listingsToHold === 0) for (const answer of heldListings.splice(0)) answer();
        return;
      }
      const comments = state.comments.get(issue) ?? [];
      if (method === "GET") return page(response, url, comments.map(renderComment));
      if (method === "POST") {
        if (state.rejectCommentWritesWith)
          return json(response, state.rejectCommentWritesWith, {
            message: "Resource not accessible by integration",
          });
        const comment: StoredComment = {
          id: nextId++,
          body: (body as { body: string }).body,
          user: { login: state.viewer, type: "Bot" },
        };
        state.comments.set(issue, [...comments, comment]);
        return json(response, 201, renderComment(comment));
      }
    }
    if ((match = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(path)) && method === "DELETE") {
      const id = Number(match[1]);
      for (const [issue, comments] of state.comments) {
        if (comments.some((comment) => comment.id === id)) {
          state.comments.set(
            issue,
            comments.filter((comment) => comment.id !== id),
          );
          response.writeHead(204);
          return void response.end();
        }
      }
      return json(response, 404, { message: "Not Found" });
    }
    if ((match = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(path)) && method === "PATCH") {
      if (state.rejectCommentWritesWith)
        return json(response, state.rejectCommentWritesWith, {
          message: "Resource not accessible by integration",
        });
      const id = Number(match[1]);
      for (const comments of state.comments.values()) {
        const comment = comments.find((candidate) => candidate.id === id);
        if (comment) {
          comment.body = (body as { body: string }).body;
          return json(response, 200, renderComment(comment));
        }
      }
      return json(response, 404, { message: "Not Found" });
    }
    if ((match = new RegExp(`^${base}/pulls/(\\d+)/files$`).exec(path)) && method === "GET") {
      return page(response, url, state.pullFiles.get(Number(match[1])) ?? []);
    }
    if ((match = new RegExp(`^${base}/contents/(.+)$`).exec(path)) && method === "GET") {
      const text = state.contents.get(
        `${url.searchParams.get("ref") ?? ""}:${decodeURIComponent(match[1]!)}`,
      );
      if (text === undefined) return json(response, 404, { message: "Not Found" });
      response.writeHead(200, { "content-type": "application/vnd.github.raw" });
      return void response.end(text);
    }
    if ((match = new RegExp(`^${base}/commits/([0-9a-f]+)/pulls$`).exec(path)) && method === "GET") {
      return json(response, 200, state.commitPulls.get(match[1]!) ?? []);
    }
    json(response, 404, { message: `stand-in has no route for ${method} ${path}` });
  }

  function renderComment(comment: StoredComment) {
    return {
      id: comment.id,
      body: comment.body,
      user: comment.user,
      html_url: `https://github.com/${owner}/${repo}/pull/1#issuecomment-${comment.id}`,
    };
  }

  /** GitHub's pagination: per_page (default 30, at most 100), page, and a Link header to the next page. */
  function page(response: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? PAGE), 100);
    const current = Number(url.searchParams.get("page") ?? 1);
    const slice = items.slice((current - 1) * perPage, current * perPage);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (current * perPage < items.length) {
      const next = new URL(url.href);
      next.searchParams.set("page", String(current + 1));
      headers.link = `<${serverUrl}${next.pathname}${next.search}>; rel="next"`;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify(slice));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: serverUrl,
    state,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text === "" ? undefined : JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}
