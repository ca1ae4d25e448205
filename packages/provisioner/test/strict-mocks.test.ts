// Synth's mocks answer only what the program is known to declare. The real program never makes a provider
// call or declares another resource type, so these tests swap in programs that do (the mocks and synth stay
// real) and check that synth fails with a SynthError naming the call, instead of hanging or succeeding.
import * as pulumi from "@pulumi/pulumi";
import { getRegion, getRegionOutput } from "@pulumi/aws/getRegion.js";
import { Bucket } from "@pulumi/aws/s3/bucket.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { synth, SynthError } from "../src/index.ts";
import type * as ProgramModule from "../src/program/index.ts";
import { exampleManifest } from "./fixtures.ts";

type StackOutputs = Record<string, pulumi.Output<unknown>>;

const substitute = vi.hoisted(() => ({ program: undefined as (() => Promise<StackOutputs>) | undefined }));

vi.mock("../src/program/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof ProgramModule>();
  return {
    ...original,
    cognitoProgram: (...args: Parameters<typeof original.cognitoProgram>) =>
      substitute.program ?? original.cognitoProgram(...args),
  };
});

afterEach(() => {
  substitute.program = undefined;
});

async function synthWith(program: () => Promise<StackOutputs>) {
  substitute.program = program;
  return synth(exampleManifest("quick-start"));
}

describe("synth's strict mocks", () => {
  it("still synthesize the real program when nothing is swapped in", async () => {
    const graph = await synth(exampleManifest("quick-start"));
    expect(graph.resources.map((resource) => resource.name)).toEqual(["aws", "my-auth", "my-auth-web-app"]);
  });

  it("fail synth on a provider call the program awaits", async () => {
    const result = synthWith(async () => {
      const region = await getRegion();
      return { region: pulumi.output(region.region) };
    });
    await expect(result).rejects.toBeInstanceOf(SynthError);
    await expect(result).rejects.toThrow(
      "synth of my-auth failed: unexpected provider call aws:index/getRegion:getRegion",
    );
  });

  it("fail synth on a provider call whose result only feeds an output", async () => {
    const result = synthWith(() => Promise.resolve({ region: getRegionOutput().region }));
    await expect(result).rejects.toBeInstanceOf(SynthError);
    await expect(result).rejects.toThrow("unexpected provider call aws:index/getRegion:getRegion");
  });

  it("fail synth on a resource type the program is not known to declare", async () => {
    const result = synthWith(() => Promise.resolve({ bucket: new Bucket("logs").id }));
    await expect(result).rejects.toBeInstanceOf(SynthError);
    await expect(result).rejects.toThrow("unexpected resource type aws:s3/bucket:Bucket");
  });

  it("fail synth on an unexpected resource even when nothing reads its outputs", async () => {
    const result = synthWith(() => {
      new Bucket("logs");
      return Promise.resolve({ answer: pulumi.output("42") });
    });
    await expect(result).rejects.toThrow("unexpected resource type aws:s3/bucket:Bucket");
  });
});
