#include "api/convert/update_mask.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace skillpath::services {

absl::Status ApplyUpdateMask(const google::protobuf::Message& request, const google::protobuf::FieldMask& mask,
                             google::protobuf::Message* merged, const char* output_only) {
  const google::protobuf::Descriptor* d = request.GetDescriptor();
  const std::set<std::string> refused = {"id", "update_mask"};
  std::set<std::string> outputs;
  for (absl::string_view f : absl::StrSplit(output_only, ',', absl::SkipEmpty())) outputs.insert(std::string(f));
  std::vector<std::string> settable;
  for (int i = 0; i < d->field_count(); ++i) {
    const std::string& name = d->field(i)->name();
    if (!refused.count(name) && !outputs.count(name)) settable.push_back(name);
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  for (const std::string& path : mask.paths()) {
    const google::protobuf::FieldDescriptor* f = d->FindFieldByName(path);
    if (!f) f = d->FindFieldByCamelcaseName(path);
    if (!f || refused.count(f->name()) || outputs.count(f->name())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", path, "' is not a field an upsert of ", d->name(), " sets (",
          absl::StrJoin(settable, ", "), ")"));
    }
    fields.push_back(f);
  }
  // The request with only the masked fields, merged onto the stored entity
  // with those fields cleared: a masked field takes the request's value,
  // default or not, and a repeated one is replaced whole.
  std::unique_ptr<google::protobuf::Message> masked(request.New());
  masked->CopyFrom(request);
  const google::protobuf::Reflection* r = request.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (std::find(fields.begin(), fields.end(), f) == fields.end()) r->ClearField(masked.get(), f);
  }
  for (const google::protobuf::FieldDescriptor* f : fields) r->ClearField(merged, f);
  merged->MergeFrom(*masked);
  const google::protobuf::FieldDescriptor* id = d->FindFieldByName("id");
  if (id) r->SetString(merged, id, r->GetString(request, id));
  const google::protobuf::FieldDescriptor* own_mask = d->FindFieldByName("update_mask");
  if (own_mask) r->ClearField(merged, own_mask);
  return absl::OkStatus();
}

}  // namespace skillpath::services
