"""Runs `up` of an inline Python program through the Automation API and the
e2e toolchain's Pulumi CLI, and prints what the engine reported as one JSON
object on stdout:

    {"result": "succeeded", "resourceChanges": {"create": 1},
     "outputs": {"greeting": {"value": "hello from python", "secret": false}}}

The inline program is served to the CLI by the Automation API's own language
server (pulumi 3.248.0, pulumi/automation/_stack.py: `pulumi up --client
<address>`), so no pulumi-language-python plugin is needed; the module proxy
does not serve one.

The CLI comes from PULUMI_E2E_ROOT (the folder holding bin/pulumi, as
pulumi/automation/_cmd.py PulumiCommand(root=...) expects); the backend,
PULUMI_HOME and passphrase come from the environment the test sets
(tests/e2e/support/pulumi.ts). The stack lives in PULUMI_E2E_WORKDIR.
"""

import json
import os
import sys

import pulumi
from pulumi import automation as auto

PROJECT = "python-up-smoke"


def program() -> None:
    pulumi.export("greeting", "hello from python")


def main() -> int:
    root = os.environ["PULUMI_E2E_ROOT"]
    work_dir = os.environ["PULUMI_E2E_WORKDIR"]
    command = auto.PulumiCommand(root=root, skip_version_check=True)
    stack = auto.create_or_select_stack(
        "dev",
        project_name=PROJECT,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=work_dir,
            pulumi_command=command,
            project_settings=auto.ProjectSettings(name=PROJECT, runtime="python"),
        ),
    )
    res = stack.up()
    print(
        json.dumps(
            {
                "result": res.summary.result,
                "resourceChanges": res.summary.resource_changes,
                "outputs": {k: {"value": v.value, "secret": v.secret} for k, v in res.outputs.items()},
            },
            sort_keys=True,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
