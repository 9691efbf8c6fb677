/**
 * The side-by-side move from Skupper v1 to v2 (issue 15 §3, README "Moving a
 * network from Skupper v1 to v2"), through the pure plan API that
 * `edge-interconnect plan --diff` prints: examples/migration-v2 holds the v1
 * stack file and the v2 one that runs beside it on the same clusters.
 *
 * Each step's diff is checked, and so is what makes side by side possible:
 * on each physical cluster (same kubeconfig), no object of one network has
 * the kind, namespace and name of an object of the other, and the MetalLB
 * pools do not overlap.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { planContent, PlanObject } from "../../sdk/plan/core";
import { diffPlans } from "../../sdk/plan/diff";
import { buildPlan, Plan } from "../../sdk/plan/report";
import { readStackFile } from "../../sdk/plan/stackFile";
import { renderPlan } from "../../sdk/plan/text";
import { parseStackConfig, StackConfig } from "../../sdk/stack/config";
import { parsePoolEntry } from "../../sdk/topology/addresses";

const DIR = path.resolve(__dirname, "../../examples/migration-v2");
const config = (stack: string) => parseStackConfig(readStackFile(path.join(DIR, `Pulumi.${stack}.yaml`)).config);
const plan = (name: string, c: StackConfig): Plan => buildPlan(name, c, planContent(c), "not checked");
/** A stack with nothing in it: before `pulumi up`, after `pulumi destroy`. */
const empty = (name: string): Plan => ({ ...plan(name, config("v1")), hubs: [], spokes: [], clusters: [], deployments: [] });

/** The physical cluster a member runs on: its kubeconfig. */
function physical(c: StackConfig, member: string): string {
    const k = c.access[member].kubeconfig;
    return k.kind === "file" ? k.path : JSON.stringify(k);
}

const key = (o: PlanObject) => `${o.patch ? "patch " : ""}${o.kind} ${o.namespace ?? "-"}/${o.name}`;

/** Objects both stacks would write on the same physical cluster, other than identical patches (two managers of the same values). */
function collisions(a: StackConfig, b: StackConfig): string[] {
    const pa = plan("a", a);
    const pb = plan("b", b);
    const out: string[] = [];
    for (const ca of pa.clusters) {
        for (const cb of pb.clusters) {
            if (physical(a, ca.name) !== physical(b, cb.name)) continue;
            const theirs = new Map(cb.objects.map((o) => [key(o), o]));
            for (const o of ca.objects) {
                const other = theirs.get(key(o));
                if (!other) continue;
                if (o.patch && other.patch && JSON.stringify(o.body) === JSON.stringify(other.body)) continue;
                out.push(`${physical(a, ca.name)}: ${key(o)}`);
            }
        }
    }
    return out.sort();
}

