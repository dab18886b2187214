#pragma once
// How the CLI reads its inputs (dates, JSON files, enum names) and writes
// its answers (protobuf JSON, dates, numbers, padded cells).
#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>

#include <iostream>
#include <string>

#include "clients/cli/client.h"

namespace skillpath::cli {

// The answer as protobuf JSON (--json).
std::string Json(const google::protobuf::Message& m);
// With --json, prints `m` as Json and returns true (the command is done);
// otherwise false: `if (PrintedJson(c, resp)) return;` before the table.
bool PrintedJson(const Client& c, const google::protobuf::Message& m);
// What a create-or-replace answers: `stored` as JSON, or "<kind> <id> stored".
template <typename M>
void PrintStored(const Client& c, const char* kind, const M& stored) {
  if (PrintedJson(c, stored)) return;
  std::cout << kind << " " << stored.id() << " stored\n";
}
std::string ReadFile(const std::string& path);  // a Failure when it cannot be read

template <typename M>
M ParseJsonFile(const std::string& path) {
  M m;
  auto s = google::protobuf::util::JsonStringToMessage(ReadFile(path), &m);
  if (!s.ok()) throw Failure{path + ": not a valid " + m.GetTypeName() + " in JSON: " + s.ToString()};
  return m;
}

// YYYY-MM-DD or RFC 3339; a Failure naming `field` otherwise.
google::protobuf::Timestamp ParseTime(const std::string& field, const std::string& text);
// Sets the request's as_of only when given (an empty Timestamp would mean 1970).
template <typename Request>
void SetAsOf(const std::string& as_of, Request& req) {
  if (!as_of.empty()) *req.mutable_as_of() = ParseTime("--as-of", as_of);
}

std::string Date(const google::protobuf::Timestamp& t);  // YYYY-MM-DD, "" for none
std::string Time(const google::protobuf::Timestamp& t);  // YYYY-MM-DDTHH:MM:SS, "" for none
std::string Money(double v);                             // whole kroner
std::string Number(double v);
std::string Fixed(double v, int digits = 2);
std::string Percent(int part, int whole);  // "-" for 0 of 0
std::string Lower(std::string s);
std::string Upper(std::string s);
std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items);
// To `width` characters (UTF-8 aware), with "~" where cut.
std::string Shorten(const std::string& s, size_t width);
std::string PadRight(const std::string& s, size_t width);
std::string PadLeft(const std::string& s, size_t width);

std::string SourceName(v1::AssessmentSource s);
v1::AssessmentSource ParseSource(const std::string& text);  // --source
const char* ModeName(v1::LearningMode m);
std::string GrantLabel(v1::Grant g);

// Shown for a figure withheld from an AGGREGATE token.
constexpr const char* kWithheld = "(hidden)";

}  // namespace skillpath::cli
