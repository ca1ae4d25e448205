// Recording fakes for the seams of the action: the Runner, the GitHub API and the Pulumi engine. Each keeps
// what it was asked, in order, so tests assert on behaviour rather than on how the code is organised.
import { engineStackName, RESOURCE_TYPES, summarize } from "@cognito-action/provisioner";
import type {
  ChangedFile,
  EngineFactory,
  EngineInventory,
  EngineStack,
  EngineStackRequest,
  Plan,
  StackOutputs,
  StackResource,
} from "@cognito-action/provisioner";
import { stackIdentity } from "@cognito-action/spec";
import type { AnnotationProperties } from "../src/manifests/workspace.ts";
import type { CommitPullRequest, GitHubApi, IssueComment } from "../src/adapters/github-api.ts";
import type { Runner } from "../src/run/types.ts";

/** One call the action made on the runner. */
export type RunnerEvent =
  | { kind: "info" | "debug" | "notice"; message: string }
  | { kind: "warning" | "error"; message: string; properties?: AnnotationProperties | undefined }
  | { kind: "setOutput"; name: string; value: string }
  | { kind: "setSecret"; value: string }
  | { kind: "appendSummary"; markdown: string }
  | { kind: "group"; name: string };

/** Everything the fakes saw, in the order it happened, when they share one timeline. */
export type TimelineEntry = RunnerEvent | ({ kind: "engine" } & EngineCall) | ({ kind: "github" } & ApiCall);

/** A Runner that reads inputs from a map and records everything else. */
export class RecordingRunner implements Runner {
  readonly events: RunnerEvent[] = [];

  constructor(
    private readonly inputs: Record<string, string> = {},
    private readonly timeline?: TimelineEntry[],
  ) {}

  #push(event: RunnerEvent): void {
    this.events.push(event);
    this.timeline?.push(event);
  }

  getInput(name: string): string {
    return this.inputs[name] ?? "";
  }
  info(message: string): void {
    this.#push({ kind: "info", message });
  }
  debug(message: string): void {
    this.#push({ kind: "debug", message });
  }
  notice(message: string): void {
    this.#push({ kind: "notice", message });
  }
  warning(message: string, properties?: AnnotationProperties): void {
    this.#push({ kind: "warning", message, properties });
  }
  error(message: string, properties?: AnnotationProperties): void {
    this.#push({ kind: "error", message, properties });
  }
  setOutput(name: string, value: string): void {
    this.#push({ kind: "setOutput", name, value });
  }
  setSecret(value: string): void {
    this.#push({ kind: "setSecret", value });
  }
  appendSummary(markdown: string): Promise<void> {
    this.#push({ kind: "appendSummary", markdown });
    return Promise.resolve();
  }
  group<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.#push({ kind: "group", name });
    return work();
  }

  /** The last value set for each output. */
  get outputs(): Record<string, string> {
    const outputs: Record<string, string> = {};
    for (const event of this.events) if (event.kind === "setOutput") outputs[event.name] = event.value;
    return outputs;
  }
  get summaries(): string[] {
    return this.events.flatMap((event) => (event.kind === "appendSummary" ? [event.markdown] : []));
  }
  get secrets(): string[] {
    return this.events.flatMap((event) => (event.kind === "setSecret" ? [event.value] : []));
  }
  messages(kind: "info" | "debug" | "notice" | "warning" | "error"): string[] {
    return this.events.flatMap((event) => (event.kind === kind ? [event.message] : []));
  }
  annotations(kind: "warning" | "error"): { message: string; properties: AnnotationProperties }[] {
    return this.events.flatMap((event) =>
      event.kind === kind && event.properties
        ? [{ message: event.message, properties: event.properties }]
        : [],
    );
  }
}

/** An error as octokit throws it: a message and the HTTP status. */
export function httpError(status: number, message = `HTTP ${status}`): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}

type ApiMethod = keyof GitHubApi;

/** One call the action made on the GitHub API. */
export interface ApiCall {
  method: ApiMethod;
  args: unknown[];
}

