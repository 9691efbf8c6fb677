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
    /**
     * Columns of the terminal stderr is, when it is one: progress that is
     * redrawn in place goes there, so a redirected stderr gets plain lines
     * whatever stdout is.
     */
    stderrColumns?: number;
}

/** The process's own streams; each terminal's width only when that stream is a TTY. */
export function processIo(): CliIo {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        env: process.env,
        ...(process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : {}),
        ...(process.stderr.isTTY ? { stderrColumns: process.stderr.columns || 100 } : {}),
    };
}

/** The width text output is cut at: the terminal's, or Infinity (nothing cut) when not a terminal. */
export function widthOf(io: CliIo): number {
    return io.columns !== undefined && io.columns > 20 ? io.columns : io.columns !== undefined ? 100 : Infinity;
}
