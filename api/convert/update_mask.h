#pragma once
// An upsert's update_mask (skillpath/v1/common.proto): the entity to store
// is the stored one with the mask's fields taken from the request.

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include "absl/status/status.h"

namespace skillpath::services {

// `merged` holds the stored entity (or is empty for one not stored yet);
// afterwards it has the request's id and, for each path of `mask`, the
// request's value of that field (a repeated field whole). INVALID_ARGUMENT
// "update_mask: ..." for a path that is not a top-level field of the
// entity, for `id` and `update_mask`, and for output-only fields
// (`output_only`, comma-separated).
absl::Status ApplyUpdateMask(const google::protobuf::Message& request, const google::protobuf::FieldMask& mask,
                             google::protobuf::Message* merged, const char* output_only = "");

}  // namespace skillpath::services

#include "absl/status/statusor.h"
#include "api/convert/convert.h"
#include "core/model/errors.h"

namespace skillpath::services {

// What an upsert stores on the wire: `request` itself without a mask;
// with one, the entity `find()` returns (a StatusOr<std::optional<core
// type>>; nullopt: not stored yet) with the masked fields from `request`.
template <typename Message, typename Find>
absl::StatusOr<Message> Upserted(const Message& request, const Find& find, const char* output_only = "") {
  if (request.update_mask().paths_size() == 0) return request;
  Message merged;
  ASSIGN_OR_RETURN(auto stored, find());
  if (stored) ToProto(*stored, &merged);
  RETURN_IF_ERROR(ApplyUpdateMask(request, request.update_mask(), &merged, output_only));
  return merged;
}

}  // namespace skillpath::services
