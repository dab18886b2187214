// Connect conformance with an independent client: the official connect-node
// calls every unary method of every skillpath.v1 service on a demo
// skillpathd, in Connect binary (application/proto), Connect JSON and, as
// the reference, gRPC on the gRPC port. The three must agree: the same
// answer, or the same error code, and never internal or unknown.
//
// No code is generated: the services come from a FileDescriptorSet that
// protoc writes at build time (SKILLPATH_DESCRIPTORS), read with
// protobuf-es's createFileRegistry.
//
//   SKILLPATHD_BIN=build/skillpathd SKILLPATH_DESCRIPTORS=build/tests/skillpath.binpb \
//     node --test tests/connect/
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { create, createFileRegistry, fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { compressionGzip, createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { repo, startSkillpathd, stopSkillpathd } from "../common/skillpathd.mjs";

const descriptors = process.env.SKILLPATH_DESCRIPTORS || join(repo, "build/tests/skillpath.binpb");

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptors)));
const services = [...registry].filter((d) => d.kind === "service" && d.typeName.startsWith("skillpath.v1."));

let server, http, tokens, transports;

before(async () => {
  server = await startSkillpathd({ prefix: "skillpath-connect-" });
  http = `http://${server.httpAddress}`;
  tokens = server.tokens;
  transports = {
    binary: createConnectTransport({ baseUrl: http, httpVersion: "1.1", useBinaryFormat: true }),
    json: createConnectTransport({ baseUrl: http, httpVersion: "1.1", useBinaryFormat: false }),
    grpc: createGrpcTransport({ baseUrl: `http://${server.grpcAddress}` }),
  };
});

after(() => {
  stopSkillpathd(server);
});

// The outcome of one call: {ok, json} with the answer in protobuf's JSON
// mapping (times and other per-call values left out), or {code}.
async function call(transport, service, method, request, grant, options = {}) {
  const client = createClient(service, transport);
  try {
    const answer = await client[method.localName](create(method.input, request), {
      headers: { authorization: `Bearer ${tokens[grant].token}` },
      ...options,
    });
    assert.equal(answer.$typeName, method.output.typeName, `${method.name}: a decoded ${method.output.typeName}`);
    return { ok: true, json: stable(toJson(method.output, answer, { registry })) };
  } catch (e) {
    const error = ConnectError.from(e);
    return { ok: false, code: Code[error.code], message: error.rawMessage };
  }
}

// Fields that differ from one call to the next by nature (clocks, counters).
const volatile = /(At|Time|asOf|lastUsed|generated)$/i;
function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !volatile.test(k)).map(([k, v]) => [k, stable(v)]));
  }
  return value;
}

// Answers that change with every call (each read of personal data is
// audited; tokens record their use): compared by outcome only.
const changing = new Set(["ExportPersonData", "ListAuditEvents", "ListTokens", "WhoAmI"]);

const isRead = (name) => /^(Get|List|Export|WhoAmI)/.test(name);

// Known-valid requests for the read methods on the demo data (ids filled in
// from earlier answers); the others get an empty request.
async function readRequests() {
  // The id of the first item the list method answers with.
  const first = async (serviceName, method, grant = "HR") => {
    const service = registry.getService(`skillpath.v1.${serviceName}`);
    const m = service.methods.find((x) => x.name === method);
    const r = await call(transports.json, service, m, {}, grant);
    assert.ok(r.ok, `${method}: ${r.message}`);
    const list = Object.values(r.json).find((v) => Array.isArray(v) && v.length > 0);
    assert.ok(list?.[0]?.id, `${method}: no items in ${JSON.stringify(r.json).slice(0, 200)}`);
    return list[0].id;
  };
  const person = tokens.EMPLOYEE.person;
  const framework = await first("FrameworkService", "ListFrameworks");
  const role = await first("OrgService", "ListRoles", "ADMIN");
  const unit = await first("OrgService", "ListOrgUnits", "ADMIN");
  const resource = await first("CatalogService", "ListResources");
  const all = {};
  for (const m of ["ListFrameworks", "ListOrgUnits", "ListRoles", "ListPeople", "ListResources", "GetOrgSummary",
                   "GetTrainingDemand", "WhoAmI", "ListTokens", "ListAuditEvents"]) {
    all[m] = {};
  }
  return {
    ...all,
    GetFramework: { id: framework },
    GetRole: { id: role },
    GetPerson: { id: person },
    GetResource: { id: resource },
    GetPersonGap: { personId: person },
    GetTeamGap: { orgUnitId: unit },
    ListAssessments: { personId: person },
    ListPlans: { personId: person },
    ExportPersonData: { personId: person },
  };
}

