// The plan report: what a pull request will change, as Markdown. The PR comment, the job summary and the
// CLI's `plan --format markdown` all render through here, so reviewers see one layout everywhere.
import type { Finding } from "@cognito-action/spec";
import { isProgramResourceType } from "../graph.ts";
import { isUnknownValue } from "../plan/plan-types.ts";
import type { Plan, ResourceChange } from "../plan/plan-types.ts";
import { code, escapeCell, formatValue, plural } from "./markdown.ts";

/** A manifest's plan with where it came from. */
export interface ManifestPlan {
  /** metadata.name of the manifest (of the base, for a deleted manifest). */
  name: string;
  /** The manifest's file (its new path for a rename). */
  file: string;
  /** How the file changed in the pull request, when known. */
  fileChange?: "added" | "modified" | "deleted" | "renamed" | undefined;
  plan: Plan;
}

/** Everything a plan report shows. */
export interface PlanReport {
  plans: ManifestPlan[];
  /** Validation findings of every manifest (not only the changed ones). */
  findings?: Finding[];
  /** Manifests that did not change: counted, never listed. */
  unchanged?: number;
  /** Which planner produced the plans, and why, when that is worth saying. */
  source?: { mode: "offline" | "pulumi"; note?: string | undefined };
  /** The heading's first words; "Cognito plan" unless a run only validates. */
  title?: string;
  /**
   * Why nothing could be compared with what is deployed (a drift check without the engine): the heading says
   * "not checked" instead of "No changes", which would be a green light nobody earned.
   */
  notChecked?: string | undefined;
}

/** The report in two parts: `essential` always survives trimming; `details` may be cut on line boundaries. */
export interface RenderedReport {
  essential: string;
  details: string;
}

/** Renders a plan report as one Markdown document. */
export function renderPlanReport(report: PlanReport): string {
  const { essential, details } = renderPlanReportParts(report);
  return details === "" ? essential : `${essential}\n\n${details}`;
}

/** Renders a plan report in its essential and trimmable parts. */
export function renderPlanReportParts(report: PlanReport): RenderedReport {
  const errors = (report.findings ?? []).filter((finding) => finding.severity === "error");
  const warnings = (report.findings ?? []).filter((finding) => finding.severity === "warning");
  const essential = [
    statusLine(report, errors.length),
    destructionWarnings(report.plans),
    securityDowngradeWarnings(report.plans),
    adoptionNote(report.plans),
    summaryTable(report.plans),
    planErrors(report.plans),
    planWarnings(report.plans),
    planNotes(report.plans),
    findingList("Validation errors", errors),
  ];
  const details = [
    ...report.plans.map(manifestDetails),
    warnings.length > 0
      ? collapsible(`${plural(warnings.length, "validation warning")}`, findingLines(warnings))
      : "",
    footnote(report),
  ];
  return { essential: joinSections(essential), details: joinSections(details) };
}

function statusLine(report: PlanReport, validationErrors: number): string {
  const changed = report.plans.filter((entry) => hasChanges(entry.plan) || entry.plan.errors.length > 0);
  const destroyed = report.plans.flatMap((entry) =>
    entry.plan.changes.filter((change) => change.destroysUsers),
  );
  const failed = report.plans.filter((entry) => entry.plan.errors.length > 0).length;
  const parts: string[] = [];
  if (validationErrors > 0) parts.push(`❌ ${plural(validationErrors, "validation error")}`);
  if (failed > 0) parts.push(`❌ ${plural(failed, "plan")} failed`);
  if (destroyed.length > 0) parts.push(`⚠️ ${plural(destroyed.length, "user pool")} destroyed`);
  const undeclared = report.plans.flatMap((entry) => undeclaredDestruction(entry.plan));
  if (undeclared.length > 0)
    parts.push(`⚠️ ${plural(undeclared.length, "undeclared resource")} deleted or replaced`);
  if (report.notChecked !== undefined && changed.length === 0)
    parts.push(`⚠️ not checked: ${report.notChecked}`);
  const downgrades = report.plans.flatMap((entry) =>
    entry.plan.changes.flatMap((change) => change.securityDowngrades ?? []),
  ).length;
  if (downgrades > 0) parts.push(`🔓 ${plural(downgrades, "security-relevant change")}`);
  if (parts.length === 0)
    parts.push(changed.length > 0 ? `✅ ${plural(changed.length, "manifest")} to change` : "✅ No changes");
  return `### ${report.title ?? "Cognito plan"}: ${parts.join(" · ")}`;
}

