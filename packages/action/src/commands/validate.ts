// `command: validate`: the findings as a report (comment and summary), and the run fails on invalid manifests.
import { renderPlanReportParts } from "@cognito-action/provisioner";
import { publishReport } from "../report/publish.ts";
import type { Session } from "../run/types.ts";
import { invalidManifestsFailure } from "./validation.ts";
import type { Validation } from "./validation.ts";

export async function validate(session: Session, validation: Validation): Promise<void> {
  const report = renderPlanReportParts({
    plans: [],
    findings: validation.findings,
    title: "Cognito validation",
  });
  const url = await publishReport(session, report, session.context.pullRequest?.number);
  if (url) session.runner.setOutput("comment-url", url);
  if (!validation.valid) throw invalidManifestsFailure(validation, session.inputs["fail-on"]);
}
