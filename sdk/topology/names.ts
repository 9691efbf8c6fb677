/**
 * Rules for names that end up in URLs, labels or terminals, shared by the
 * stack configuration and (on request) the components and providers. Pure.
 */

/** C0 and C1 control characters and DEL: they rewrite terminals (ESC sequences) and split lines/headers (CR, LF). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a project name cannot go into `/v1/projects/<project>/…`, or undefined.
 * The orchestrator names projects with letters, digits, '-', '_' and '.'; a
 * `..` segment, '/', '?', '#', '%' or a CR/LF would change which URL is asked.
 */
export function projectNameProblem(project: string): string | undefined {
    if (project.trim() === "") return "must not be empty";
    if (CONTROL_CHARACTERS.test(project)) return "must not contain control characters (CR, LF, ESC, …)";
    if (project !== project.trim()) return "must not start or end with whitespace";
    if (project.length > 63) return `is ${project.length} characters long; a project name has at most 63`;
    if (project === "." || project === ".." || project.includes("..")) return "must not contain '..'";
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(project))
        return "must be a project name: letters, digits, '-', '_' and '.', starting with a letter or digit (no '/', '?', '#', '%' or spaces)";
    return undefined;
}

/** At most `max` characters of a value for a message, with how much was left out. */
export function clip(text: string, max = 120): string {
    if (text.length <= max) return text;
    return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Keeps an error message short: the head and the tail (which says what is allowed) of a long one. */
export function clipMessage(message: string, max = 600): string {
    if (message.length <= max) return message;
    const head = Math.floor(max * 0.55);
    const tail = max - head;
    return `${message.slice(0, head)}… (${message.length - max} characters elided) …${message.slice(message.length - tail)}`;
}