export interface FakeGitHubOptions {
  /** The token's identity; undefined when GitHub does not say. */
  login?: string | undefined;
  comments?: IssueComment[];
  /** The pull request's files, for the API fallback of the changed-file list. */
  pullRequestFiles?: ChangedFile[];
  /** `${ref}:${path}` → text, for fileAtRef. */
  files?: Record<string, string>;
  pullRequestsForCommit?: CommitPullRequest[];
  /** `${base}...${head}` → GitHub's compare status; others answer 404. */
  compare?: Record<string, "ahead" | "behind" | "identical" | "diverged">;
}

/**
 * A GitHub API over an in-memory list of comments, recording every call. `failNext` makes the next call of
 * a method throw, as octokit does for an HTTP error.
 */
export class RecordingGitHubApi implements GitHubApi {
  readonly calls: ApiCall[] = [];
  readonly comments: IssueComment[];
  readonly #failures = new Map<ApiMethod, unknown[]>();
  #nextId = 1000;

  constructor(
    private readonly options: FakeGitHubOptions = {},
    private readonly timeline?: TimelineEntry[],
  ) {
    this.comments = [...(options.comments ?? [])];
  }

  /** The next call of `method` throws `error` (queued: several calls fail in turn). */
  failNext(method: ApiMethod, error: unknown): this {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
    return this;
  }

  /** Every later call of `method` throws `error`. */
  failAlways(method: ApiMethod, error: unknown): this {
    this.#failures.set(method, new Array<unknown>(1000).fill(error));
    return this;
  }

  /** The calls that write: creating, updating or deleting a comment. */
  get writes(): ApiCall[] {
    return this.calls.filter(
      (call) =>
        call.method === "createIssueComment" ||
        call.method === "updateIssueComment" ||
        call.method === "deleteIssueComment",
    );
  }

  #record(method: ApiMethod, ...args: unknown[]): void {
    this.calls.push({ method, args });
    this.timeline?.push({ kind: "github", method, args });
    const queued = this.#failures.get(method);
    if (queued && queued.length > 0) throw queued.shift();
  }

  #url(id: number, issue: number): string {
    return `https://github.com/acme/identity/pull/${issue}#issuecomment-${id}`;
  }

  viewerLogin(): Promise<string | undefined> {
    return this.#call("viewerLogin", [], () => this.options.login);
  }
  listIssueComments(issue: number): Promise<IssueComment[]> {
    return this.#call("listIssueComments", [issue], () => this.comments.map((comment) => ({ ...comment })));
  }
  createIssueComment(issue: number, body: string): Promise<IssueComment> {
    return this.#call("createIssueComment", [issue, body], () => {
      const id = this.#nextId++;
      const comment: IssueComment = {
        id,
        body,
        authorLogin: this.options.login ?? "github-actions[bot]",
        authorType: "Bot",
        url: this.#url(id, issue),
      };
      this.comments.push(comment);
      return { ...comment };
    });
  }
  updateIssueComment(commentId: number, body: string): Promise<IssueComment> {
    return this.#call("updateIssueComment", [commentId, body], () => {
      const comment = this.comments.find((candidate) => candidate.id === commentId);
      if (!comment) throw httpError(404, "Not Found");
      comment.body = body;
      return { ...comment };
    });
  }
  deleteIssueComment(commentId: number): Promise<void> {
    return this.#call("deleteIssueComment", [commentId], () => {
      const index = this.comments.findIndex((candidate) => candidate.id === commentId);
      if (index < 0) throw httpError(404, "Not Found");
      this.comments.splice(index, 1);
    });
  }
  listPullRequestFiles(pullRequest: number): Promise<ChangedFile[]> {
    return this.#call("listPullRequestFiles", [pullRequest], () => [
      ...(this.options.pullRequestFiles ?? []),
    ]);
  }
  fileAtRef(path: string, ref: string): Promise<string | undefined> {
    return this.#call("fileAtRef", [path, ref], () => this.options.files?.[`${ref}:${path}`]);
  }
  pullRequestsForCommit(sha: string): Promise<CommitPullRequest[]> {
    return this.#call("pullRequestsForCommit", [sha], () => [...(this.options.pullRequestsForCommit ?? [])]);
  }

  compareCommits(base: string, head: string): Promise<"ahead" | "behind" | "identical" | "diverged"> {
    return this.#call("compareCommits", [base, head], () => {
      const status = this.options.compare?.[`${base}...${head}`];
      if (!status) throw httpError(404, "Not Found");
      return status;
    });
  }

  // Async like the real client: a failure is a rejected promise, never a synchronous throw.
  async #call<T>(method: ApiMethod, args: unknown[], answer: () => T): Promise<T> {
    await Promise.resolve();
    this.#record(method, ...args);
    return answer();
  }
}

