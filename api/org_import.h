#pragma once
// OrgService.ImportOrgUnits and ImportPeople (issue #13): the reactor that
// reads the streamed file, has it read as a table (common/table_file.h) on
// the worker pool, and plans and applies it (core/importing/) as one job of
// the writer, so the difference is computed against exactly what the
// transaction sees.

#include <grpcpp/grpcpp.h>

#include "api/call/handler.h"
#include "core/importing/org_import.h"

namespace skillpath::services {

struct OrgImport {
  // The file's bytes a call may send in all.
  static constexpr size_t kMaxBytes = 256u << 20;
  // Changes and problems listed in an answer; beyond, only counted.
  static constexpr size_t kMaxListed = 10000;
};

// The reactor of one import call (`method` its full name, for access and
// audit); it deletes itself when done.
grpc::ServerReadReactor<grpc::ByteBuffer>* StartOrgImport(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                          core::ImportKind kind, const char* method,
                                                          grpc::ByteBuffer* response);

}  // namespace skillpath::services
