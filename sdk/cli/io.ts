/** Where a command writes, what it reads from its environment, and how wide its terminal is. */
export interface CliIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: NodeJS.ProcessEnv;
    /** Directory that relative paths start from (default: the process's). */
    cwd?: string;
    /**
     * Columns of the terminal stdout is, when it is one. Absent when stdout is
     * piped or redirected: then no line is cut (`grep`, files and CI logs see every value).
     */
    columns?: number;
}

/** The process's own streams; the terminal's width only when stdout is a TTY. */
export function processIo(): CliIo {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        env: process.env,
        ...(process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : {}),
    };
}

/** The width text output is cut at: the terminal's, or Infinity (nothing cut) when not a terminal. */
export function widthOf(io: CliIo): number {
    return io.columns !== undefined && io.columns > 20 ? io.columns : io.columns !== undefined ? 100 : Infinity;
}