/** What a fake stack does, per manifest; each may throw to simulate an engine failure. */
export interface FakeStackBehaviour {
  preview?: (request: EngineStackRequest) => Plan;
  up?: (request: EngineStackRequest) => StackOutputs;
  currentOutputs?: (request: EngineStackRequest) => StackOutputs;
  referencedOutputs?: (request: EngineStackRequest) => StackOutputs;
  destroy?: (request: EngineStackRequest) => void;
  /** How many times `up` meets another update's lock and waits before it runs. */
  lockWaits?: number;
  /** The resources the stack's state holds (none by default). */
  resources?: (request: EngineStackRequest) => StackResource[];
  /** Runs before tags are set (throw to refuse them, as an old self-managed backend does). */
  setTags?: (request: EngineStackRequest) => void;
}

/** One call on the fake engine: opening a stack, or an operation on one. */
export interface EngineCall {
  manifest: string;
  operation:
    | "open"
    | "preview"
    | "currentOutputs"
    | "referencedOutputs"
    | "up"
    | "destroy"
    | "refresh"
    | "dispose"
    | "tags"
    | "resources"
    | "setTags"
    | "list"
    | "readIndex"
    | "writeIndex"
    | "destroyAndRemove";
}

/** The stack name a manifest's labels give, as the engine would use. */
export function stackOf(request: EngineStackRequest): string {
  return stackIdentity(request.manifest.metadata).fullName;
}

/** The name a self-managed backend (the in-process tests' s3:// one) lists a manifest's stack under. */
export function engineNameOf(request: EngineStackRequest): string {
  return engineStackName(stackIdentity(request.manifest.metadata), "s3://acme-state/cognito");
}

/** The plan a fake engine previews by default: the user pool updated in place. */
export function updatePlan(stack: string): Plan {
  const changes = [
    {
      type: RESOURCE_TYPES.userPool,
      name: "user-pool",
      action: "update" as const,
      properties: [{ path: "mfaConfiguration", before: "OFF", after: "OPTIONAL", forcesReplacement: false }],
    },
  ];
  return { stack, changes, summary: summarize(changes), errors: [], warnings: [] };
}

/**
 * A recording fake of the Pulumi engine, with its inventory: it keeps stacks and their tags in memory (keyed
 * by the name the self-managed backend lists them under), as a backend with tags does.
 */
export class FakeEngine {
  readonly calls: EngineCall[] = [];
  /** Deployed stacks by name → their tags (only with an inventory). */
  readonly stacks = new Map<string, Record<string, string>>();
  /** Stack name → the time of its last update or destroy, as a backend lists it. */
  readonly lastUpdates = new Map<string, string>();
  /** Index stacks (`project/stack`) → their tags. */
  readonly indexes = new Map<string, Record<string, string>>();
  #clock = 0;
  /** Runs before a stack's tags are read back before `up` (a concurrent run deploying meanwhile). */
  beforeTagRead: ((stack: string) => void) | undefined;
  /** Runs while `up` waits on a lock (the update holding it finishing meanwhile). */
  duringLockWait: ((stack: string) => void) | undefined;

  constructor(
    private readonly behaviour: (manifest: string) => FakeStackBehaviour = () => ({}),
    private readonly timeline?: TimelineEntry[],
  ) {}

