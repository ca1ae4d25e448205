// Security-relevant changes of a pool's log delivery: an event source no longer logged, or user auth events
// lowered from INFO to ERROR (AWS sends them at INFO: botocore LogConfigurationType.LogLevel doc, so ERROR
// delivers none). The configurations are a list, and the engine reports it by index
// (`logConfigurations[0].eventSource`): removing the first of two shifts the second into its place. So this
// reads the list as a whole, by event source, from whatever the change shows: the whole list (offline plan),
// whole entries or single fields (the engine's detailed diff). An entry the change does not show is unchanged.
import type { PropertyChange, SecurityDowngrade } from "./plan-types.ts";

/** What a change shows of one list entry, on one side. */
interface Entry {
  eventSource?: unknown;
  logLevel?: unknown;
}

const ENTRY_PATH = /^logConfigurations\[(\d+)\](?:\.(\w+))?/;

/** The entries a change shows, by index, before and after. */
function entriesOf(properties: readonly PropertyChange[]): { before: Entry[]; after: Entry[] } {
  const before: Entry[] = [];
  const after: Entry[] = [];
  const put = (side: Entry[], index: number, field: string | undefined, value: unknown) => {
    if (value === null || value === undefined) return;
    if (field === undefined) {
      if (typeof value === "object" && !Array.isArray(value)) side[index] = { ...(value as Entry) };
      return;
    }
    if (field === "eventSource" || field === "logLevel") side[index] = { ...side[index], [field]: value };
  };
  for (const property of properties) {
    if (property.path === "logConfigurations") {
      const whole = (value: unknown, side: Entry[]) => {
        if (Array.isArray(value)) value.forEach((entry, index) => put(side, index, undefined, entry));
      };
      whole(property.before, before);
      whole(property.after, after);
      continue;
    }
    const match = ENTRY_PATH.exec(property.path);
    if (!match) continue;
    const index = Number(match[1]);
    put(before, index, match[2], property.before);
    put(after, index, match[2], property.after);
  }
  return { before, after };
}

/** The downgrades of one LogDeliveryConfiguration update: event sources no longer logged, levels lowered. */
export function logDeliveryDowngrades(properties: readonly PropertyChange[]): SecurityDowngrade[] {
  const { before, after } = entriesOf(properties);
  const sourcesAfter = new Set(after.map((entry) => entry?.eventSource).filter((source) => source != null));
  // An entry whose event source the change does not show has the same source on both sides, at its index.
  const levelAfter = (source: string | undefined, index: number) =>
    source === undefined
      ? after[index]?.logLevel
      : after.find((entry) => entry?.eventSource === source)?.logLevel;
  const downgrades: SecurityDowngrade[] = [];
  const indices = new Set([...before.keys(), ...after.keys()]);
  for (const index of indices) {
    const entry = before[index];
    // Event sources are strings (botocore EventSourceName); anything else counts as not shown.
    const source = typeof entry?.eventSource === "string" ? entry.eventSource : undefined;
    const path = `logConfigurations[${index}]`;
    if (source !== undefined && !sourcesAfter.has(source)) {
      downgrades.push({
        path,
        before: source,
        after: null,
        reason: `log delivery of ${source} (${describeSource(source)}) is removed`,
      });
      continue;
    }
    const oldLevel = entry?.logLevel;
    const newLevel = levelAfter(source, index);
    if (oldLevel === "INFO" && newLevel === "ERROR")
      downgrades.push({
        path: `${path}.logLevel`,
        before: oldLevel,
        after: newLevel,
        reason: `the log level of ${source ?? path} is lowered from INFO to ERROR`,
      });
  }
  return downgrades;
}

function describeSource(source: string): string {
  return source === "userAuthEvents"
    ? "threat protection's user activity"
    : source === "userNotification"
      ? "email and SMS delivery errors"
      : "its logs";
}
