/**
 * Skupper v2 on a cluster: its twelve CRDs and the controller, installed
 * cluster-wide as upstream's `skupper-cluster-scope.yaml` of release 2.2.1
 * does (namespace `skupper`, watching every namespace).
 *
 * The CRDs are carried as data: `crds/*.yaml` next to this file are
 * byte-for-byte copies of skupper@5f1ada11 (tag 2.2.1) `config/crd/bases/`
 * (tests/manifests/v2/install.spec.ts compares them with the test fixtures,
 * whose sources tests/fixtures/upstream/SOURCES.md names). Carrying them
 * means no download at deploy (air-gapped edge sites), a plan that lists
 * every object before anything runs, and a schema that only changes when
 * the package does. The controller objects are written out here instead,
 * from the same release's install YAML, so that the mirror registry and the
 * grant-server switch apply to them.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { AddOnsModel, DEFAULT_ADD_ONS, mirroredImage } from "../../topology/addons";
import { KubeObject } from "../../topology/model";
import { commonLabels } from "../labels";

/**
 * The images of Skupper 2.2.1: the controller's own and the two it deploys
 * into every site (env SKUPPER_KUBE_ADAPTOR_IMAGE, SKUPPER_ROUTER_IMAGE of the
 * release's skupper-cluster-scope.yaml; 2.2.1 pairs router 3.5.1 on the release page).
 */
export const SKUPPER_V2_IMAGES = Object.freeze({
    controller: "quay.io/skupper/controller:2.2.1",
    kubeAdaptor: "quay.io/skupper/kube-adaptor:2.2.1",
    router: "quay.io/skupper/skupper-router:3.5.1",
});

/** Namespace of the cluster-scope controller (skupper-cluster-scope.yaml). */
export const CONTROLLER_V2_NAMESPACE = "skupper";
const CONTROLLER = "skupper-controller";

/** Where the CRD files are: beside this module under ts-node, under the package root's sdk/ from dist/. */
function crdFolder(): string {
    const candidates = [path.join(__dirname, "crds"), path.resolve(__dirname, "../../../../sdk/manifests/v2/crds")];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`the Skupper v2 CRD files are missing from the package (looked in ${candidates.join(", ")})`);
    return found;
}

let crdCache: KubeObject[] | undefined;

/** The twelve `skupper.io` CRDs of Skupper 2.2.1, in file-name order. */
export function skupperV2Crds(): KubeObject[] {
    if (!crdCache) {
        const dir = crdFolder();
        crdCache = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".yaml"))
            .sort()
            .map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), "utf8")) as KubeObject);
    }
    // A copy each time: callers label and hand the objects to Pulumi.
    return crdCache.map((c) => structuredClone(c));
}

/** The CRDs as the package applies them: upstream's objects with the package's labels added. */
export function crdObjects(network: string): KubeObject[] {
    return skupperV2Crds().map((crd) => ({
        ...crd,
        metadata: { ...crd.metadata, labels: { ...(crd.metadata.labels ?? {}), ...commonLabels(network, "skupper-crds") } },
    }));
}

const ALL = ["get", "list", "watch", "create", "update", "delete"];

/**
 * The controller's cluster role, rule for rule as skupper-cluster-scope.yaml
 * of 2.2.1 (rendered from config/rbac/cluster/clusterrole.yaml).
 */
