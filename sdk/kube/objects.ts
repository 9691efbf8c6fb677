/**
 * Turns the plain objects built in `sdk/manifests/` into @pulumi/kubernetes
 * resources. Typed classes are used where they exist, so that Pulumi's
 * readiness checks (Deployment rollout, Service endpoints) apply.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObjectRole, PlannedObject, ROLE_DEPENDENCIES, ROLE_REPLACED_ON, ROLE_REPLACED_WITH } from "../manifests/cluster";
import { KubeObject } from "../topology/model";
import { patchResourceName, resourceName } from "./resourceNames";

export { resourceName };

type KubeResourceClass = new (name: string, args: any, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The typed class of each core kind the builders produce; anything else is a custom resource. */
const TYPED_CLASSES: Record<string, KubeResourceClass> = {
    "v1/Namespace": k8s.core.v1.Namespace,
    "v1/ConfigMap": k8s.core.v1.ConfigMap,
    "v1/Secret": k8s.core.v1.Secret,
    "v1/Service": k8s.core.v1.Service,
    "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
    "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
    "apps/v1/Deployment": k8s.apps.v1.Deployment,
    // Skupper v2's CRDs: the typed class waits until the API server serves the kind.
    "apiextensions.k8s.io/v1/CustomResourceDefinition": k8s.apiextensions.v1.CustomResourceDefinition,
};

/** Creates the resource for `obj` under `component`'s name. */
export function kubeResource(component: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const Class = TYPED_CLASSES[`${obj.apiVersion}/${obj.kind}`] ?? k8s.apiextensions.CustomResource;
    return new Class(resourceName(component, obj), obj, opts);
}

/** A server-side-apply patch of a Service the package does not own. */
export function servicePatch(component: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): k8s.core.v1.ServicePatch {
    return new k8s.core.v1.ServicePatch(patchResourceName(component, obj), obj as any, opts);
}

/**
 * Creates a cluster's planned objects, each depending on the resources of
 * the roles it waits for (per-service objects only on their own service's).
 * Objects can be applied in phases, with the Helm releases registered in
 * between, because a release is not a Kubernetes object of the plan.
 */
export class ClusterPlan {
    private readonly created: { planned: PlannedObject; resource: pulumi.Resource }[] = [];
    private readonly releases: Partial<Record<"metallb" | "cert-manager", pulumi.Resource>> = {};

    constructor(
        private readonly component: string,
        private readonly opts: pulumi.CustomResourceOptions,
    ) {}

    /** Makes a release available to the roles that wait for it. */
    addRelease(kind: "metallb" | "cert-manager", release: pulumi.Resource): void {
        this.releases[kind] = release;
    }

    /** The resources created so far for `role`. */
    resourcesOf(role: ObjectRole): pulumi.Resource[] {
        return this.created.filter((c) => c.planned.role === role).map((c) => c.resource);
    }

    /** Creates `planned` in order. */
    apply(planned: PlannedObject[]): void {
        for (const p of planned) {
            const dependsOn: pulumi.Resource[] = [];
            for (const role of ROLE_DEPENDENCIES[p.role]) {
                if (role === "metallb" || role === "cert-manager") {
                    const release = this.releases[role];
                    if (release) dependsOn.push(release);
                    continue;
                }
                for (const c of this.created) {
                    if (c.planned.role !== role) continue;
                    if (p.service && c.planned.service && c.planned.service !== p.service) continue;
                    dependsOn.push(c.resource);
                }
            }
            const replacedOn = ROLE_REPLACED_ON[p.role];
            const replacedWith = ROLE_REPLACED_WITH[p.role];
            const replaceWith = replacedWith ? this.resourcesOf(replacedWith) : [];
            // A fixed name cannot exist twice, so a replacement deletes first.
            const options = {
                ...this.opts,
                dependsOn,
                ...(replacedOn ? { replaceOnChanges: [...replacedOn], deleteBeforeReplace: true } : {}),
                ...(replaceWith.length ? { replaceWith, deleteBeforeReplace: true } : {}),
            };
            const resource = p.patch ? servicePatch(this.component, p.obj, options) : kubeResource(this.component, p.obj, options);
            this.created.push({ planned: p, resource });
        }
    }
}
