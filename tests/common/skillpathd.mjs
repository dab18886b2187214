// A demo skillpathd for the Node.js tests (tests/browser/, tests/connect/):
// started on a fresh database in a temp dir, gRPC and HTTP on port 0, and
// stopped again. Only node: built-ins here, as each test folder has its own
// node_modules.
//
//   const server = await startSkillpathd({ prefix: "skillpath-web-", extraArgs: [...] });
//   ... server.httpAddress, server.grpcAddress, server.tokens.EMPLOYEE.token ...
//   stopSkillpathd(server);
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The source tree, and the binary: $SKILLPATHD_BIN (CTest sets it) or build/skillpathd.
export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const defaultBin = process.env.SKILLPATHD_BIN || join(repo, "build/skillpathd");

// Starts `bin --db <tmp>/demo.db --demo --listen 127.0.0.1:0 --http 127.0.0.1:0
// ...extraArgs` in `work` or a new temp dir named from prefix (`http`: another
// HTTP address), and resolves once both
// "gRPC listening on" and "HTTP listening on" are logged (within 60 s), to
// {child, work, db, grpcAddress, httpAddress (host:port), tokens, log()};
// tokens is the demo's <db>.demo-tokens as {[grant]: {person, token}}. If it
// does not start, it is stopped, its temp dir removed, and the promise rejects
// with its log.
export function startSkillpathd({ bin = defaultBin, prefix = "skillpath-", extraArgs = [], http = "127.0.0.1:0", work } = {}) {
  work = work || mkdtempSync(join(tmpdir(), prefix));
  const db = join(work, "demo.db");
  const child = spawn(bin, ["--db", db, "--demo", "--listen", "127.0.0.1:0", "--http", http, ...extraArgs]);
  let log = "";
  let settled = false;
  return new Promise((resolveStart, reject) => {
    const fail = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopSkillpathd({ child, work });
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`skillpathd did not start:\n${log}`)), 60000);
    const onData = (chunk) => {
      log += chunk;
      const grpc = log.match(/gRPC listening on (\S+)/);
      const http = log.match(/HTTP listening on (\S+)/);
      if (grpc && http && !settled) {
        settled = true;
        clearTimeout(timer);
        const tokens = {};
        for (const line of readFileSync(`${db}.demo-tokens`, "utf8").trim().split("\n")) {
          const [grant, person, token] = line.split("\t");
          tokens[grant] = { person, token };
        }
        resolveStart({ child, work, db, grpcAddress: grpc[1], httpAddress: http[1], tokens, log: () => log });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => fail(new Error(`skillpathd exited with ${code}:\n${log}`)));
  });
}

// Sends SIGTERM to the server and removes its temp dir; does nothing if server is undefined.
export function stopSkillpathd(server) {
  server?.child.kill("SIGTERM");
  if (server?.work) rmSync(server.work, { recursive: true, force: true });
}
