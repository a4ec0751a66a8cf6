# camnet_lab(): one lab = one stack library, one test program, and a `checkN` target.
#
#   camnet_lab(NUMBER 1 FOLDER 01-frame
#              SOURCES frame/ethernet.cpp ...   # relative to the lab folder, in either edition
#              TESTS tests/test_ethernet.cpp ...  # under labs/ only: both editions share the tests
#              PRINTERS tests/printers.hpp        # how the lab's types print in a failed check
#              PRINTER_TESTS tests/test_printers.cpp  # ... and the proof that they do
#              FUZZ tests/fuzz_ethernet.cpp)
#
# The library `camnet_lab<N>` is built from solutions/<FOLDER> (reference track) or labs/<FOLDER>
# (student track), as CAMNET_LAB<N>_TRACK or CAMNET_TRACK says, and links the previous lab's library.
# Its tests become one CTest test per TEST_CASE, labelled `lab<N>`, each with a timeout, so a crash
# or a hang costs one test. `checkN` builds and runs the tests of labs 1 to N.
#
# PRINTERS (Catch2 StringMaker specialisations, camnet/testing/printers.hpp explains them) become
# the INTERFACE library `camnet_lab<N>_printers`, which puts the header in front of every source of
# a test program that links it (`-include`): lab N's tests, and any other test program comparing
# lab N's types, get them without an include in each file. PRINTER_TESTS are not lab tests (they
# grade nothing, and pass on either track): a program `lab<N>_printer_tests`, labelled `common`.

# The grader's limit too (camnet grade --timeout, 10 s by default): a test that passes here in
# time passes there.
set(CAMNET_TEST_TIMEOUT 10 CACHE STRING "Seconds one test may run before CTest stops it")
# A test that cannot run here (it needs root, say) exits with this code; CTest reports it as skipped
# (see camnet/testing/skip.hpp).
set(CAMNET_SKIP_CODE 77)
set_property(GLOBAL PROPERTY CAMNET_LABS "")

function(camnet_lab)
  cmake_parse_arguments(LAB "" "NUMBER;FOLDER;PRINTERS" "SOURCES;TESTS;PRINTER_TESTS;FUZZ" ${ARGN})
  set(n ${LAB_NUMBER})
  set(CAMNET_LAB${n}_TRACK "" CACHE STRING "Edition of lab ${n}: reference, student, or empty to follow CAMNET_TRACK")
  set(track "${CAMNET_LAB${n}_TRACK}")
  if(track STREQUAL "")
    set(track "${CAMNET_TRACK}")
  endif()
  if(track STREQUAL "reference")
    set(root "${PROJECT_SOURCE_DIR}/solutions/${LAB_FOLDER}")
  elseif(track STREQUAL "student")
    set(root "${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}")
  else()
    message(FATAL_ERROR "CAMNET_LAB${n}_TRACK / CAMNET_TRACK must be 'reference' or 'student', not '${track}'")
  endif()
  message(STATUS "camnet: lab ${n} (${LAB_FOLDER}) builds the ${track} edition from ${root}")

  list(TRANSFORM LAB_SOURCES PREPEND "${root}/")
  set(lib camnet_lab${n})
  add_library(${lib} STATIC ${LAB_SOURCES})
  target_include_directories(${lib} PUBLIC "${root}")
  get_property(previous GLOBAL PROPERTY CAMNET_LABS)
  list(LENGTH previous count)
  if(count GREATER 0)
    list(GET previous -1 last)
    target_link_libraries(${lib} PUBLIC camnet_lab${last})
  else()
    target_link_libraries(${lib} PUBLIC camnet_stack)
  endif()
  camnet_warnings(${lib})
  if(track STREQUAL "student")
    # The TODO stubs leave parameters and helpers unused until the student fills them in; and a
    # student's half-written code should not stop the other labs from building.
    target_compile_options(${lib} PRIVATE -Wno-unused-parameter -Wno-unused-function
                                          -Wno-unused-variable -Wno-unused-but-set-variable
                                          -Wno-unused-private-field -Wno-error)
  endif()
  set_property(GLOBAL APPEND PROPERTY CAMNET_LABS ${n})
  set_property(GLOBAL PROPERTY CAMNET_LAB${n}_TRACK_USED ${track})

  if(NOT CAMNET_HOST)
    return()
  endif()

  set(printers camnet_lab${n}_printers)
  add_library(${printers} INTERFACE)
  target_link_libraries(${printers} INTERFACE ${lib})
  if(LAB_PRINTERS)
    target_compile_options(${printers} INTERFACE
      "SHELL:-include ${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}/${LAB_PRINTERS}")
  endif()

  set(tests lab${n}_tests)
  list(TRANSFORM LAB_TESTS PREPEND "${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}/")
  add_executable(${tests} ${LAB_TESTS})
  target_link_libraries(${tests} PRIVATE ${lib} ${printers} camnet_test_main)
  target_compile_definitions(${tests} PRIVATE
    CAMNET_LAB_DIR="${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}"
    CAMNET_CORPUS_DIR="${CAMNET_CORPUS_DIR}")
  if(EXISTS "${CAMNET_CORPUS_DIR}")
    target_compile_definitions(${tests} PRIVATE CAMNET_HAVE_CORPUS)
  endif()
  camnet_warnings(${tests})
  # The grader's scratch build runs no test program while it builds (listing a program's tests
  # runs the student's code, outside the grader's sandbox): the grader lists and runs them itself.
  if(NOT CAMNET_GRADING_BUILD)
    # CAMNET_TEST_TIMEOUT tells the test's own watchdog (camnet/testing/test_main.cpp) to stop it a
    # second early, printing the steps it took, instead of leaving CTest to kill it without a word.
    camnet_discover_tests(${tests}
      TEST_PREFIX "lab${n}/"
      PROPERTIES LABELS "lab${n}" TIMEOUT ${CAMNET_TEST_TIMEOUT} SKIP_RETURN_CODE ${CAMNET_SKIP_CODE}
                 ENVIRONMENT "CAMNET_TEST_TIMEOUT=${CAMNET_TEST_TIMEOUT}")
    camnet_test_conventions(${tests} ${n} "lab${n} tests")
  endif()

  if(LAB_PRINTER_TESTS)
    list(TRANSFORM LAB_PRINTER_TESTS PREPEND "${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}/")
    add_executable(lab${n}_printer_tests ${LAB_PRINTER_TESTS})
    target_link_libraries(lab${n}_printer_tests PRIVATE ${lib} ${printers} camnet_test_main)
    camnet_warnings(lab${n}_printer_tests)
    camnet_discover_tests(lab${n}_printer_tests TEST_PREFIX "common/lab${n} printers/"
      PROPERTIES LABELS "common" TIMEOUT ${CAMNET_TEST_TIMEOUT})
  endif()

  if(CAMNET_FUZZ AND LAB_FUZZ)
    foreach(source IN LISTS LAB_FUZZ)
      get_filename_component(name "${source}" NAME_WE)
      add_executable(${name} "${PROJECT_SOURCE_DIR}/labs/${LAB_FOLDER}/${source}")
      target_link_libraries(${name} PRIVATE ${lib} camnet_host)
      target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
      target_link_options(${name} PRIVATE -fsanitize=fuzzer)
      set_property(GLOBAL APPEND PROPERTY CAMNET_FUZZ_TARGETS ${name})
    endforeach()
  endif()
