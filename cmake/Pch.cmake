# Precompiled headers: the heavy headers nearly every file of a target
# includes (gRPC, the generated stubs, GoogleTest, Beast), parsed once per
# target instead of once per file. A clean build on two cores takes about a
# third less (docs/PERFORMANCE.md, "Build time"). -DSKILLPATH_PCH=OFF builds
# without them, as `./dev asan` does, so a file that forgot an include of its
# own is still found.
option(SKILLPATH_PCH "Precompiled headers for the targets that include gRPC, GoogleTest or Beast" ON)

set(SKILLPATH_PCH_GRPC <grpcpp/grpcpp.h> <google/protobuf/util/json_util.h> <google/protobuf/util/time_util.h>)
foreach(service assessment auth catalog framework gap org plan report)
  list(APPEND SKILLPATH_PCH_GRPC <skillpath/v1/${service}.grpc.pb.h>)
endforeach()
set(SKILLPATH_PCH_TEST <gmock/gmock.h> <gtest/gtest.h>)
set(SKILLPATH_PCH_BEAST <boost/asio/ip/tcp.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp> <boost/beast/ssl.hpp>)
set(SKILLPATH_PCH_CLI <CLI/CLI.hpp>)

# skillpath_pch(TARGET GRPC TEST BEAST CLI): TARGET's files compiled with
# the named sets precompiled.
function(skillpath_pch target)
  if(NOT SKILLPATH_PCH)
    return()
  endif()
  set(headers "")
  foreach(set IN LISTS ARGN)
    list(APPEND headers ${SKILLPATH_PCH_${set}})
  endforeach()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
