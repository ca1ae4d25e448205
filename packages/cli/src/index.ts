export { main, USAGE } from "./main.ts";
export type { CliIo } from "./io.ts";
