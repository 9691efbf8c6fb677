/**
 * Turns the plain objects built in `sdk/manifests/` into @pulumi/kubernetes
 * resources. Typed classes are used where they exist, so that Pulumi's
 * readiness checks (Deployment rollout, Service endpoints) apply.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubeObject } from "../topology/model";

/** A stable, readable resource name: `<component>-<kind>-<namespace>-<name>` (namespace left out when it repeats the name). */
export function resourceName(component: string, obj: KubeObject): string {
    const ns = obj.metadata.namespace && obj.metadata.namespace !== obj.metadata.name ? `${obj.metadata.namespace}-` : "";
    return `${component}-${obj.kind.toLowerCase()}-${ns}${obj.metadata.name}`;
}

/** Creates the resource for `obj` under `component`'s name. */
export function kubeResource(component: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const name = resourceName(component, obj);
    const args = obj as any;
    switch (`${obj.apiVersion}/${obj.kind}`) {
        case "v1/Namespace":
            return new k8s.core.v1.Namespace(name, args, opts);
        case "v1/ConfigMap":
            return new k8s.core.v1.ConfigMap(name, args, opts);
        case "v1/Secret":
            return new k8s.core.v1.Secret(name, args, opts);
        case "v1/Service":
            return new k8s.core.v1.Service(name, args, opts);
        case "v1/ServiceAccount":
            return new k8s.core.v1.ServiceAccount(name, args, opts);
        case "rbac.authorization.k8s.io/v1/ClusterRole":
            return new k8s.rbac.v1.ClusterRole(name, args, opts);
        case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
            return new k8s.rbac.v1.ClusterRoleBinding(name, args, opts);
        case "apps/v1/Deployment":
            return new k8s.apps.v1.Deployment(name, args, opts);
        default:
            return new k8s.apiextensions.CustomResource(name, args, opts);
    }
}

/** A server-side-apply patch of a Service the package does not own. */
export function servicePatch(component: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): k8s.core.v1.ServicePatch {
    return new k8s.core.v1.ServicePatch(`${resourceName(component, obj)}-patch`, obj as any, opts);
}