  readonly factory: EngineFactory = Object.assign((request: EngineStackRequest) => this.#open(request), {
    inventory: this.#inventory(),
  });

  async #open(request: EngineStackRequest): Promise<EngineStack> {
    await Promise.resolve();
    const manifest = request.manifest.metadata.name;
    this.#log({ manifest, operation: "open" });
    const behaviour = this.behaviour(manifest);
    const operation = async <T>(name: EngineCall["operation"], work: () => T | Promise<T>): Promise<T> => {
      await Promise.resolve();
      this.#log({ manifest, operation: name });
      return work();
    };
    const stack: EngineStack = {
      preview: () =>
        operation("preview", () => (behaviour.preview ?? (() => updatePlan(stackOf(request))))(request)),
      currentOutputs: () =>
        operation("currentOutputs", () =>
          (behaviour.currentOutputs ?? (() => ({ values: {}, secretNames: [] })))(request),
        ),
      referencedOutputs: () =>
        operation("referencedOutputs", () =>
          (behaviour.referencedOutputs ?? (() => ({ values: {}, secretNames: [] })))(request),
        ),
      up: (hooks) =>
        operation("up", async () => {
          // An update that meets another's lock waits, lets the caller look again, then tries again.
          for (let wait = 0; wait < (behaviour.lockWaits ?? 0); wait++) {
            this.duringLockWait?.(engineNameOf(request));
            await hooks?.afterLockWait?.();
          }
          this.touch(engineNameOf(request));
          return (
            behaviour.up ?? (() => ({ values: { user_pool_id: `us-east-1_${manifest}` }, secretNames: [] }))
          )(request);
        }),
      destroy: () => operation("destroy", () => behaviour.destroy?.(request)),
      resources: () => operation("resources", () => behaviour.resources?.(request) ?? []),
      tags: () =>
        operation("tags", () => {
          this.beforeTagRead?.(engineNameOf(request));
          return { ...this.stacks.get(engineNameOf(request)) };
        }),
      setTags: (tags) =>
        operation("setTags", () => {
          behaviour.setTags?.(request);
          this.stacks.set(engineNameOf(request), { ...this.stacks.get(engineNameOf(request)), ...tags });
        }),
      refresh: () => operation("refresh", () => undefined),
      dispose: () => operation("dispose", () => undefined),
    };
    return stack;
  }

  /** The backend already holds `stacks` (name → tags). */
  holding(stacks: Record<string, Record<string, string>>): this {
    for (const [name, tags] of Object.entries(stacks)) this.stacks.set(name, { ...tags });
    return this;
  }

  #inventory(): EngineInventory {
    return {
      stacksTagged: async (name, value) => {
        await Promise.resolve();
        this.#log({ manifest: "*", operation: "list" });
        return [...this.stacks]
          .filter(([, tags]) => tags[name] === value)
          .map(([stack]) => ({ name: stack, lastUpdate: this.lastUpdates.get(stack) }));
      },
      tagsOf: async (name) => {
        await Promise.resolve();
        this.#log({ manifest: name, operation: "tags" });
        return { ...this.stacks.get(name) };
      },
      readIndex: async (index) => {
        await Promise.resolve();
        this.#log({ manifest: `${index.project}/${index.stack}`, operation: "readIndex" });
        return { ...this.indexes.get(`${index.project}/${index.stack}`) };
      },
      writeIndex: async (index, tags) => {
        await Promise.resolve();
        this.#log({ manifest: `${index.project}/${index.stack}`, operation: "writeIndex" });
        const key = `${index.project}/${index.stack}`;
        this.indexes.set(key, { ...this.indexes.get(key), ...tags });
      },
      destroyAndRemove: async (name) => {
        await Promise.resolve();
        this.#log({ manifest: name, operation: "destroyAndRemove" });
        this.stacks.delete(name);
        this.lastUpdates.delete(name);
      },
    };
  }

  /** Records an update of `stack` now, as a manual `pulumi up` or a refresh would. */
  touch(stack: string): void {
    this.lastUpdates.set(stack, `2026-11-29T10:${String(this.#clock++).padStart(4, "0")}Z`);
  }

  /** The manifests whose stacks were opened, each once: what the run touched, the backend's listing aside. */
  opened(): Set<string> {
    return new Set(this.calls.filter((call) => call.operation === "open").map((call) => call.manifest));
  }

  /** The operations on the stack of `manifest`, in order. */
  operationsOf(manifest: string): EngineCall["operation"][] {
    return this.calls.filter((call) => call.manifest === manifest).map((call) => call.operation);
  }

  #log(call: EngineCall): void {
    this.calls.push(call);
    this.timeline?.push({ kind: "engine", ...call });
  }
}