describe("moving a network from Skupper v1 to v2 side by side (examples/migration-v2)", () => {
    const v1 = config("v1");
    const v2 = config("v2");

    it("the two stack files describe a v1 and a v2 network on the same three clusters", () => {
        assert.deepEqual([v1.topology.network.skupperVersion, v2.topology.network.skupperVersion], ["v1", "v2"]);
        const clustersOf = (c: StackConfig) => [...c.topology.hubs, ...c.topology.spokes].map((m) => physical(c, m.name)).sort();
        assert.deepEqual(clustersOf(v1), ["~/.kube/store-1.yaml", "~/.kube/store-2.yaml", "~/.kube/store-hub.yaml"]);
        assert.deepEqual(clustersOf(v2), clustersOf(v1));
    });

    it("the printed plan says which Skupper: v2 in a line of its own, v1 plans as before", () => {
        const line = (p: Plan) =>
            renderPlan(p)
                .split("\n")
                .filter((l) => /^\s+skupper\s/.test(l));
        assert.deepEqual(line(plan("v2", v2)), ["  skupper         v2 (2.2.1: CRDs, controller, Site, Link, Connector, Listener)"]);
        assert.deepEqual(line(plan("v1", v1)), []);
    });

    it("nothing of the v2 network collides with the v1 network on any cluster, and the pools do not overlap", () => {
        assert.deepEqual(collisions(v1, v2), []);
        const spans = (c: StackConfig) =>
            c.topology.hubs.flatMap((h) => h.loadBalancer.addresses.map((a) => parsePoolEntry(a) as { first: bigint; last: bigint }));
        for (const a of spans(v1)) for (const b of spans(v2)) assert.ok(a.last < b.first || b.last < a.first, "disjoint pools");
    });

    it("sensitivity: the same check finds what a careless second stack would collide on", () => {
        // Only the version switched: same network name, site namespace and hub name, MetalLB installed again.
        const careless = config("v1");
        const raw = readStackFile(path.join(DIR, "Pulumi.v1.yaml")).config as Record<string, any>;
        const switched = parseStackConfig({ ...raw, "edge-interconnect:network": { ...raw["edge-interconnect:network"], skupperVersion: "v2" } });
        // Identical patches (MetalLB's webhook gate, the exposure annotations) are two managers of the same values, not collisions.
        assert.deepEqual(collisions(careless, switched), [
            "~/.kube/store-1.yaml: Namespace -/interconnect",
            "~/.kube/store-1.yaml: Secret interconnect/link-to-store-hub",
            "~/.kube/store-2.yaml: Namespace -/interconnect",
            "~/.kube/store-2.yaml: Secret interconnect/link-to-store-hub",
            "~/.kube/store-hub.yaml: ConfigMap metallb-system/store-hub-router-address",
            "~/.kube/store-hub.yaml: HelmRelease metallb-system/metallb@0.15.3",
            "~/.kube/store-hub.yaml: IPAddressPool metallb-system/store-hub-pool",
            "~/.kube/store-hub.yaml: IPAddressPool metallb-system/store-hub-router",
            "~/.kube/store-hub.yaml: L2Advertisement metallb-system/store-hub-l2",
            "~/.kube/store-hub.yaml: Namespace -/interconnect",
            "~/.kube/store-hub.yaml: Namespace -/metallb-system",
            "~/.kube/store-hub.yaml: Secret interconnect/skupper-site-ca",
            "~/.kube/store-hub.yaml: Service interconnect/skupper-router",
        ]);
    });

    it("step 1 (pulumi up the v2 stack): only creations, all in the v2 site namespace, the skupper controller's namespace or cluster-wide v2 kinds", () => {
        const d = diffPlans(empty("v2"), plan("v2", v2));
        assert.deepEqual([d.counts.update, d.counts.delete], [0, 0]);
        assert.ok(d.counts.create > 60, `${d.counts.create} creations`);
        const where = new Set(d.objects.map((o) => o.object.namespace ?? `(cluster) ${o.object.kind}`));
        assert.deepEqual([...where].sort(), [
            "(cluster) ClusterRole",
            "(cluster) ClusterRoleBinding",
            "(cluster) CustomResourceDefinition",
            "(cluster) Namespace",
            "interconnect-v2",
            "metallb-system",
            "shop",
            "skupper",
        ]);
        // In the shared namespaces: the v2 hub's own pools and L2 advertisement, and the server's exposure annotations (a patch of the same values).
        assert.deepEqual(
            d.objects.filter((o) => o.object.namespace === "metallb-system" || o.object.namespace === "shop").map((o) => `${o.cluster} ${key(o.object)}`),
            [
                "store-hub-v2 ConfigMap metallb-system/store-hub-v2-router-address",
                "store-hub-v2 IPAddressPool metallb-system/store-hub-v2-pool",
                "store-hub-v2 IPAddressPool metallb-system/store-hub-v2-router",
                "store-hub-v2 L2Advertisement metallb-system/store-hub-v2-l2",
                "store-hub-v2 patch Service shop/my-backend",
            ],
        );
        assert.deepEqual(
            d.objects.filter((o) => o.object.kind === "Namespace").map((o) => `${o.cluster} ${o.object.name}`),
            [
                "store-hub-v2 interconnect-v2",
                "store-hub-v2 skupper",
                "store-1 interconnect-v2",
                "store-1 skupper",
                "store-2 interconnect-v2",
                "store-2 skupper",
            ],
        );
    });

    it("step 3 (move the clients): the plans' difference names each service's new address", () => {
        const d = diffPlans(plan("v1", v1), plan("v2", v2));
        assert.deepEqual(
            d.topology.filter((t) => t.what.startsWith("service") || t.what.startsWith("network")),
            [
                {
                    op: "~",
                    what: "network: name, naming.siteNamespace, skupperVersion",
                    // A v1 plan has no skupperVersion (its output reads as before v2 existed): no old value.
                    changes: [
                        { path: "name", old: "shop-mesh", new: "shop-mesh-v2" },
                        { path: "naming.siteNamespace", old: "interconnect", new: "interconnect-v2" },
                        { path: "skupperVersion", new: "v2" },
                    ],
                },
                { op: "+", what: "service store-hub-v2/my-backend at my-backend.interconnect-v2.svc.cluster.local:8080" },
                { op: "-", what: "service store-hub/my-backend at my-backend.interconnect.svc.cluster.local:8080" },
            ],
        );
    });

    it("step 4 (pulumi destroy the v1 stack): only deletions, none of them a v2 object", () => {
        const d = diffPlans(plan("v1", v1), empty("v1"));
        assert.deepEqual([d.counts.create, d.counts.update], [0, 0]);
        const v2Keys = new Set(plan("v2", v2).clusters.flatMap((c) => c.objects.map(key)));
        const shared = d.objects.map((o) => key(o.object)).filter((k) => v2Keys.has(k));
        // The one object both networks write: the server's exposure annotations, a patch of the same values; removing the
        // v1 stack's patch leaves the fields the v2 stack's patch manages (server-side apply keeps fields another manager owns).
        assert.deepEqual(shared, ["patch Service shop/my-backend"]);
        assert.ok(d.objects.every((o) => o.object.namespace !== "interconnect-v2" && o.object.namespace !== "skupper"));
    });
});
