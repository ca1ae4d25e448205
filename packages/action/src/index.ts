import { fail, run } from "./run/run.ts";

run().catch(fail);
