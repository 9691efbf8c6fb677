"""One hub and two spokes in Python, through the SDK pulumi-sdkgen generates
from the package's schema (pulumi_edge_interconnect): the components are
declared remotely and built by the package's provider plugin, found on PATH.
The same topology as the TypeScript program of tests/e2e/construct.e2e.ts.

    python hub_and_spokes.py up|destroy

Runs the inline program through the Automation API (pulumi 3.248.0, whose
own language server the CLI calls: no pulumi-language-python plugin) and
prints one JSON object: {"result": ..., "outputs": {name: {"value", "secret"}}}
for up, {"result": ...} for destroy.

Environment: PULUMI_E2E_ROOT (the folder holding bin/pulumi),
PULUMI_E2E_WORKDIR (the stack's folder), CONSTRUCT_KUBECONFIGS (a JSON file
{cluster name: kubeconfig text}, set as secret configuration),
CONSTRUCT_CLI_OUTPUT (optional: a file the CLI's whole stdout and stderr of
the operation are appended to, for the test's "no secret in plain text"
checks), and the backend, PULUMI_HOME and passphrase of
tests/e2e/support/pulumi.ts.
"""

import json
import os
import sys

import pulumi
import pulumi_edge_interconnect as ei
from pulumi import automation as auto

PROJECT = "construct-python"
HUB = "store-hub"
SPOKES = ["store-1", "store-2"]


def program() -> None:
    cfg = pulumi.Config()
    network = ei.InterconnectNetwork("shop-mesh", description="Shop backends for the stores")
    hub = ei.HubCluster(
        HUB,
        network=network,
        kubeconfig=cfg.require_secret(HUB),
        load_balancer=ei.LoadBalancerArgs(addresses=["10.1.0.32/28"], router_ip="10.1.0.33"),
        allowed_source_ranges=["10.2.0.0/16"],
        exposed_services=[ei.ExposedServiceArgs(name="my-backend", namespace="shop", port=8080)],
        annotate_services=False,
        # The end-to-end clusters run MetalLB's controller out of cluster and no kubelet.
        metallb=ei.MetallbAddOnArgs(install=False),
        skupper_controller=ei.SkupperControllerAddOnArgs(install=False),
    )
    spokes = [
        ei.SpokeCluster(
            name,
            network=network,
            hub=hub,
            kubeconfig=cfg.require_secret(name),
            skupper_controller=ei.SkupperControllerAddOnArgs(install=False),
        )
        for name in SPOKES
    ]
    pulumi.export("networkName", network.network_name)
    pulumi.export("routerIp", hub.router_ip)
    pulumi.export("serviceAddresses", hub.service_addresses)
    pulumi.export("links", [s.link_name for s in spokes])
    pulumi.export("hubAddress", spokes[0].hub_address)


def main() -> int:
    action = sys.argv[1]
    command = auto.PulumiCommand(root=os.environ["PULUMI_E2E_ROOT"], skip_version_check=True)
    stack = auto.create_or_select_stack(
        "dev",
        project_name=PROJECT,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=os.environ["PULUMI_E2E_WORKDIR"],
            pulumi_command=command,
            project_settings=auto.ProjectSettings(name=PROJECT, runtime="python"),
        ),
    )
    with open(os.environ["CONSTRUCT_KUBECONFIGS"], encoding="utf-8") as f:
        kubeconfigs = json.load(f)
    stack.set_all_config({name: auto.ConfigValue(value=text, secret=True) for name, text in kubeconfigs.items()})
    if action == "up":
        res = stack.up()
        out = {
            "result": res.summary.result,
            "outputs": {k: {"value": v.value, "secret": v.secret} for k, v in res.outputs.items()},
        }
    elif action == "destroy":
        res = stack.destroy()
        out = {"result": res.summary.result}
    else:
        raise SystemExit(f"unknown action {action!r}: up or destroy")
    if os.environ.get("CONSTRUCT_CLI_OUTPUT"):
        with open(os.environ["CONSTRUCT_CLI_OUTPUT"], "a", encoding="utf-8") as f:
            f.write(res.stdout + "\n" + res.stderr + "\n")
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