// ADMIN for what the access policy gives ADMIN, HR for the rest; a method
// neither may call is refused alike on all three, which is checked too.
const grantFor = (service) =>
  ["skillpath.v1.AuthService", "skillpath.v1.PrivacyService", "skillpath.v1.OrgService"].includes(service.typeName)
    ? "ADMIN"
    : "HR";

test("every unary method answers alike in Connect binary, Connect JSON and gRPC", async () => {
  const known = await readRequests();
  let calls = 0;
  let answered = 0;
  for (const service of services) {
    for (const method of service.methods) {
      if (method.methodKind !== "unary") continue;
      const fields = method.input.fields.map((f) => f.localName);
      const request = known[method.name] ?? {};
      for (const k of Object.keys(request)) assert.ok(fields.includes(k), `${method.name} has no field ${k}`);
      const grant = grantFor(service);
      const results = {};
      for (const [name, transport] of Object.entries(transports)) {
        results[name] = await call(transport, service, method, request, grant);
        calls++;
      }
      const where = `${service.typeName}/${method.name} ${JSON.stringify(request)}`;
      for (const name of ["binary", "json"]) {
        assert.equal(results[name].ok, results.grpc.ok, `${where}: ${name} ${JSON.stringify(results[name])} vs gRPC ${JSON.stringify(results.grpc)}`);
        if (!results.grpc.ok) {
          assert.equal(results[name].code, results.grpc.code, `${where}: ${name} ${results[name].message}`);
        } else if (!changing.has(method.name)) {
          assert.deepEqual(results[name].json, results.grpc.json, `${where}: ${name}`);
        }
      }
      const outcome = results.grpc;
      if (outcome.ok) answered++;
      assert.ok(outcome.ok || !["Internal", "Unknown", "Unavailable", "DeadlineExceeded"].includes(outcome.code),
                `${where}: ${outcome.code} ${outcome.message}`);
      if (isRead(method.name) && known[method.name] !== undefined) {
        assert.ok(outcome.ok, `${where}: a valid read must succeed (${outcome.code} ${outcome.message})`);
      }
      if (!isRead(method.name)) {
        // An empty write is refused by validation (or access), not stored.
        assert.ok(!outcome.ok, `${where}: an empty write was accepted`);
        assert.ok(["InvalidArgument", "PermissionDenied", "NotFound", "FailedPrecondition", "Unimplemented"]
                    .includes(outcome.code), `${where}: ${outcome.code} ${outcome.message}`);
      }
    }
  }
  assert.ok(answered >= 15, `only ${answered} methods answered`);
  const unary = services.flatMap((s) => s.methods).filter((m) => m.methodKind === "unary").length;
  assert.ok(services.length >= 8 && unary >= 37, `${services.length} services, ${unary} unary methods`);
  assert.equal(calls, 3 * unary);
});

