# Catch2, either major version: 2.x (Debian 12's `catch2` package, what students and CI build with)
# or 3.x (Ubuntu 24.04's, Gradescope's base image; .ci/check-catch2-v3 builds against one). Both give
# Catch2::Catch2, the library without a main (camnet's test programs have their own,
# common/camnet/testing/test_main.cpp), and catch_discover_tests. The test sources include
# camnet/testing/catch.hpp, never Catch2's headers: common/CMakeLists.txt tells it which version
# this is (CAMNET_CATCH2_MAJOR), so that the headers compiled are those of the library linked.
# With both installed, CMAKE_PREFIX_PATH chooses: -DCMAKE_PREFIX_PATH=/opt/catch2-v3 finds v3 first.
find_package(Catch2 REQUIRED)
include(Catch)
if(NOT Catch2_VERSION_MAJOR MATCHES "^[23]$")
  message(FATAL_ERROR "camnet builds with Catch2 2.x or 3.x, not ${Catch2_VERSION} (${Catch2_DIR})")
endif()
message(STATUS "camnet: Catch2 ${Catch2_VERSION} (${Catch2_DIR})")

# catch_discover_tests, as camnet's tests need it whichever Catch2: v3's (from 3.7.1) gives every
# test SKIP_RETURN_CODE 4 (its SKIP()), after the properties given, unless told SKIP_IS_FAILURE,
# while a camnet test that cannot run here exits with CAMNET_SKIP_CODE (camnet/testing/skip.hpp).
# (Earlier v3 releases, Ubuntu 24.04's 3.4 among them, set no skip code and ignore the word.)
function(camnet_discover_tests target)
  if(Catch2_VERSION_MAJOR GREATER_EQUAL 3)
    catch_discover_tests(${target} SKIP_IS_FAILURE ${ARGN})
  else()
    catch_discover_tests(${target} ${ARGN})
  endif()
endfunction()
