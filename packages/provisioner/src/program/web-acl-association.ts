// The pool's AWS WAF web ACL (beyond OpenMCF): an aws.wafv2.WebAclAssociation of a regional web ACL with the
// pool's ARN, so it is made once the pool exists. Declared by cognitoProgram (program.ts) beside the pool.
import { WebAclAssociation } from "@pulumi/aws/wafv2/webAclAssociation.js";
import type { PoolContext } from "./program-context.ts";
import { parseArn, partitionOf } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";

/** `<pool>-waf`: the association of the pool with its web ACL, one per pool. */
export function webAclAssociationResourceName(manifest: Manifest): string {
  return `${manifest.metadata.name}-waf`;
}

/**
 * The import ID of an adopted pool's association: `<web ACL ARN>,<pool ARN>` (terraform wafv2
 * web_acl_association.go reads the ID as those two parts). The pool's ARN takes the web ACL's account: AWS WAF
 * associates a web ACL only with resources of its own account and Region.
 */
export function webAclAssociationImportId(manifest: Manifest): string | undefined {
  const { adopt, region, webAclAssociation } = manifest.spec;
  if (adopt?.userPoolId === undefined || !webAclAssociation) return undefined;
  const account = parseArn(webAclAssociation.webAclArn)?.account;
  if (!account) return undefined;
  const poolArn = `arn:${partitionOf(region)}:cognito-idp:${region}:${account}:userpool/${adopt.userPoolId}`;
  return `${webAclAssociation.webAclArn},${poolArn}`;
}

/** Declares the association when the manifest names a web ACL. */
export function declareWebAclAssociation({ manifest, pool, provider }: PoolContext): void {
  const association = manifest.spec.webAclAssociation;
  if (!association) return;
  const importId = webAclAssociationImportId(manifest);
  new WebAclAssociation(
    webAclAssociationResourceName(manifest),
    { resourceArn: pool.arn, webAclArn: association.webAclArn },
    {
      provider,
      ...(importId !== undefined ? { import: importId } : {}),
      // Both arguments force replacement (terraform web_acl_association.go ForceNew). Created first, the new
      // association would take the pool over (AssociateWebACL), and deleting the old one afterwards would
      // disassociate the pool (DisassociateWebACL takes only the resource's ARN): the pool left unprotected.
      deleteBeforeReplace: true,
    },
  );
}
