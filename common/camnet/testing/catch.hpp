// Catch2, whichever of its two major versions this machine has: every camnet test includes this
// header, never Catch2's own.
//   Catch2 2.x  <catch2/catch.hpp>: Debian 12's `catch2` package, what students and CI build with.
//   Catch2 3.x  <catch2/catch_all.hpp>: Ubuntu 24.04's (Gradescope's base image); .ci/check-catch2-v3.
// The tests are written in v2's spelling; with v3, the matchers they use are brought back under
// their v2 names below (v3 moved them into Catch::Matchers and renamed Contains for strings).
//
// Which version: CAMNET_CATCH2_MAJOR, which CMake defines from the Catch2 that find_package found
// (common/CMakeLists.txt), so that the headers always match the library linked, even on a machine
// that has both; without it (a file compiled outside camnet's CMake), whichever header is there.
#pragma once

#ifndef CAMNET_CATCH2_MAJOR
#if __has_include(<catch2/catch_all.hpp>)
#define CAMNET_CATCH2_MAJOR 3
#else
#define CAMNET_CATCH2_MAJOR 2
#endif
#endif

#if CAMNET_CATCH2_MAJOR >= 3

#include <string>

#include <catch2/catch_all.hpp>

namespace Catch {

// v2's string matchers, by their v2 names: CHECK_THAT(text, Catch::Contains("...")).
inline Matchers::StringContainsMatcher Contains(const std::string& text,
                                                CaseSensitive cases = CaseSensitive::Yes) {
  return Matchers::ContainsSubstring(text, cases);
}
using Matchers::EndsWith;
using Matchers::Matches;
using Matchers::StartsWith;

}  // namespace Catch

#else

#include <catch2/catch.hpp>

#endif