function clusterRoleRules(): Record<string, unknown>[] {
    const skupperKinds = [
        "sites",
        "links",
        "accesstokens",
        "accessgrants",
        "listeners",
        "multikeylisteners",
        "connectors",
        "attachedconnectors",
        "attachedconnectorbindings",
        "routeraccesses",
        "securedaccesses",
        "certificates",
    ];
    return [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["configmaps", "pods", "pods/exec", "services", "secrets", "serviceaccounts", "events"], verbs: [...ALL, "patch"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: [...ALL, "patch"] },
        { apiGroups: ["route.openshift.io"], resources: ["routes"], verbs: ["get", "list", "watch", "create", "delete", "update"] },
        { apiGroups: ["route.openshift.io"], resources: ["routes/custom-host"], verbs: ["get", "list", "watch", "create"] },
        { apiGroups: ["apps.openshift.io"], resources: ["deploymentconfigs"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get", "list", "watch", "create", "delete", "update"] },
        { apiGroups: ["projectcontour.io"], resources: ["httpproxies"], verbs: ["get", "list", "watch", "create", "delete", "update"] },
        {
            apiGroups: ["gateway.networking.k8s.io"],
            resources: ["gateways", "tlsroutes"],
            verbs: ["get", "list", "watch", "create", "delete", "update", "patch"],
        },
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "list", "watch", "create", "delete", "update"] },
        { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: ["get", "list", "watch", "create", "delete", "update"] },
        { apiGroups: ["skupper.io"], resources: skupperKinds.flatMap((k) => [k, `${k}/status`]), verbs: ALL },
    ];
}

/**
 * The controller, watching all namespaces. As upstream's Deployment, except:
 * - no `-enable-grants -grant-server-autoconfigure` unless
 *   `skupperController.grantServer` asks for them: the grant server opens a
 *   second LoadBalancer on every cluster, and the package links sites with
 *   Links it writes itself;
 * - `IfNotPresent` pulls: the tags are pinned, and an edge site that loses
 *   its registry must still restart the controller and routers;
 * - images from the mirror registry when one is set, the router and
 *   kube-adaptor too (they come from the controller's environment).
 */
export function controllerV2Objects(network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject[] {
    const labels = { ...commonLabels(network, "skupper-controller"), application: CONTROLLER };
    const image = (i: string) => mirroredImage(i, addOns.imageRegistry);
    return [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: CONTROLLER_V2_NAMESPACE, labels: commonLabels(network, "skupper-controller") } },
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: CONTROLLER, namespace: CONTROLLER_V2_NAMESPACE, labels } },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: CONTROLLER, labels }, rules: clusterRoleRules() },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: CONTROLLER, labels },
            subjects: [{ kind: "ServiceAccount", name: CONTROLLER, namespace: CONTROLLER_V2_NAMESPACE }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CONTROLLER },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: CONTROLLER, namespace: CONTROLLER_V2_NAMESPACE, labels },
            spec: {
                replicas: 1,
                selector: { matchLabels: { application: CONTROLLER } },
                template: {
                    metadata: {
                        labels: {
                            "app.kubernetes.io/name": CONTROLLER,
                            "app.kubernetes.io/part-of": "skupper",
                            application: CONTROLLER,
                            "skupper.io/component": "controller",
                        },
                    },
                    spec: {
                        serviceAccountName: CONTROLLER,
                        enableServiceLinks: false,
                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "controller",
                                image: image(SKUPPER_V2_IMAGES.controller),
                                imagePullPolicy: "IfNotPresent",
                                command: ["/app/controller"],
                                // Only when asked for (skupperController.grantServer): upstream's own flags.
                                ...(addOns.skupperController.grantServer ? { args: ["-enable-grants", "-grant-server-autoconfigure"] } : {}),
                                env: [
                                    { name: "SKUPPER_KUBE_ADAPTOR_IMAGE", value: image(SKUPPER_V2_IMAGES.kubeAdaptor) },
                                    { name: "SKUPPER_KUBE_ADAPTOR_IMAGE_PULL_POLICY", value: "IfNotPresent" },
                                    { name: "SKUPPER_ROUTER_IMAGE", value: image(SKUPPER_V2_IMAGES.router) },
                                    { name: "SKUPPER_ROUTER_IMAGE_PULL_POLICY", value: "IfNotPresent" },
                                ],
                                ports: [{ containerPort: 9000, name: "metrics" }],
                                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true },
                                volumeMounts: [{ mountPath: "/etc/controller", name: "tls-credentials" }],
                            },
                        ],
                        volumes: [{ name: "tls-credentials", emptyDir: {} }],
                    },
                },
            },
        },
    ];
}
