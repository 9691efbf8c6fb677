/**
 * Configuration problems as the CLI prints them: every problem at once, one
 * line each, naming its key, in words rather than zod's own
 * ("Invalid input: expected number, received string").
 */
import { z } from "zod";
import { StackConfigError } from "../stack/config";
import { UsageError } from "./usage";

const TYPE_WORDS: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    bigint: "a whole number",
};

const SIZE_UNITS: Record<string, string> = { string: " characters", array: " entries", set: " entries" };

/**
 * zod's default message for an issue the schema gave no words of its own,
 * said as the configuration's other messages are ("must be …"). Schema-given
 * messages take precedence over this (zod 4: schema error, then parse error,
 * then the global `customError`; https://zod.dev/error-customization).
 */
export function configIssueWords(issue: z.core.$ZodRawIssue): string | undefined {
    const i = issue as unknown as Record<string, unknown>;
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined ? "is required" : `must be ${TYPE_WORDS[String(i.expected)] ?? String(i.expected)}`;
        case "too_small": {
            const unit = SIZE_UNITS[String(i.origin)] ?? "";
            return `must be at least ${String(i.minimum)}${unit}`;
        }
        case "too_big": {
            const unit = SIZE_UNITS[String(i.origin)] ?? "";
            return `must be at most ${String(i.maximum)}${unit}`;
        }
        case "invalid_value":
            return `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_format":
            return i.format === "regex" ? "has characters that are not allowed here" : `must be a valid ${String(i.format)}`;
        case "invalid_union":
            return "is not one of the accepted forms";
        case "not_multiple_of":
            return `must be a multiple of ${String(i.divisor)}`;
        default:
            return undefined;
    }
}

/**
 * Runs `parse` with zod's default messages in words. zod keeps its error map
 * in one global configuration, so it is set for the synchronous parse only and
 * restored after: a program or test that loads the CLI keeps zod's own words.
 */
export function withConfigWords<T>(parse: () => T): T {
    const before = z.config().customError;
    z.config({ customError: (issue) => configIssueWords(issue) });
    try {
        return parse();
    } finally {
        z.config({ customError: before });
    }
}

/** A stack file's configuration problems as one usage error: the count, then each problem on its own line. */
export function configUsageError(file: string, e: StackConfigError): UsageError {
    const lines = e.lines;
    if (lines.length === 1) return new UsageError(`${file}: ${lines[0]}`);
    return new UsageError(`${file}: ${lines.length} configuration problems`, lines);
}
