/**
 * What a change of inputs means for a network: a new name, project or
 * orchestrator is a different object and replaces it; anything else updates
 * the stored settings in place.
 */
import { CONNECTION_UPDATE_KEYS } from "../orchestrator/connection";
import { UNKNOWN } from "./inputs";

/** Changing one of these replaces the network. */
export const REPLACE_KEYS = ["apiUrl", "project", "networkName"] as const;
/** Changing one of these updates in place (only `description` reaches the server). */
export const UPDATE_KEYS = ["description", "adoptExisting", ...CONNECTION_UPDATE_KEYS];

export interface NetworkDiff {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** Compares old outputs with new inputs. A value still unknown counts as changed. */
export function diffNetwork(olds: Record<string, unknown>, news: Record<string, unknown>): NetworkDiff {
    const differs = (k: string) => news[k] === UNKNOWN || (olds[k] ?? "") !== (news[k] ?? "");
    const replaces = REPLACE_KEYS.filter(differs);
    const updates = UPDATE_KEYS.filter(differs);
    // A record of a create with an unknown outcome always updates, so that the update asks the
    // server and creates what is missing (issue 13.1), whatever the inputs.
    const unconfirmed = olds.createUnconfirmed === true;
    return { changes: unconfirmed || replaces.length + updates.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
}
