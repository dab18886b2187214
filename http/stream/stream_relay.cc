#include "http/stream/stream_relay.h"

#include "absl/strings/str_cat.h"

namespace skillpath::services {

StreamRelay::StreamRelay(std::function<void()> read_body, std::function<void(Answer)> answer)
    : read_body_(std::move(read_body)), answer_(std::move(answer)) {}

void StreamRelay::Refuse(ConnectError error) {
  refused_ = std::move(error);
  Pump();
}

void StreamRelay::Start(const google::protobuf::MethodDescriptor& method, EnvelopeReader reader,
                        std::shared_ptr<GrpcClientStream> grpc) {
  method_ = &method;
  codec_ = reader.codec();
  reader_.emplace(std::move(reader));
  grpc_ = std::move(grpc);
  Pump();
}

void StreamRelay::OnBody(std::string_view bytes, bool done) {
  reading_ = false;
  body_done_ = done;
  if (!bytes.empty() && reader_ && !finished_) {
    auto messages = reader_->Feed(bytes);
    if (auto* error = std::get_if<ConnectError>(&messages)) {
      Fail(std::move(*error));
    } else {
      for (std::string& m : std::get<std::vector<std::string>>(messages)) queue_.push_back(std::move(m));
    }
  }
  Pump();
}

void StreamRelay::OnBodyTooLarge(size_t limit) {
  reading_ = false;
  body_done_ = true;
  close_ = true;
  Fail(ConnectError{grpc::RESOURCE_EXHAUSTED, absl::StrCat("the request body is larger than ", limit, " bytes"), 0, {}});
  Pump();
}

void StreamRelay::OnBodyBroken() {
  reading_ = false;
  body_done_ = true;
  broken_ = true;
  Fail(ConnectError{grpc::CANCELLED, "the connection failed while the body was read", 0, {}});
  Pump();
}

void StreamRelay::OnWritten(bool ok) {
  writing_ = false;
  if (!ok && !finished_) {  // the call has ended: its status comes next
    finished_ = true;
    queue_.clear();
    grpc_->Cancel();
  }
  Pump();
}

void StreamRelay::OnDone(const grpc::Status& status, std::string response) {
  grpc_done_ = true;
  status_ = status;
  response_ = std::move(response);
  Pump();
}

void StreamRelay::Fail(ConnectError error) {
  if (!error_) error_ = std::move(error);
  queue_.clear();
  if (grpc_ && !finished_) {
    finished_ = true;
    grpc_->Cancel();
  }
}

void StreamRelay::Pump() {
  if (answered_) return;
  if (grpc_ && !writing_ && !finished_) {
    if (!queue_.empty()) {
      writing_ = true;
      grpc_->Write(queue_.front());
      queue_.pop_front();
    } else if (body_done_) {
      finished_ = true;
      if (auto error = reader_->Finish()) {
        error_ = std::move(error);
        grpc_->Cancel();
      } else {
        grpc_->Finish();
      }
    }
  }
  if (!body_done_ && !reading_ && queue_.size() < 2) {
    reading_ = true;
    return read_body_();
  }
  if (body_done_ && !reading_ && (!grpc_ || grpc_done_)) Finish();
}

void StreamRelay::Finish() {
  answered_ = true;
  Answer answer;
  answer.codec = codec_;
  answer.close = close_;
  answer.broken = broken_;
  if (refused_) {
    answer.refused = std::move(refused_);
  } else if (error_) {
    answer.body = EncodeStreamError(*error_);
  } else if (!status_.ok()) {
    answer.body = EncodeStreamError(ConnectError{status_.error_code(), status_.error_message(), 0, {}});
  } else {
    auto encoded = EncodeStreamAnswer(*method_, codec_, response_);
    if (auto* error = std::get_if<ConnectError>(&encoded)) {
      answer.body = EncodeStreamError(*error);
    } else {
      answer.body = std::move(std::get<std::string>(encoded));
    }
  }
  grpc_.reset();
  answer_(std::move(answer));
}

}  // namespace skillpath::services