endfunction()

# The conventions every graded test program keeps, as two tests named "conventions/<WHAT> ...":
# every test declares its lab and points (the grader reads them from the tags), and a failed check
# shows every value it compared, never Catch's {?} (check_printers.cmake).
function(camnet_test_conventions program lab what)
  add_test(NAME "conventions/${what} declare their lab and points"
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${program}> -DLAB=${lab}
            -P "${PROJECT_SOURCE_DIR}/cmake/check_test_tags.cmake")
  set_tests_properties("conventions/${what} declare their lab and points"
    PROPERTIES LABELS "common" TIMEOUT 60)
  add_test(NAME "conventions/${what} print every value they compare"
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${program}>
            -P "${PROJECT_SOURCE_DIR}/cmake/check_printers.cmake")
  set_tests_properties("conventions/${what} print every value they compare"
    PROPERTIES LABELS "common" TIMEOUT 120)
endfunction()

# After every lab is declared: the cumulative check targets.
function(camnet_finish_labs)
  if(NOT CAMNET_HOST)
    return()
  endif()
  get_property(labs GLOBAL PROPERTY CAMNET_LABS)
  set(so_far "")
  set(exes "")
  foreach(n IN LISTS labs)
    list(APPEND so_far "lab${n}")
    list(APPEND exes "lab${n}_tests")
    if(TARGET lab${n}_printer_tests)
      list(APPEND exes "lab${n}_printer_tests")
    endif()
    list(JOIN so_far "|" pattern)
    add_custom_target(check${n}
      COMMAND ${CMAKE_CTEST_COMMAND} --output-on-failure -L "^(${pattern})$"
      DEPENDS ${exes}
      WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
      USES_TERMINAL
      # VERBATIM: the label pattern's `$`, `(` and `|` must reach CTest as written, not be taken
      # by Ninja (`$`) or by the shell (`(`, `|`).
      VERBATIM
      COMMENT "Running the tests of labs 1 to ${n}")
  endforeach()
endfunction()

# The target `fuzzers`: every fuzz target the labs and tools declared (CAMNET_FUZZ_TARGETS) and
# fuzz_seeds, which .ci/run-fuzzers needs, so that a fuzz build need not compile the whole tree.
function(camnet_add_fuzzers_target)
  get_property(targets GLOBAL PROPERTY CAMNET_FUZZ_TARGETS)
  add_custom_target(fuzzers DEPENDS fuzz_seeds ${targets})
endfunction()
