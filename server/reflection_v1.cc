#include "server/reflection_v1.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <unordered_set>

namespace skillpath::services {
namespace {

namespace rv1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

// `file` and what it imports, each file once (the protocol lets a server
// leave out files it sent before; we send every answer whole, which any
// client can use without remembering earlier answers).
void AddFileAndImports(const FileDescriptor* file, std::unordered_set<std::string>* seen,
                       rv1::FileDescriptorResponse* out) {
  if (!seen->insert(file->name()).second) return;
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  proto.SerializeToString(out->add_file_descriptor_proto());
  for (int i = 0; i < file->dependency_count(); ++i) AddFileAndImports(file->dependency(i), seen, out);
}

void SetError(grpc::StatusCode code, const std::string& message, rv1::ServerReflectionResponse* out) {
  out->mutable_error_response()->set_error_code(code);
  out->mutable_error_response()->set_error_message(message);
}

// The answer to a request for a file: `file` with its imports, or NOT_FOUND
// with `not_found` when there is none.
void AnswerWithFile(const FileDescriptor* file, const char* not_found, rv1::ServerReflectionResponse* out) {
  if (!file) return SetError(grpc::StatusCode::NOT_FOUND, not_found, out);
  std::unordered_set<std::string> seen;
  AddFileAndImports(file, &seen, out->mutable_file_descriptor_response());
}

// One reflection stream: each request read is answered before the next read,
// so answers keep the order of the requests and at most one write is ever
// outstanding.
class ReflectionReactor final : public grpc::ServerBidiReactor<rv1::ServerReflectionRequest, rv1::ServerReflectionResponse> {
 public:
  explicit ReflectionReactor(const ReflectionV1Service& service) : service_(service) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::OK);  // the client has no more questions
    response_ = service_.Answer(request_);
    StartWrite(&response_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    StartRead(&request_);
  }
  void OnDone() override { delete this; }

 private:
  const ReflectionV1Service& service_;
  rv1::ServerReflectionRequest request_;
  rv1::ServerReflectionResponse response_;
};

}  // namespace

grpc::ServerBidiReactor<rv1::ServerReflectionRequest, rv1::ServerReflectionResponse>*
ReflectionV1Service::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionReactor(*this);
}

rv1::ServerReflectionResponse ReflectionV1Service::Answer(const rv1::ServerReflectionRequest& request) const {
  // grpc's v1alpha service answers from the generated pool too: every
  // message, service and import compiled into the server.
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  rv1::ServerReflectionResponse out;
  out.set_valid_host(request.host());
  *out.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case rv1::ServerReflectionRequest::kFileByFilename:
      AnswerWithFile(pool->FindFileByName(request.file_by_filename()), "File not found.", &out);
      break;
    case rv1::ServerReflectionRequest::kFileContainingSymbol:
      AnswerWithFile(pool->FindFileContainingSymbol(request.file_containing_symbol()), "Symbol not found.", &out);
      break;
    case rv1::ServerReflectionRequest::kFileContainingExtension: {
      const auto& ext = request.file_containing_extension();
      const auto* type = pool->FindMessageTypeByName(ext.containing_type());
      const auto* field = type ? pool->FindExtensionByNumber(type, ext.extension_number()) : nullptr;
      if (!type) {
        SetError(grpc::StatusCode::NOT_FOUND, "Type not found.", &out);
      } else {
        AnswerWithFile(field ? field->file() : nullptr, "Extension not found.", &out);
      }
      break;
    }
    case rv1::ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const auto* type = pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (!type) {
        SetError(grpc::StatusCode::NOT_FOUND, "Type not found.", &out);
        break;
      }
      std::vector<const google::protobuf::FieldDescriptor*> extensions;
      pool->FindAllExtensions(type, &extensions);
      auto* numbers = out.mutable_all_extension_numbers_response();
      numbers->set_base_type_name(type->full_name());
      for (const auto* e : extensions) numbers->add_extension_number(e->number());
      break;
    }
    case rv1::ServerReflectionRequest::kListServices:
      for (const std::string& name : services_) out.mutable_list_services_response()->add_service()->set_name(name);
      break;
    case rv1::ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      SetError(grpc::StatusCode::INVALID_ARGUMENT,
               "message_request: set one of file_by_filename, file_containing_symbol, file_containing_extension, "
               "all_extension_numbers_of_type, list_services",
               &out);
      break;
  }
  return out;
}

}  // namespace skillpath::services