test("a gzip-compressed request and a Connect-Timeout-Ms are honoured", async () => {
  const service = registry.getService("skillpath.v1.GapService");
  const method = service.methods.find((m) => m.name === "GetPersonGap");
  const request = { personId: tokens.EMPLOYEE.person };
  const plain = await call(transports.binary, service, method, request, "HR");
  assert.ok(plain.ok, plain.message);
  for (const useBinaryFormat of [true, false]) {
    const gzip = createConnectTransport({
      baseUrl: http,
      httpVersion: "1.1",
      useBinaryFormat,
      sendCompression: compressionGzip,
      compressMinBytes: 0,
    });
    const answer = await call(gzip, service, method, request, "HR", { timeoutMs: 60000 });
    assert.ok(answer.ok, answer.message);
    assert.deepEqual(answer.json, plain.json);
  }
});

test("errors carry the code the server meant", async () => {
  const service = registry.getService("skillpath.v1.GapService");
  const method = service.methods.find((m) => m.name === "GetPersonGap");
  for (const transport of Object.values(transports)) {
    const missing = await call(transport, service, method, { personId: "no-such-person" }, "HR");
    assert.equal(missing.code, "NotFound", missing.message);
    const client = createClient(service, transport);
    await assert.rejects(client.getPersonGap({ personId: tokens.EMPLOYEE.person }), (e) => {
      assert.equal(ConnectError.from(e).code, Code.Unauthenticated);
      return true;
    });
  }
});

// Issue #13 item 7: the client-streaming methods in the Connect protocol's
// streaming form over HTTP/1.1 — connect-node's own client, binary and JSON,
// gzip-compressed messages too — answer as the same stream over gRPC does.
test("client-streaming methods answer alike in Connect binary, Connect JSON and gRPC", async () => {
  const org = registry.getService("skillpath.v1.OrgService");
  const importPeople = org.methods.find((m) => m.name === "ImportPeople");
  assert.equal(importPeople.methodKind, "client_streaming");
  const streaming = services.flatMap((s) => s.methods).filter((m) => m.methodKind === "client_streaming");
  assert.ok(streaming.length >= 3, streaming.map((m) => m.name).join(", "));
  const units = await call(transports.json, org, org.methods.find((m) => m.name === "ListOrgUnits"), {}, "ADMIN");
  const unit = units.json.orgUnits[0].id;
  const file = new TextEncoder().encode(`\uFEFFAnsattnr;Navn;Enhet\r\nC1;"Connect; Kari";${unit}\r\nC2;Connect Ola;${unit}\r\nC3;Ingen;nowhere\r\n`);
  // The file in three messages, as a client would cut it.
  async function* messages() {
    yield create(importPeople.input, { options: { dryRun: true, map: { id: "Ansattnr", name: "Navn", org_unit_id: "Enhet" } } });
    for (let at = 0; at < file.length; at += 40) yield create(importPeople.input, { content: file.subarray(at, at + 40) });
  }
  const gzip = createConnectTransport({ baseUrl: http, httpVersion: "1.1", useBinaryFormat: true, sendCompression: compressionGzip, compressMinBytes: 0 });
  const results = {};
  for (const [name, transport] of Object.entries({ ...transports, gzip })) {
    const client = createClient(org, transport);
    const answer = await client.importPeople(messages(), { headers: { authorization: `Bearer ${tokens.HR.token}` } });
    results[name] = stable(toJson(importPeople.output, answer, { registry }));
  }
  assert.equal(results.grpc.dryRun, true);
  assert.equal(results.grpc.created, "2");
  assert.equal(results.grpc.rejected, "1");
  assert.equal(results.grpc.errors[0].line, "4");
  for (const name of ["binary", "json", "gzip"]) assert.deepEqual(results[name], results.grpc, name);

  // Refused alike: a token that may not import.
  for (const transport of Object.values(transports)) {
    const client = createClient(org, transport);
    await assert.rejects(
      client.importPeople(messages(), { headers: { authorization: `Bearer ${tokens.EMPLOYEE.token}` } }),
      (e) => {
        assert.equal(ConnectError.from(e).code, Code.PermissionDenied, e.message);
        return true;
      },
    );
  }
});
