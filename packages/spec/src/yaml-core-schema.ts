// YAML 1.2's core schema for js-yaml, exactly as the `yaml` package resolves plain scalars, so both of the
// loader's parsers read the same data. js-yaml's own CORE_SCHEMA keeps YAML 1.1 habits (0b101 is 5,
// 1_000 is 1000); here they stay strings, as YAML 1.2 says.
import { FAILSAFE_SCHEMA, Type } from "js-yaml";

const nullType = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string) => /^(?:~|null|Null|NULL)?$/.test(data),
  construct: () => null,
  predicate: (value: unknown) => value === null,
});

const boolType = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) => /^(?:true|True|TRUE|false|False|FALSE)$/.test(data),
  construct: (data: string) => data.toLowerCase() === "true",
  predicate: (value: unknown) => typeof value === "boolean",
});

const intType = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
  construct: (data: string) =>
    data.startsWith("0o")
      ? parseInt(data.slice(2), 8)
      : data.startsWith("0x")
        ? parseInt(data.slice(2), 16)
        : parseInt(data, 10),
  predicate: (value: unknown) => Number.isInteger(value),
});

const floatType = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string) =>
    /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(
      data,
    ),
  construct: (data: string) => {
    if (/nan$/i.test(data)) return NaN;
    if (/inf$/i.test(data)) return data.startsWith("-") ? -Infinity : Infinity;
    return parseFloat(data);
  },
  predicate: (value: unknown) => typeof value === "number",
});

/** Strings, lists and mappings, and YAML 1.2's null, booleans, integers and floats. */
export const YAML_12_CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType],
});
