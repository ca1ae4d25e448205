"""moto's server, with its Cognito UpdateUserPool made faithful to AWS where the engine suite depends on it.

Run with the venv's python in place of `moto_server` (same arguments).

AWS's UpdateUserPool has no UsernameAttributes, AliasAttributes or UsernameConfiguration parameter: they are
fixed when the pool is created (the UpdateUserPoolRequest shape of the Cognito IDP API model, as in the AWS API
reference and every AWS SDK; terraform-provider-aws internal/service/cognitoidp/user_pool.go marks
username_attributes, alias_attributes and username_configuration ForceNew for that reason). An update resets to
defaults only the settings the request can carry and leaves out.
moto (5.2.5, moto/cognitoidp/models.py CognitoIdpUserPool.update_extended_config) rebuilds the whole
configuration from its defaults plus the request, so every UpdateUserPool silently drops those three: the next
refresh then reads a pool without them and the engine plans to replace it. Here they are carried over.

moto 5.2.5 has no DescribeRiskConfiguration, GetLogDeliveryConfiguration or DescribeManagedLoginBrandingByClient
(its answer is an HTML page the SDK cannot parse), so `cognito-action import` stops there. moto stores none of
those settings (no SetRiskConfiguration, SetLogDeliveryConfiguration or CreateManagedLoginBranding either), so
every pool in it has none, and these reads answer what AWS answers for a pool without them (the Cognito API
reference): the risk configuration of the pool with no settings, a log delivery configuration with no log
configurations, and ResourceNotFoundException for a client without a branding style. An unknown pool answers
ResourceNotFoundException, as AWS does.
"""

import sys

from moto.cognitoidp import models
from moto.cognitoidp.exceptions import ResourceNotFoundError
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.responses import ActionResult
from moto.server import main

# Settings UpdateUserPool cannot change: AWS keeps them across an update.
FIXED_AT_CREATION = ("UsernameAttributes", "AliasAttributes", "UsernameConfiguration")

_update_user_pool = models.CognitoIdpBackend.update_user_pool


def update_user_pool(self, user_pool_id, extended_config):
    pool = self.describe_user_pool(user_pool_id)
    kept = {key: pool.extended_config[key] for key in FIXED_AT_CREATION if key in pool.extended_config}
    request = {key: value for key, value in (extended_config or {}).items() if key not in FIXED_AT_CREATION}
    _update_user_pool(self, user_pool_id, {**request, **kept})


models.CognitoIdpBackend.update_user_pool = update_user_pool


def describe_risk_configuration(self):
    user_pool_id = self._get_param("UserPoolId")
    self.backend.describe_user_pool(user_pool_id)
    return ActionResult({"RiskConfiguration": {"UserPoolId": user_pool_id}})


def get_log_delivery_configuration(self):
    user_pool_id = self._get_param("UserPoolId")
    self.backend.describe_user_pool(user_pool_id)
    return ActionResult({"LogDeliveryConfiguration": {"UserPoolId": user_pool_id, "LogConfigurations": []}})


def describe_managed_login_branding_by_client(self):
    user_pool_id = self._get_param("UserPoolId")
    client_id = self._get_param("ClientId")
    self.backend.describe_user_pool_client(user_pool_id, client_id)
    raise ResourceNotFoundError(f"No managed login branding for client {client_id}")


CognitoIdpResponse.describe_risk_configuration = describe_risk_configuration
CognitoIdpResponse.get_log_delivery_configuration = get_log_delivery_configuration
CognitoIdpResponse.describe_managed_login_branding_by_client = describe_managed_login_branding_by_client

if __name__ == "__main__":
    sys.exit(main())
