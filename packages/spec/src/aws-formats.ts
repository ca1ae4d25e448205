// Shapes of AWS identifiers, anchored: the AWS API matches its model's patterns against the whole
// string, while terraform's validators are unanchored and let much more through.

/** AWS region codes, all partitions (GovCloud, China, ISO): terraform-provider-aws verify.ValidRegionName. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The parts of an ARN. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

// botocore ArnType (20-2048 characters) with terraform ValidARN's partition and account checks.
const ARN_PATTERN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Splits an ARN into its parts, or returns undefined when the text is not ARN-shaped. */
export function parseArn(text: string): Arn | undefined {
  if (text.length < 20 || text.length > 2048) return undefined;
  const match = ARN_PATTERN.exec(text);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { partition, service, region, account, resource };
}

/** The partition a region belongs to: commercial, GovCloud, China or an ISO partition. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-isof-") || region.startsWith("eu-isof-")) return "aws-iso-f";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** https://host[:port][/path][?query]: printable ASCII, no space, no fragment. */
const PLAIN_HTTPS_URL =
  /^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?][\x21\x22\x24-\x7e]*)?$/;
// botocore RedirectUrlType: 1-1024 characters of letters, marks, symbols, numbers and punctuation.
const REDIRECT_URL_CHARACTERS = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/**
 * What is wrong with a callback or logout URL, or undefined when AWS accepts it: absolute, no fragment,
 * https except for loopback hosts (any port), custom app schemes allowed (botocore CallbackURLs doc).
 */
export function redirectUrlProblem(url: string): string | undefined {
  // The common case, a plain https URL, needs no URL parser: checked often, it is worth the shortcut.
  if (url.length <= 1024 && PLAIN_HTTPS_URL.test(url)) return undefined;
  if (url.length < 1 || url.length > 1024) return "must be 1-1024 characters long";
  if (!REDIRECT_URL_CHARACTERS.test(url)) return "must not contain spaces or control characters";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL such as https://app.example.com/callback";
  }
  if (url.includes("#")) return "must not contain a fragment (#…)";
  const scheme = parsed.protocol.slice(0, -1);
  if ((scheme === "http" || scheme === "https") && parsed.hostname === "") return "needs a host";
  if (scheme === "http" && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    return "must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])";
  }
  return undefined;
}

/** An absolute http(s) URL, as the AWS SDKs and the provider's `endpoints` take a service endpoint. */
export function isEndpointUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
