/**
 * Rules that span hubs. The stack configuration (through `validateTopology`)
 * and the components (through `InterconnectNetwork`'s member registration)
 * both call {@link crossHubProblems}, so neither accepts what the other refuses.
 *
 * Pure: no Pulumi.
 */
import { parseIp } from "./addresses";

/** What the cross-hub rules need of a hub. */
export interface HubFacts {
    name: string;
    routerIp: string;
    exposedServices: readonly string[];
}

export interface CrossHubProblem {
    /** Index of the offending hub in the list given (the later of two). */
    hubIndex: number;
    /** Field path relative to the hub: `exposedServices[1].name`, `loadBalancer.routerIp`. */
    field: string;
    message: string;
}

/** One key per address, whatever its spelling (`fd00::1` = `fd00:0::1`). */
function addressKey(ip: string): string {
    const parsed = parseIp(ip);
    return parsed ? `${parsed.family}:${parsed.value}` : ip;
}

/**
 * Problems between hubs, in hub order:
 * - a service name exposed by two hubs: `<name>.<siteNamespace>` is one
 *   address on every site of the network, so Skupper would route one address
 *   to two unrelated servers;
 * - one router IP on two hubs: the spokes' link tokens name the address
 *   (`inter-router-host`), so a spoke could not tell the hubs apart.
 */
export function crossHubProblems(hubs: readonly HubFacts[]): CrossHubProblem[] {
    const problems: CrossHubProblem[] = [];
    const services = new Map<string, string>();
    const routers = new Map<string, string>();
    hubs.forEach((hub, hubIndex) => {
        hub.exposedServices.forEach((svc, i) => {
            const prior = services.get(svc);
            if (prior !== undefined && prior !== hub.name)
                problems.push({
                    hubIndex,
                    field: `exposedServices[${i}].name`,
                    message: `"${svc}" is also exposed by hub "${prior}"; each network address must be unique`,
                });
            else if (prior === undefined) services.set(svc, hub.name);
        });
        const key = addressKey(hub.routerIp);
        const prior = routers.get(key);
        if (prior !== undefined && prior !== hub.name)
            problems.push({
                hubIndex,
                field: "loadBalancer.routerIp",
                message: `${hub.routerIp} is also the router address of hub "${prior}"; spokes' link tokens name the router by address, so each hub needs its own`,
            });
        else if (prior === undefined) routers.set(key, hub.name);
    });
    return problems;
}
