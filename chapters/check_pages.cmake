# Checks that the chapter pages still show what the programs print today, or with UPDATE=ON
# rewrites the pasted output.
#
#   cmake -DPAGES_DIR=chapters -DCAMNET=build/default/tools/camnet/camnet \
#         -DEXAMPLES_DIR=build/default/chapters [-DUPDATE=ON] -P chapters/check_pages.cmake
#
# A page marks each pasted output with the command that produced it, run from the top of the
# repository; the ```text block right after the marker is compared with what the command prints now
# (trailing spaces ignored):
#
#   <!-- output: camnet explain labs/01-frame/captures/qinq.pcap -n 1 -->
#   ```text
#   ...
#   ```
#
# The command starts with `camnet` (the tool) or with the name of an example (`chapter_...`).
cmake_minimum_required(VERSION 3.25)

foreach(required PAGES_DIR CAMNET EXAMPLES_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "check_pages.cmake: give -D${required}=... (see the comment at the top)")
  endif()
endforeach()
get_filename_component(pages "${PAGES_DIR}" ABSOLUTE)
get_filename_component(root "${pages}/.." ABSOLUTE)
get_filename_component(camnet "${CAMNET}" ABSOLUTE)
get_filename_component(examples "${EXAMPLES_DIR}" ABSOLUTE)

# Trailing spaces on a line and blank lines at the end do not count.
function(normalize text out)
  string(REGEX REPLACE "[ \t]+\n" "\n" text "${text}")
  string(REGEX REPLACE "[ \t\n]+$" "" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(marker "<!-- output: ")
set(open_fence "```text\n")
set(close_fence "\n```")
string(LENGTH "${marker}" marker_length)
string(LENGTH "${open_fence}" open_length)
set(stale "")
set(checked 0)

file(GLOB page_files "${pages}/*.md")
foreach(page IN LISTS page_files)
  get_filename_component(page_name "${page}" NAME)
  file(READ "${page}" rest)
  set(rewritten "")
  while(TRUE)
    string(FIND "${rest}" "${marker}" at)
    if(at EQUAL -1)
      string(APPEND rewritten "${rest}")
      break()
    endif()
    # Everything up to the marker stays as it is.
    string(SUBSTRING "${rest}" 0 ${at} before)
    string(APPEND rewritten "${before}")
    string(SUBSTRING "${rest}" ${at} -1 rest)

    string(FIND "${rest}" " -->" end)
    string(FIND "${rest}" "${open_fence}" open)
    if(end EQUAL -1 OR open EQUAL -1)
      message(FATAL_ERROR "${page_name}: an output marker without ' -->' or a ```text block after it")
    endif()
    math(EXPR command_length "${end} - ${marker_length}")
    string(SUBSTRING "${rest}" ${marker_length} ${command_length} command)
    math(EXPR body_at "${open} + ${open_length}")
    string(SUBSTRING "${rest}" 0 ${body_at} head)  # the marker line and the opening fence
    string(SUBSTRING "${rest}" ${body_at} -1 rest)
    string(FIND "${rest}" "${close_fence}" close)
    if(close EQUAL -1)
      message(FATAL_ERROR "${page_name}: the output block of '${command}' is not closed")
    endif()
    string(SUBSTRING "${rest}" 0 ${close} shown)
    string(SUBSTRING "${rest}" ${close} -1 rest)

    separate_arguments(words UNIX_COMMAND "${command}")
    list(POP_FRONT words program)
    if(program STREQUAL "camnet")
      set(exe "${camnet}")
    elseif(program MATCHES "^chapter_[a-z_]+$")
      set(exe "${examples}/${program}")
    else()
      message(FATAL_ERROR "${page_name}: unknown program '${program}' in an output marker")
    endif()
    execute_process(COMMAND "${exe}" ${words} WORKING_DIRECTORY "${root}"
                    OUTPUT_VARIABLE printed ERROR_VARIABLE errors RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "${page_name}: '${command}' failed (${status}): ${errors}")
    endif()
    normalize("${printed}" printed)
    normalize("${shown}" shown)
    math(EXPR checked "${checked} + 1")
    if(NOT printed STREQUAL shown)
      string(APPEND stale "${page_name}: the output of '${command}' has changed.\n"
                          "--- on the page:\n${shown}\n--- printed now:\n${printed}\n\n")
    endif()
    string(APPEND rewritten "${head}${printed}")
  endwhile()
  if(UPDATE)
    file(READ "${page}" original)
    if(NOT rewritten STREQUAL original)
      file(WRITE "${page}" "${rewritten}")
      message(STATUS "updated ${page_name}")
    endif()
  endif()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "check_pages.cmake: no output blocks found in ${pages}/*.md")
endif()
if(stale AND NOT UPDATE)
  message("${stale}")  # unformatted, so the two outputs line up
  message(FATAL_ERROR "Some pages are out of date; refresh them with -DUPDATE=ON (see the README, "The chapter pages' output").")
endif()
message(STATUS "${checked} pasted outputs checked: all current")
