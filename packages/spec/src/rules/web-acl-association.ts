// The pool's AWS WAF web ACL (beyond OpenMCF). Sources: the botocore wafv2 model (AssociateWebACL, whose
// ResourceArn doc lists "an Amazon Cognito user pool" among the regional resources; EntityName and EntityId
// shapes), the AWS WAF Developer Guide ("a web ACL and the resources it protects are in the same Region";
// CloudFront distributions take global web ACLs, everything else regional ones) and terraform-provider-aws
// wafv2 web_acl_association.go (pulumi-aws is generated from it).
import { parseArn, partitionOf } from "../aws-formats.ts";
import { defineRule } from "./rule.ts";
import type { Manifest } from "../schema.ts";

// wafv2 ARNs: <scope>/webacl/<EntityName>/<EntityId>; EntityName [\w-]{1,128}, EntityId a lowercase UUID.
const WEB_ACL_RESOURCE =
  /^(regional|global)\/webacl\/[\w-]{1,128}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXAMPLE =
  "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/cognito/a1b2c3d4-5678-90ab-cdef-0123456789ab";

/** The web ACL's ARN parts, when the manifest names a well-formed one. */
function webAclArnOf({ spec }: Manifest) {
  const text = spec.webAclAssociation?.webAclArn;
  const arn = text === undefined ? undefined : parseArn(text);
  const scope = arn && arn.service === "wafv2" ? WEB_ACL_RESOURCE.exec(arn.resource)?.[1] : undefined;
  return arn && scope ? { ...arn, scope } : undefined;
}

const PATH = ["spec", "webAclAssociation", "webAclArn"];

export const webAclAssociationRules = [
  // botocore wafv2 WebACL.ARN / EntityName / EntityId.
  defineRule("web-acl-arn-format", "error", (manifest) =>
    manifest.spec.webAclAssociation && !webAclArnOf(manifest)
      ? [{ path: PATH, message: `webAclArn must be an AWS WAF (wafv2) web ACL ARN, like ${EXAMPLE}` }]
      : [],
  ),

  // wafv2 AssociateWebACL: global (CLOUDFRONT scope) web ACLs go on CloudFront distributions only; a user pool
  // takes a REGIONAL one, in its own Region and partition.
  defineRule("web-acl-regional-in-pool-region", "error", (manifest) => {
    const arn = webAclArnOf(manifest);
    if (!arn) return [];
    const { region } = manifest.spec;
    if (arn.scope === "global")
      return [
        {
          path: PATH,
          message: `webAclArn is a CloudFront (global) web ACL; a user pool takes a regional web ACL (scope REGIONAL) in ${region}`,
        },
      ];
    if (arn.region !== region || arn.partition !== partitionOf(region))
      return [
        {
          path: PATH,
          message: `webAclArn is in ${arn.region}, but the pool is in ${region}: AWS WAF protects resources of the web ACL's own Region; use a web ACL in ${region}`,
        },
      ];
    return [];
  }),
];