/** The loudest part of the report: a pool that is replaced or deleted takes every user with it. */
function destructionWarnings(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) =>
    entry.plan.changes
      .filter((change) => change.destroysUsers)
      .flatMap((change) => {
        const forcedBy = change.properties
          .filter((property) => property.forcesReplacement)
          .map((property) => code(property.path));
        const why =
          change.action === "replace" && change.importId !== undefined
            ? `because it adopts ${code(change.importId)} in place of the pool this stack already manages, which is deleted`
            : change.action === "delete"
              ? entry.fileChange === "deleted"
                ? "because its manifest is deleted"
                : "because it is no longer declared"
              : `because ${forcedBy.length > 0 ? `${forcedBy.join(", ")} cannot change in place` : "a property it depends on cannot change in place"}`;
        const protectedNote = entry.plan.warnings.find(
          (warning) => warning.rule === "protected-pool" && warning.resource === change.name,
        );
        return [
          `> **User pool ${code(change.name)} (${code(entry.plan.stack)}) will be ${change.action === "delete" ? "DELETED" : "REPLACED"} ${why}. Every user in the pool is lost** (accounts, passwords, MFA devices)${change.action === "replace" ? "; its app clients get new IDs and secrets" : ""}.`,
          ...(protectedNote ? [`> ${escapeCell(protectedNote.message)}`] : []),
        ];
      }),
  );
  // What the stack holds that the manifest never declared (another tool's database, a bucket) is deleted by
  // the engine like any resource the program dropped: as loud as a pool, since nobody asked for it here.
  const undeclared = plans.flatMap((entry) =>
    undeclaredDestruction(entry.plan).map(
      (change) =>
        `> **${code(change.type)} ${code(change.name)} (${code(entry.plan.stack)}) will be ${change.action === "delete" ? "DELETED" : "REPLACED"}: the manifest does not declare it**, so something other than this manifest put it in the stack. The apply refuses it unless both \`allow-destroy\` and \`allow-replace\` are set.`,
    ),
  );
  lines.push(...undeclared);
  return lines.length > 0
    ? ["> [!CAUTION]", ...lines.flatMap((line, index) => (index > 0 ? [">", line] : [line]))].join("\n")
    : "";
}

/** Deletions and replacements of resources of a type the program never declares. */
function undeclaredDestruction(plan: Plan): ResourceChange[] {
  return plan.changes.filter(
    (change) =>
      (change.action === "delete" || change.action === "replace") && !isProgramResourceType(change.type),
  );
}

/**
 * A setting turned off, lowered or reset (threat protection, MFA, a trigger, tags): nothing is replaced, so
 * the destruction warning does not cover it, yet it weakens a pool people sign in to. One line each.
 */
function securityDowngradeWarnings(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) =>
    entry.plan.changes.flatMap((change) =>
      (change.securityDowngrades ?? []).map(
        (downgrade) =>
          `> **Security-relevant change** in ${code(change.name)} (${code(entry.plan.stack)}): ${escapeCell(downgrade.reason)} (${code(downgrade.path)}: ${planValue(downgrade.before)} → ${planValue(downgrade.after)}).`,
      ),
    ),
  );
  if (lines.length === 0) return "";
  return [
    "> [!WARNING]",
    ...lines.flatMap((line, index) => (index > 0 ? [">", line] : [line])),
    ">",
    `> An apply refuses security-relevant changes unless ${code("allow-security-downgrade: true")} is set for that run.`,
  ].join("\n");
}

function summaryTable(plans: readonly ManifestPlan[]): string {
  if (plans.length === 0) return "";
  const cell = (count: number) => (count === 0 ? "·" : `**${count}**`);
  // The Import column appears only when something is adopted, so every other report keeps its shape.
  const imports = plans.some(({ plan }) => (plan.summary.import ?? 0) > 0);
  return [
    `| Manifest | Stack | Create |${imports ? " Import |" : ""} Update | Replace | Delete |`,
    `|---|---|--:|${imports ? "--:|" : ""}--:|--:|--:|`,
    ...plans.map(({ name, plan, fileChange }) => {
      const status =
        plan.errors.length > 0 ? " ❌" : plan.changes.some((change) => change.destroysUsers) ? " ⚠️" : "";
      const summary = cognitoSummary(plan);
      const { create, update, replace, delete: deleted } = summary;
      const imported = imports ? ` ${cell(summary.import ?? 0)} |` : "";
      // A move says so: a row of dots alone would read as "nothing happened here".
      const moved = fileChange === "renamed" ? "<br><sub>renamed</sub>" : "";
      // A plan that failed before it knew its stack (an invalid manifest) has none to show.
      const stack = plan.stack === "" ? "—" : code(plan.stack);
      return `| ${code(name)}${status}${moved} | ${stack} | ${cell(create)} |${imported} ${cell(update)} | ${cell(replace)} | ${cell(deleted)} |`;
    }),
  ].join("\n");
}

