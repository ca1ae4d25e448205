// `pulumi-resource-aws`: a resource provider plugin named `aws` that speaks the real provider protocol
// (pulumirpc.ResourceProvider over gRPC, as the engine starts any plugin: it prints its port, the engine
// connects) for the resource types the program declares, with the rules of resources.ts.
//
// Written on the protocol directly rather than on @pulumi/pulumi/provider: that server drops Configure's
// variables (so the provider's region and endpoints) and cannot answer a detailed diff, both of which the
// action reads (pulumi-aws answers every Diff with one, pulumi-terraform-bridge pkg/tfbridge/provider.go).
import * as grpc from "@grpc/grpc-js";
// The generated protobuf modules are CommonJS whose exports Node cannot list for a named ESM import: their
// default import is the whole module.
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import structPb from "google-protobuf/google/protobuf/struct_pb.js";
import pluginPb from "@pulumi/pulumi/proto/plugin_pb.js";
import providerPb from "@pulumi/pulumi/proto/provider_pb.js";
import providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb.js";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb.js";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import { diffProps, holdsSecret, secret, unwrapSecrets } from "./diff.ts";
import type { Props } from "./diff.ts";
import { cognitoClient, RESOURCE_TYPES } from "./resources.ts";
import { pluginVersion } from "./version.ts";
import type { ProviderSettings, ResourceType } from "./resources.ts";

const settings: ProviderSettings = { region: process.env.AWS_REGION ?? "us-east-1" };

function typeOf(urn: string): ResourceType {
  // urn:pulumi:<stack>::<project>::<qualified type>::<name>; the last type of a parent chain is the resource's.
  const qualified = urn.split("::")[2] ?? "";
  const type = qualified.split("$").pop() ?? "";
  const resource = RESOURCE_TYPES[type];
  if (!resource) throw new Error(`this aws provider stand-in does not implement ${type}`);
  return resource;
}

function toStruct(value: Props): StructPb.Struct {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

function fromStruct(struct: StructPb.Struct | undefined): Props {
  return struct?.toJavaScript() ?? {};
}

/** Outputs as the engine should store them: sensitive attributes and fields that came in secret stay secret. */
function withSecrets(resource: ResourceType, outs: Props, inputs: Props): Props {
  const result: Props = { ...outs };
  for (const [field, value] of Object.entries(outs)) {
    if (resource.rules[field]?.sensitive || holdsSecret(inputs[field])) result[field] = secret(value);
  }
  return result;
}

type Handler<Req, Res> = (request: Req) => Promise<Res> | Res;

function unary<Req, Res>(handler: Handler<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback({
            code: grpc.status.UNKNOWN,
            details: error instanceof Error ? error.message : String(error),
          }),
      );
  };
}

const diffKinds: Record<string, ProviderPb.PropertyDiff.Kind> = {
  ADD: providerPb.PropertyDiff.Kind.ADD,
  ADD_REPLACE: providerPb.PropertyDiff.Kind.ADD_REPLACE,
  UPDATE: providerPb.PropertyDiff.Kind.UPDATE,
  UPDATE_REPLACE: providerPb.PropertyDiff.Kind.UPDATE_REPLACE,
  DELETE: providerPb.PropertyDiff.Kind.DELETE,
  DELETE_REPLACE: providerPb.PropertyDiff.Kind.DELETE_REPLACE,
};

