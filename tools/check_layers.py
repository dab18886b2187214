#!/usr/bin/env python3
"""The layer check (a ctest test, Layers.IncludesPointDown): every #include
of our own headers must point from a folder to one below it, as LAYERS says,
no folder may grow past MAX_FILES source files and no source file past
MAX_LINES lines (issue #11).

LAYERS names, for each folder, the folders it may include directly; what
those may include it may include too. A test file (*_test.cc, or any file
under a folder named tests/) may in addition include the test support of
its side: core/testing for core (core's tests stay pure), testing/ for
everything else. A folder of our own that is not listed fails the check, so
a new folder has to say where it sits.

Run from anywhere: tools/check_layers.py [SOURCE_DIR]. Exit status 1 and one
line per problem when the tree breaks a rule.
"""
import os
import re
import subprocess
import sys

# Bottom to top. Each folder: the folders it may include directly.
LAYERS = {
    # Pure domain: no I/O, no protobuf, gRPC, SQL or Asio.
    "core/model": [],
    "core/ports": ["core/model"],
    "core/gap": ["core/model"],
    "core/index": ["core/gap"],
    "core/schedule": ["core/model"],
    "core/plan": ["core/index", "core/schedule"],
    "core/currency": ["core/plan", "core/ports"],
    "core/disclosure": ["core/index"],
    "core/access": ["core/index"],
    "core/rules": ["core/ports", "core/plan"],
    "core/importing": ["core/rules"],
    "core/notify": ["core/model"],
    "core/testing": ["core/rules", "core/importing", "core/disclosure", "core/access", "core/currency", "core/notify"],
    # Shared small pieces of ours that know nothing of the domain.
    "common": [],
    # Storage: the only SQL.
    # What the stores are written against, whichever the backend (issue #16).
    "db/sql": ["core/model"],
    "db/sqlite": ["db/sql"],
    # The repositories, on db/sql alone: they never know the backend.
    "db/store": ["db/sql", "core/rules"],
    # The PostgreSQL backend (issue #16): libpq, its migrations, its statements.
    "db/postgres": ["db/sql"],
    "db": ["db/store", "db/sqlite", "db/postgres", "core/index"],
    # Several replicas on one PostgreSQL: the change log and following it.
    "db/replication": ["db"],
    # The server side.
    # Sign-in with the organisation's OpenID provider: JOSE (keys, signed
    # tokens, claims), knowing nothing of ours.
    "auth/oidc": [],
    "auth": ["db", "core/access", "auth/oidc"],
    # E-mail on the wire and to an SMTP server, knowing nothing of ours.
    "mail": [],
    "client": ["core/access"],
    "api/call": ["auth", "db", "core/disclosure", "core/access"],
    "api/convert": ["core/rules", "core/access", "core/disclosure", "core/currency"],
    "api/formats": ["api/convert", "core/rules", "common"],
    "api/bundled": [],
    # PlanService's parts beyond one file: plans that stay current, the inbox.
    "api/plans": ["api/call", "api/convert", "api/formats", "core/rules", "core/currency", "common"],
    "api": ["api/call", "api/convert", "api/formats", "api/bundled", "api/plans", "core/rules", "core/importing",
            "core/disclosure", "core/currency", "common"],
    # The Connect protocol's rules and the JSON printer, without sockets.
    "http/connect": ["common"],
    # A client-streaming call between an HTTP body and gRPC.
    "http/stream": ["http/connect"],
    "http": ["http/stream", "http/connect", "common"],
    "demo": ["client", "http"],
    "server": ["api", "http", "demo", "client", "common", "mail", "core/notify", "db/replication"],
    "cmd/skillpathd": ["server"],
    # Clients.
    "clients/cli/login": ["auth/oidc"],
    "clients/cli": ["common", "clients/cli/login"],
    "clients/cli/commands": ["clients/cli"],
    # Tests, benchmarks and fuzz targets.
    # What tests start as processes of their own: skillpathd, PostgreSQL,
    # the SMTP server, the OpenID provider.
    "testing/process": [],
    # A test's database of either backend, raw SQL on it.
    "testing/db": ["db", "db/replication", "testing/process"],
    "testing": ["server", "client", "testing/db", "testing/process"],
    "tests": ["testing", "auth/oidc"],
    "api/tests": ["api", "server", "testing", "core/testing"],
    "api/tests/gap": ["api", "server", "testing", "core/testing"],
    "bench": ["testing", "db"],
    "fuzz": ["clients/cli", "http", "api/formats"],
}

# Test support each side's tests may use besides their own layer.
TEST_SUPPORT_CORE = "core/testing"
TEST_SUPPORT = "testing"

MAX_FILES = 16  # .cc and .h files per folder (generated files aside)
MAX_LINES = 600  # lines per .cc or .h file
SOURCE = re.compile(r"\.(cc|h)$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def closure(folder, seen=None):
    seen = set() if seen is None else seen
    for dep in LAYERS.get(folder, []):
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen)
    return seen


def is_test(path):
    return path.endswith("_test.cc") or "/tests/" in "/" + path


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    files = subprocess.run(["git", "-C", root, "ls-files"], check=True, capture_output=True, text=True).stdout.split()
    ours = {os.path.dirname(f) for f in files if SOURCE.search(f)}
    problems = []
    counts = {}
    for path in files:
        if not SOURCE.search(path):
            continue
        folder = os.path.dirname(path)
        counts[folder] = counts.get(folder, 0) + 1
        if folder not in LAYERS:
            problems.append(f"{path}: folder {folder}/ has no place in tools/check_layers.py LAYERS")
            continue
        allowed = closure(folder) | {folder}
        if is_test(path):
            support = TEST_SUPPORT_CORE if folder.startswith("core/") else TEST_SUPPORT
            allowed |= {support} | closure(support)
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        lines = text.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{path}: {lines} lines, more than {MAX_LINES}: split it by topic")
        for included in INCLUDE.findall(text):
            target = os.path.dirname(included)
            if target not in ours or target in allowed:
                continue  # generated (skillpath/v1/...), third-party, or allowed
            problems.append(f"{path}: includes {included}, but {folder}/ may not depend on {target}/")
    for folder, n in sorted(counts.items()):
        if n > MAX_FILES:
            problems.append(f"{folder}/: {n} source files, more than {MAX_FILES}")
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)")
        return 1
    print(f"check_layers: {len(counts)} folders, {sum(counts.values())} files, every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