/**
 * The plan's counts without the stack's AWS provider: it is Pulumi's configuration, not a Cognito resource,
 * and "3 to create" for a pool and its one client would mislead. Its row still shows in the details.
 */
export function cognitoSummary(plan: Plan): Plan["summary"] {
  const summary = { ...plan.summary };
  for (const change of plan.changes) {
    if (!change.type.startsWith("pulumi:providers:") || change.action === "unchanged") continue;
    if (change.action === "import") summary.import = Math.max(0, (summary.import ?? 0) - 1);
    else summary[change.action] = Math.max(0, summary[change.action] - 1);
  }
  return summary;
}

/** Adoption on its own line: existing resources taken over as they are, users and client IDs untouched. */
function adoptionNote(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) => {
    const adopted = entry.plan.changes.filter((change) => change.action === "import");
    if (adopted.length === 0) return [];
    const ids = adopted.map((change) =>
      change.importId !== undefined ? `${code(change.name)} (${code(change.importId)})` : code(change.name),
    );
    return [
      `> **${code(entry.name)} adopts ${plural(adopted.length, "existing resource")}**: ${ids.join(", ")}. They are imported as they are deployed, not created: users, passwords and client IDs stay; any difference from the manifest is applied as an update.`,
    ];
  });
  return lines.length > 0
    ? ["> [!NOTE]", ...lines.flatMap((line, index) => (index > 0 ? [">", line] : [line]))].join("\n")
    : "";
}

function planErrors(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) =>
    entry.plan.errors.map((error) => `- ${code(entry.name)}: ${escapeCell(error.message)}`),
  );
  return lines.length > 0 ? [`**Plan errors**`, "", ...lines].join("\n") : "";
}

/** Plan warnings worth a reviewer's eye (a moved stack, an invalid base); protected pools are in the caution block. */
function planWarnings(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) =>
    entry.plan.warnings
      .filter((warning) => warning.rule !== "protected-pool")
      .map((warning) => `- ⚠️ ${code(entry.name)}: ${escapeCell(warning.message)}`),
  );
  return lines.length > 0 ? [`**Plan warnings**`, "", ...lines].join("\n") : "";
}

/** What the plan deliberately shows as no change (an omitted input the provider keeps), and how to change it. */
function planNotes(plans: readonly ManifestPlan[]): string {
  const lines = plans.flatMap((entry) =>
    (entry.plan.notes ?? []).map((note) => `- ℹ️ ${code(entry.name)}: ${escapeCell(note.message)}`),
  );
  return lines.length > 0 ? [`**Notes**`, "", ...lines].join("\n") : "";
}

function findingList(title: string, findings: readonly Finding[]): string {
  return findings.length > 0 ? [`**${title}**`, "", ...findingLines(findings)].join("\n") : "";
}

/** A report lists this many findings of a kind; the annotations and the job log carry every one. */
const MAX_LISTED_FINDINGS = 100;

function findingLines(findings: readonly Finding[]): string[] {
  const listed = findings
    .slice(0, MAX_LISTED_FINDINGS)
    .map(
      (finding) =>
        `- ${code(`${finding.file}:${finding.line}:${finding.column}`)} ${escapeCell(finding.message)} (${code(finding.rule)})`,
    );
  const more = findings.length - listed.length;
  return more > 0
    ? [...listed, `- … and ${more} more, each annotated on its line and listed in the job log`]
    : listed;
}

