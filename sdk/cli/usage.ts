/**
 * A mistake in the command line or the configuration: exit code 2 and no
 * stack trace. `details` are further lines, one per problem, printed under
 * the message (all problems at once, as kubectl prints validation errors).
 */
export class UsageError extends Error {
    constructor(
        message: string,
        readonly details: readonly string[] = [],
    ) {
        super(message);
        this.name = "UsageError";
    }
}
