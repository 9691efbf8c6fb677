/** A mistake in the command line: exit code 2 and no stack trace. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}