function manifestDetails(entry: ManifestPlan): string {
  const { plan } = entry;
  const visible = plan.changes.filter(
    (change) => change.action !== "unchanged" || (change.drift?.length ?? 0) > 0,
  );
  // Warnings are shown above, in the part of the report that is never trimmed.
  if (visible.length === 0) return "";
  const summary = cognitoSummary(plan);
  const counts = (["create", "import", "update", "replace", "delete"] as const)
    .filter((action) => (summary[action] ?? 0) > 0)
    .map((action) => `${summary[action]} to ${action}`);
  const title = `<b>${escapeCell(entry.name)}</b>: ${counts.join(", ") || "no resource changes"} (${escapeCell(entry.file)}${entry.fileChange ? `, ${entry.fileChange}` : ""})`;
  return collapsible(title, [
    "| Resource | Action | Property | Before | After |",
    "|---|---|---|---|---|",
    ...visible.flatMap(resourceRows),
  ]);
}

const ACTION_LABELS: Record<ResourceChange["action"], string> = {
  create: "🟢 create",
  import: "🔵 import",
  update: "🟡 update",
  replace: "🔴 replace",
  delete: "🔴 delete",
  unchanged: "unchanged",
};

function resourceRows(change: ResourceChange): string[] {
  const resource = `${code(change.name)}<br><sub>${escapeCell(shortType(change.type))}</sub>`;
  const action =
    change.action === "unchanged"
      ? "🟠 drifted"
      : `${ACTION_LABELS[change.action]}${change.deleteBeforeReplace ? "<br><sub>deleted, then created</sub>" : ""}`;
  // Drift first: what changed outside the tool, then what this change does (often undoing it).
  const rows = [
    ...(change.drift ?? []).map((property) => ({ property, note: " <sub>(changed outside)</sub>" })),
    ...change.properties.map((property) => ({
      property,
      note: `${property.forcesReplacement ? " 🔁" : ""}${weakens(change, property.path) ? " 🔓" : ""}`,
    })),
  ];
  if (change.action === "import" && rows.length === 0 && change.importId !== undefined)
    return [`| ${resource} | ${action} | (adopts) | | ${code(change.importId)} |`];
  if (rows.length === 0) return [`| ${resource} | ${action} | | | |`];
  return rows.map(({ property, note }, index) => {
    const first = index === 0;
    return `| ${first ? resource : ""} | ${first ? action : ""} | ${code(property.path)}${note} | ${planValue(property.before)} | ${planValue(property.after)} |`;
  });
}

/** Whether a row's property is (or holds) a security-relevant change of the resource. */
function weakens(change: ResourceChange, path: string): boolean {
  return (change.securityDowngrades ?? []).some(
    (downgrade) =>
      downgrade.path === path ||
      downgrade.path.startsWith(`${path}.`) ||
      path.startsWith(`${downgrade.path}.`),
  );
}

/** A value, or in italics (never as code, so it cannot pass for a value) why it is not known. */
function planValue(value: unknown): string {
  return isUnknownValue(value) ? `<i>${escapeCell(value.unknown)}</i>` : formatValue(value);
}

/** `aws:cognito/userPoolClient:UserPoolClient` → `UserPoolClient`; `pulumi:providers:aws` → `Provider (aws)`. */
function shortType(type: string): string {
  if (type.startsWith("pulumi:providers:")) return `Provider (${type.slice("pulumi:providers:".length)})`;
  return type.split(":").pop() ?? type;
}

function footnote(report: PlanReport): string {
  const parts: string[] = [];
  if (report.unchanged !== undefined && report.unchanged > 0)
    parts.push(`${plural(report.unchanged, "unchanged manifest")} not planned.`);
  if (
    report.plans.some((entry) =>
      entry.plan.changes.some((change) => change.properties.some((property) => property.forcesReplacement)),
    )
  ) {
    parts.push("🔁 marks a property that forces replacement.");
  }
  if (report.plans.some((entry) => entry.plan.changes.some((change) => change.securityDowngrades)))
    parts.push("🔓 marks a security-relevant change.");
  if (report.source) {
    parts.push(
      report.source.mode === "offline"
        ? "Planned offline from the manifests (no credentials needed)."
        : "Planned by the Pulumi engine against the deployed stacks.",
    );
    if (report.source.note) parts.push(report.source.note);
  }
  return parts.length > 0 ? `<sub>${parts.map(escapeCell).join(" ")}</sub>` : "";
}

function collapsible(title: string, lines: readonly string[]): string {
  return ["<details>", `<summary>${title}</summary>`, "", ...lines, "", "</details>"].join("\n");
}

function hasChanges(plan: Plan): boolean {
  return plan.changes.some((change) => change.action !== "unchanged");
}

function joinSections(sections: readonly string[]): string {
  return sections.filter((section) => section !== "").join("\n\n");
}
