# Checks that a test program's failed checks would print every value they compare, never Catch's
# {?} for a type it cannot print. Runs every test of the program once, with -s so that passing
# checks are reported too; camnet's test main (camnet/testing/test_main.cpp), told so by
# CAMNET_FIND_UNPRINTABLE, lists each check whose expansion or captured values hold {?}.
# Whether the tests pass does not matter here (on the student track most stop at a TODO).
# Run as: cmake -DEXE=lab1_tests -P check_printers.cmake
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env CAMNET_FIND_UNPRINTABLE=1 "${EXE}" -s --out /dev/null
  OUTPUT_QUIET
  ERROR_VARIABLE found
  RESULT_VARIABLE status)
string(REGEX MATCHALL "camnet: unprintable value: [^\n]*\n[^\n]*" lines "${found}")
list(REMOVE_DUPLICATES lines)  # a check in a loop is listed once
list(LENGTH lines count)
if(count GREATER 0)
  list(JOIN lines "\n" text)
  message(FATAL_ERROR "${count} checks would print {?} when they fail: give the type a printer "
                      "(camnet/testing/printers.hpp, or the lab's tests/printers.hpp)\n${text}")
endif()
message(STATUS "${EXE}: every compared value has a printer")
