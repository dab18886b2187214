// skillpath: the command-line client of skillpathd (gRPC).
//
//   skillpath [--server HOST:PORT] [--token T] [--json] COMMAND ...
//
// Readable tables by default, protobuf JSON with --json. A failed call prints
// its status code and message on stderr and exits non-zero. The commands are
// in clients/cli/commands/, one file per area.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"

int main(int argc, char** argv) {
  using namespace skillpath::cli;
  CLI::App app{"skillpath - command-line client of the skillpath server"};
  app.require_subcommand(1);
  Options o;
  if (const char* env = std::getenv("SKILLPATH_SERVER")) o.server = env;
  if (const char* env = std::getenv("SKILLPATH_TOKEN")) o.token = env;
  app.add_option("--server", o.server, "skillpathd gRPC address (env SKILLPATH_SERVER)")->capture_default_str();
  app.add_option("--token", o.token, "Bearer token (env SKILLPATH_TOKEN; without one, what `skillpath login` kept)");
  app.add_flag("--json", o.json, "Print the answer as protobuf JSON");
  app.add_option("--timeout", o.timeout_s, "Seconds before a call gives up")->capture_default_str();
  app.add_option("--tls-ca", o.tls_ca, "Use TLS; PEM file of the CA that signed the server's certificate");
  app.add_option("--tls-cert", o.tls_cert, "PEM client certificate, when the server asks for one");
  app.add_option("--tls-key", o.tls_key, "PEM key of --tls-cert");

  // In the order `skillpath --help` lists them.
  Commands commands(app);
  AddFrameworkCommands(commands);
  AddCatalogCommands(commands);
  AddOrgCommands(commands);
  AddAssessmentCommands(commands);
  AddGapCommands(commands);
  AddPlanCommands(commands);
  AddInboxCommands(commands);
  AddReportCommands(commands);
  AddCalendarCommands(commands);
  AddNotificationCommands(commands);
  AddAccessCommands(commands);
  AddLoginCommands(commands);

  CLI11_PARSE(app, argc, argv);
  try {
    Client client(o);
    if (commands.action()) commands.action()(client);
  } catch (const Failure& f) {
    if (!f.message.empty()) std::cerr << "skillpath: " << f.message << "\n";
    return f.exit_code;
  }
  return 0;
}
