/** The plugin's version: the package's, so the engine and `pulumi plugin ls` agree with package.json. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PLUGIN_VERSION: string = require("../../../package.json").version;
