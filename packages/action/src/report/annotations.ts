// Validation findings as workflow annotations, so they show on the changed lines of the pull request.
import type { Finding } from "@cognito-action/spec";

/** Where the runner's annotation commands go. */
export interface Annotator {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  info(message: string): void;
}

export interface AnnotationProperties {
  title: string;
  file: string;
  startLine: number;
  startColumn: number;
}

/** GitHub shows at most 10 annotations of each kind per step; more would only be dropped silently. */
export const MAX_ANNOTATIONS_PER_SEVERITY = 10;

/**
 * Annotates findings on their files (paths relative to the repository root) and lines; those beyond the
 * per-step limit are written to the log instead, so none is lost.
 */
export function annotateFindings(
  findings: readonly Finding[],
  annotator: Annotator,
  redact: (text: string) => string,
): void {
  const counts = { error: 0, warning: 0 };
  for (const finding of findings) {
    const message = redact(`${finding.message} [${finding.rule}]`);
    if (counts[finding.severity]++ < MAX_ANNOTATIONS_PER_SEVERITY) {
      annotator[finding.severity](message, {
        title: `cognito-action: ${finding.rule}`,
        file: finding.file,
        startLine: finding.line,
        startColumn: finding.column,
      });
    } else {
      annotator.info(`${finding.file}:${finding.line}:${finding.column}: ${finding.severity}: ${message}`);
    }
  }
}