const service: Partial<ProviderGrpc.IResourceProviderServer> = {
  // The bundle has the version built in (provider-bundle.ts); the source reads it from the provisioner.
  getPluginInfo: unary(() =>
    new pluginPb.PluginInfo().setVersion(process.env.ENGINE_PLUGIN_VERSION ?? pluginVersion()),
  ),
  configure: unary((request: ProviderPb.ConfigureRequest) => {
    const variables = request.getVariablesMap();
    const args = fromStruct(request.getArgs());
    const region = (args.region as string | undefined) ?? variables.get("aws:config:region");
    if (region) settings.region = region;
    // pulumi-aws `endpoints`: a list of objects, one service each (`[{cognitoidp: "http://…"}]`).
    const rawEndpoints: unknown = args.endpoints ?? JSON.parse(variables.get("aws:config:endpoints") ?? "[]");
    for (const entry of (rawEndpoints as Props[] | undefined) ?? []) {
      if (typeof entry.cognitoidp === "string") settings.endpoint = entry.cognitoidp;
    }
    return new providerPb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
  }),
  checkConfig: unary((request: ProviderPb.CheckRequest) =>
    new providerPb.CheckResponse().setInputs(request.getNews()),
  ),
  check: unary((request: ProviderPb.CheckRequest) => {
    const resource = typeOf(request.getUrn());
    const news = fromStruct(request.getNews());
    return new providerPb.CheckResponse().setInputs(toStruct({ ...resource.defaults, ...news }));
  }),
  diff: unary((request: ProviderPb.DiffRequest) => {
    const resource = typeOf(request.getUrn());
    const olds = unwrapSecrets(fromStruct(request.getOlds())) as Props;
    const news = unwrapSecrets(fromStruct(request.getNews())) as Props;
    const outcome = diffProps(resource.rules, olds, news, resource.framework);
    const response = new providerPb.DiffResponse()
      .setChanges(
        outcome.changes
          ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
          : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setReplacesList(outcome.replaces)
      .setDiffsList(outcome.diffs)
      .setHasdetaileddiff(true)
      // pulumi-aws sets delete-before-replace on no Cognito resource; the program asks for it where needed.
      .setDeletebeforereplace(false);
    const detailed = response.getDetaileddiffMap();
    for (const [path, { kind }] of Object.entries(outcome.detailedDiff))
      detailed.set(path, new providerPb.PropertyDiff().setKind(diffKinds[kind]!).setInputdiff(true));
    return response;
  }),
  create: unary(async (request: ProviderPb.CreateRequest) => {
    const resource = typeOf(request.getUrn());
    const raw = fromStruct(request.getProperties());
    const { id, outs } = await resource.create(cognitoClient(settings), unwrapSecrets(raw) as Props);
    return new providerPb.CreateResponse()
      .setId(id)
      .setProperties(toStruct(withSecrets(resource, outs, raw)));
  }),
  read: unary(async (request: ProviderPb.ReadRequest) => {
    const resource = typeOf(request.getUrn());
    const state = unwrapSecrets(fromStruct(request.getProperties())) as Props;
    const oldInputs = fromStruct(request.getInputs());
    const outs = await resource.read(cognitoClient(settings), request.getId(), state);
    // Gone: an empty ID tells the engine to drop the resource (terraform's d.SetId("")).
    if (!outs) return new providerPb.ReadResponse().setId("");
    const { id, ...props } = outs;
    // An import has no inputs yet: the bridge extracts them from the state Read set.
    const inputs = Object.keys(oldInputs).length > 0 ? oldInputs : resource.inputsFromState(props);
    return new providerPb.ReadResponse()
      .setId((id as string | undefined) ?? request.getId())
      .setProperties(toStruct(withSecrets(resource, props, fromStruct(request.getProperties()))))
      .setInputs(toStruct(inputs));
  }),
  update: unary(async (request: ProviderPb.UpdateRequest) => {
    const resource = typeOf(request.getUrn());
    const raw = fromStruct(request.getNews());
    const outs = await resource.update(
      cognitoClient(settings),
      request.getId(),
      unwrapSecrets(fromStruct(request.getOlds())) as Props,
      unwrapSecrets(raw) as Props,
    );
    const { id: _id, ...props } = outs;
    return new providerPb.UpdateResponse().setProperties(toStruct(withSecrets(resource, props, raw)));
  }),
  delete: unary(async (request: ProviderPb.DeleteRequest) => {
    const resource = typeOf(request.getUrn());
    const state = unwrapSecrets(fromStruct(request.getProperties())) as Props;
    await resource.delete(cognitoClient(settings), request.getId(), state);
    return new emptyPb.Empty();
  }),
  cancel: unary(() => new emptyPb.Empty()),
};

const server = new grpc.Server();
server.addService(providerGrpc.ResourceProviderService, service as ProviderGrpc.IResourceProviderServer);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`pulumi-resource-aws: ${error.message}\n`);
    process.exit(1);
  }
  // The engine reads the port from the plugin's first line of output.
  process.stdout.write(`${port}\n`);
});
