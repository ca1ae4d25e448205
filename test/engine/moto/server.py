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
"""

import sys

from moto.cognitoidp import models
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

if __name__ == "__main__":
    sys.exit(main())
