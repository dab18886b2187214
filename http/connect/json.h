#pragma once
// Messages to JSON per protobuf's JSON mapping, with fields at their default
// value printed (as JsonPrintOptions::always_print_primitive_fields does),
// written straight into one string. protobuf's own printer builds a tree of
// nodes per answer to print the defaults, which made it the largest single
// cost of an HTTP call; this one walks the message with reflection. Types
// it does not handle itself (maps, well-known types other than Timestamp)
// are printed by protobuf's printer, so the output is always the mapping's.
#include <google/protobuf/message.h>

#include <string>
#include <string_view>

namespace skillpath::services {

// Appends `message` as a JSON object (compact, no whitespace) to `out`.
void AppendJson(const google::protobuf::Message& message, std::string* out);

std::string ToJson(const google::protobuf::Message& message);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view text);

}  // namespace skillpath::services
