import { fail, run } from "./main.ts";

run().catch(fail);
