import * as z from "zod";
import { manifestSchema } from "./schema.ts";

/** The JSON Schema of a manifest as authors write it (inputs, with defaults), for editors. */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    title: "AwsCognitoUserPool",
    ...schema,
  };
}
