// Renders the manifest's JSON Schema as a Markdown table of every field: the reference people read.

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};

interface Row {
  path: string;
  type: string;
  required: boolean;
  default: string;
  rule: string;
  description: string;
}

/** The field reference page for a manifest JSON Schema. */
export function renderFieldReference(schema: JsonSchema): string {
  const rows: Row[] = [];
  walk(schema, "", true, rows);
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const lines = [
    "# AwsCognitoUserPool manifest reference",
    "",
    "<!-- Generated from the zod schema in packages/spec/src/schema.ts by `pnpm generate`; do not edit. -->",
    "",
    "Every field a manifest accepts. Unknown fields are errors. Fields typed `StringValueOrRef` take a string,",
    "`{value: <string>}` or `{valueFrom: {kind, name, fieldPath, env?}}`, a reference to another manifest's output.",
    "Cross-field rules (what AWS refuses at deploy time) are listed in [rules.md](rules.md).",
    "",
    'Fields whose description starts with "Beyond OpenMCF" (and everything under them) extend the OpenMCF',
    "component; an OpenMCF manifest never needs them and means the same without them. A `providerDetails` value",
    "is a string or `{valueFromEnv: NAME}`, read from the environment of the run and never written in Git.",
    "",
    "| Field | Type | Required | Default | Allowed | Description |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| \`${row.path}\` | ${row.type} | ${row.required ? "yes" : ""} | ${escape(row.default)} | ${escape(row.rule)} | ${escape(row.description)} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

function walk(schema: JsonSchema, path: string, required: boolean, rows: Row[]): void {
  if (path !== "") rows.push(describe(schema, path, required));
  const target = objectBranch(schema);
  if (target?.properties) {
    for (const [key, child] of Object.entries(target.properties)) {
      walk(child, path === "" ? key : `${path}.${key}`, target.required?.includes(key) ?? false, rows);
    }
  } else if (schema.type === "array" && schema.items?.properties) {
    for (const [key, child] of Object.entries(schema.items.properties)) {
      walk(child, `${path}[].${key}`, schema.items.required?.includes(key) ?? false, rows);
    }
  }
}

/** The object branch of a schema, unless it is a StringValueOrRef (documented as one type). */
function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (isValueOrRef(schema)) return undefined;
  return schema.type === "object" ? schema : undefined;
}

function isValueOrRef(schema: JsonSchema): boolean {
  return (schema.anyOf ?? []).some((branch) => branch.properties?.valueFrom !== undefined);
}

function describe(schema: JsonSchema, path: string, required: boolean): Row {
  return {
    path,
    type: typeName(schema),
    required,
    default: schema.default === undefined ? "" : `\`${JSON.stringify(schema.default)}\``,
    rule: constraint(schema),
    description: schema.description ?? "",
  };
}

function typeName(schema: JsonSchema): string {
  if (isValueOrRef(schema)) return "StringValueOrRef";
  if (schema.anyOf) return schema.anyOf.map(typeName).join(" or ");
  // A literal is its value (managedLoginVersion: "1 or 2"); a string literal reads as its type.
  if (schema.const !== undefined)
    return typeof schema.const === "string" ? "string" : JSON.stringify(schema.const);
  if (schema.type === "array") return `${schema.items ? typeName(schema.items) : "any"}[]`;
  if (schema.type === "object") {
    if (schema.properties) return "object";
    // A map of any JSON (additionalProperties: {}), such as a branding style's settings, is a JSON object.
    const values = schema.additionalProperties;
    return typeof values === "object" && Object.keys(values).length === 0
      ? "JSON object"
      : "map<string, string>";
  }
  return Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
}

function constraint(schema: JsonSchema): string {
  const parts: string[] = [];
  const inner = schema.type === "array" ? schema.items : schema;
  if (inner?.enum)
    parts.push(
      inner.enum
        .map((value) => `\`${JSON.stringify(value)}\``)
        .join(", ")
        .replace(/"/g, ""),
    );
  if (inner?.const !== undefined) parts.push(`\`${JSON.stringify(inner.const).replace(/"/g, "")}\``);
  if (inner?.minimum !== undefined || inner?.maximum !== undefined)
    parts.push(`${inner.minimum ?? ""}–${inner.maximum ?? ""}`);
  if (inner?.minLength !== undefined || inner?.maxLength !== undefined)
    parts.push(`${inner.minLength ?? 0}–${inner.maxLength ?? ""} characters`);
  if (schema.type === "array" && (schema.minItems !== undefined || schema.maxItems !== undefined)) {
    parts.push(`${schema.minItems ?? 0}–${schema.maxItems ?? ""} entries`);
  }
  return parts.join("; ");
}
