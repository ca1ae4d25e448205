// Changes to a pool's custom attributes that AWS refuses only when the update is applied, found in the plan.
import type { GraphResource } from "../graph.ts";
import { asArray, deepEqual } from "./json-values.ts";
import type { PlanMessage } from "./plan-types.ts";

/** AWS adds at most 25 custom attributes per AddCustomAttributes call (botocore CustomAttributesListType). */
const MAX_ATTRIBUTES_ADDED = 25;

/**
 * AWS can add custom attributes to a pool but never change or remove one (terraform user_pool.go: "cannot
 * modify or remove schema items"); that fails only at apply time, so the plan reports it as an error.
 */
export function customAttributeErrors(
  pool: string,
  before: GraphResource,
  after: GraphResource,
): PlanMessage[] {
  const old = new Map(
    asArray(before.inputs.schemas).map((entry) => [String((entry as { name?: unknown }).name), entry]),
  );
  const next = new Map(
    asArray(after.inputs.schemas).map((entry) => [String((entry as { name?: unknown }).name), entry]),
  );
  const errors: PlanMessage[] = [];
  for (const [name, entry] of old) {
    if (!next.has(name)) {
      errors.push({
        rule: "custom-attribute-removed",
        resource: pool,
        message: `custom attribute ${name} cannot be removed from ${pool}: AWS keeps custom attributes for the life of the pool; put it back`,
      });
    } else if (!deepEqual(entry, next.get(name))) {
      errors.push({
        rule: "custom-attribute-modified",
        resource: pool,
        message: `custom attribute ${name} of ${pool} cannot be changed after creation (type, mutability, required and constraints are fixed); add a new attribute instead`,
      });
    }
  }
  const added = [...next.keys()].filter((name) => !old.has(name)).length;
  if (added > MAX_ATTRIBUTES_ADDED) {
    errors.push({
      rule: "custom-attributes-too-many-added",
      resource: pool,
      message: `${added} custom attributes are added to ${pool} at once; AWS adds at most ${MAX_ATTRIBUTES_ADDED} per update, so split the change`,
    });
  }
  return errors;
}
