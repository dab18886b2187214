# What keeps a clean build on two cores short (docs/PERFORMANCE.md, "Build
# time"): precompiled headers where most files include the same heavy
# headers, and test code compiled for speed of compiling.

# Precompiled headers: gRPC, the generated stubs and GoogleTest, parsed once
# per target instead of once per file. -DSKILLPATH_PCH=OFF builds without
# them, as `./dev asan` does, so a file that forgot an include of its own is
# still found.
option(SKILLPATH_PCH "Precompiled headers for the targets that include gRPC or GoogleTest" ON)

set(SKILLPATH_PCH_GRPC <grpcpp/grpcpp.h> <google/protobuf/util/json_util.h> <google/protobuf/util/time_util.h>)
foreach(service assessment auth catalog framework gap org plan report)
  list(APPEND SKILLPATH_PCH_GRPC <skillpath/v1/${service}.grpc.pb.h>)
endforeach()
set(SKILLPATH_PCH_TEST <gmock/gmock.h> <gtest/gtest.h>)
set(SKILLPATH_PCH_CLI <CLI/CLI.hpp>)

# skillpath_pch(TARGET GRPC TEST CLI): TARGET's files compiled with the
# named sets precompiled.
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

# skillpath_test_code(TARGET LEVEL): in an optimised build (RelWithDebInfo,
# Release), a test executable's own files at -O<LEVEL> and without debug
# info; what they test, the libraries, stays as built. LEVEL 0 for tests
# that wait on calls and processes (they compile in about a third of the
# time and run as fast), 1 for tests that compute (exhaustive checkers).
# GoogleTest names the file and line of a failure either way.
# -DSKILLPATH_FAST_TEST_CODE=OFF (./dev asan, whose reports name the test's
# lines too) or a Debug build compile them as everything else.
option(SKILLPATH_FAST_TEST_CODE "Test code at a low -O and without debug info in optimised builds" ON)
function(skillpath_test_code target level)
  if(NOT SKILLPATH_FAST_TEST_CODE)
    return()
  endif()
  target_compile_options(${target} PRIVATE "$<$<CONFIG:RelWithDebInfo,Release>:-O${level};-g0>")
endfunction()
