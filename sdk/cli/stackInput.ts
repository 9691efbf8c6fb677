/**
 * The stack a command reads: a file, or a project folder with `--stack`,
 * validated, with every configuration problem in one usage error.
 */
import * as path from "node:path";
import { StackConfig, StackConfigError, parseStackConfig } from "../stack/config";
import { StackFile, StackFileError, readStackFile } from "../plan/stackFile";
import { configUsageError, withConfigWords } from "./configProblems";
import { UsageError } from "./usage";

export interface LoadedStack {
    file: StackFile;
    config: StackConfig;
    /** The file as messages name it: relative to the working directory. */
    shown: string;
}

/** Reads and validates `input` (default: the working directory) and `--stack`; usage errors for what is wrong. */
export function loadStack(cwd: string, input: string | undefined, stack: string | undefined): LoadedStack {
    let file: StackFile;
    try {
        file = readStackFile(path.resolve(cwd, input ?? "."), stack);
    } catch (e) {
        // Messages name the path as it was given.
        if (e instanceof StackFileError) {
            const root = path.resolve(cwd);
            throw new UsageError(
                e.message
                    .split(root + path.sep)
                    .join("")
                    .split(root)
                    .join("this folder"),
            );
        }
        throw e;
    }
    const relative = path.relative(cwd, file.file);
    const shown = relative && !relative.startsWith("..") ? relative : path.resolve(cwd, file.file);
    try {
        return { file, config: withConfigWords(() => parseStackConfig(file.config)), shown };
    } catch (e) {
        if (e instanceof StackConfigError) throw configUsageError(shown, e);
        throw e;
    }
}
