/**
 * The dependency graph of an `up`, as the Pulumi engine receives it.
 *
 * Every RegisterResourceRequest the SDK sends carries `dependencies`: the
 * URNs of the custom resources named in `dependsOn` *and* of those whose
 * Outputs feed the resource's inputs (the SDK computes both, expanding
 * component resources to their custom children). It also carries the
 * provider reference, which the SDK resolves (URN and id) before it sends the
 * request, so a resource is never created before its provider. Parent/child
 * containment is not a dependency and is used only to attribute resources to
 * their spoke.
 *
 * {@link recordRegistrations} wraps the mock monitor's `registerResource` so
 * that every request is recorded as the engine would see it, without
 * changing what the monitor answers.
 */

/** One registration as the engine would see it. */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** URNs from `dependsOn` and from Output-valued inputs. */
    deps: string[];
    /** URN of the provider resource, when one is referenced. */
    provider?: string;
}

/** Strips the `::<id>` of a provider reference (`<urn>::<id>`). */
function providerUrn(ref: string): string | undefined {
    if (!ref) return undefined;
    const cut = ref.lastIndexOf("::");
    return cut > 0 ? ref.slice(0, cut) : undefined;
}

/**
 * Starts recording every resource registration sent to Pulumi's mock
 * monitor (the one `evaluateOffline` installs). Call before `setMocks`.
 */
export function recordRegistrations(): Registration[] {
    const recorded: Registration[] = [];
    // The class `pulumi.runtime.setMocks` instantiates; patched on its prototype.
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: any } };
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (this: any, req: any, callback: unknown) {
        const parent: string = req.getParent();
        recorded.push({
            urn: this.newUrn(parent, req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            ...(parent ? { parent } : {}),
            deps: req.getDependenciesList(),
            ...(req.getProvider() ? { provider: providerUrn(req.getProvider()) } : {}),
        });
        return original.call(this, req, callback);
    };
    return recorded;
}

export interface ChainOptions {
    /** Count the provider reference as an edge (the engine creates a provider before its resources). */
    providerEdges: boolean;
}

export interface GraphFacts {
    /** Custom resources on the longest chain, dependencies and provider edges. */
    depth: number;
    /** Same, with `dependsOn` and Output-input edges only. */
    depthWithoutProviders: number;
    /** The longest chain, first created first, as `type name`. */
    chain: string[];
    /** Longest chain ending in each spoke's resources: minimum and maximum over spokes. */
    spokeDepth?: { min: number; max: number };
    /** Edges from one spoke's resources to another spoke's. Expected: 0. */
    crossSpokeEdges: number;
    /** Dependency edges whose target was never registered (should be 0). */
    danglingEdges: number;
    /** The first spoke's resources by type (component, provider, dynamic and Kubernetes resources). */
    firstSpokeTypes?: Record<string, number>;
    firstSpokeResources?: number;
    /** The longest chain ending in the first spoke's resources. */
    firstSpokeChain?: string[];
}

const SPOKE_TYPE = "edge-interconnect:index:SpokeCluster";

/** Longest dependency chains and spoke isolation facts of a recorded graph. */
export function analyse(regs: Registration[], firstSpoke?: string): GraphFacts {
    const byUrn = new Map(regs.map((r) => [r.urn, r]));
    let danglingEdges = 0;
    for (const r of regs) for (const u of [...r.deps, ...(r.provider ? [r.provider] : [])]) if (!byUrn.has(u)) danglingEdges++;
    const edgesOf = (r: Registration, opts: ChainOptions): string[] => {
        const out = [...r.deps];
        if (opts.providerEdges && r.provider) out.push(r.provider);
        return out.filter((u) => byUrn.has(u));
    };

    // Which spoke (component name) a resource belongs to, through its parent chain.
    const owner = new Map<string, string | null>();
    const ownerOf = (urn: string | undefined): string | null => {
        if (!urn) return null;
        const known = owner.get(urn);
        if (known !== undefined) return known;
        const r = byUrn.get(urn);
        const result = !r ? null : r.type === SPOKE_TYPE ? r.name : ownerOf(r.parent);
        owner.set(urn, result);
        return result;
    };

    const chainTo = (end: string | undefined, via: Map<string, string | undefined>): string[] => {
        const chain: string[] = [];
        for (let u = end; u; u = via.get(u)) {
            const r = byUrn.get(u)!;
            chain.unshift(`${r.type} ${r.name}`);
        }
        return chain;
    };

    const longest = (opts: ChainOptions) => {
        // Depth of the chain ending at a resource, counting custom resources (components take no time).
        const depth = new Map<string, number>();
        const via = new Map<string, string | undefined>();
        const visit = (urn: string, stack: Set<string>): number => {
            const d = depth.get(urn);
            if (d !== undefined) return d;
            if (stack.has(urn)) throw new Error(`dependency cycle through ${urn}`);
            stack.add(urn);
            const r = byUrn.get(urn)!;
            let best = 0;
            let bestVia: string | undefined;
            for (const dep of edgesOf(r, opts)) {
                const dd = visit(dep, stack);
                if (dd > best) {
                    best = dd;
                    bestVia = dep;
                }
            }
            stack.delete(urn);
            const mine = best + (r.custom ? 1 : 0);
            depth.set(urn, mine);
            via.set(urn, bestVia);
            return mine;
        };
        let top = 0;
        let end: string | undefined;
        for (const r of regs) {
            const d = visit(r.urn, new Set());
            if (d > top) {
                top = d;
                end = r.urn;
            }
        }
        return { top, depth, via, chain: chainTo(end, via) };
    };

    const full = longest({ providerEdges: true });
    const bare = longest({ providerEdges: false });

    let crossSpokeEdges = 0;
    const perSpoke = new Map<string, number>();
    const firstSpokeTypes: Record<string, number> = {};
    let firstSpokeResources = 0;
    let firstSpokeEnd: string | undefined;
    for (const r of regs) {
        const mine = ownerOf(r.urn);
        if (mine === null) continue;
        perSpoke.set(mine, Math.max(perSpoke.get(mine) ?? 0, full.depth.get(r.urn)!));
        for (const dep of edgesOf(r, { providerEdges: true })) {
            const theirs = ownerOf(dep);
            if (theirs !== null && theirs !== mine) crossSpokeEdges++;
        }
        if (mine === firstSpoke) {
            firstSpokeResources++;
            if (firstSpokeEnd === undefined || full.depth.get(r.urn)! > full.depth.get(firstSpokeEnd)!) firstSpokeEnd = r.urn;
            firstSpokeTypes[r.type] = (firstSpokeTypes[r.type] ?? 0) + 1;
        }
    }
    const spokeDepths = [...perSpoke.values()];
    return {
        depth: full.top,
        depthWithoutProviders: bare.top,
        chain: full.chain,
        ...(spokeDepths.length ? { spokeDepth: { min: Math.min(...spokeDepths), max: Math.max(...spokeDepths) } } : {}),
        crossSpokeEdges,
        danglingEdges,
        ...(firstSpoke ? { firstSpokeTypes, firstSpokeResources, firstSpokeChain: chainTo(firstSpokeEnd, full.via) } : {}),
    };
}
