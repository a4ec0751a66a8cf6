# From the host build (included by CMakeLists.txt when CAMNET_HOST is on): the qemu-mps2-an500
# image, built as a nested cross build of this same source tree into <host build>/firmware-qemu,
# and the `firmware` test that boots it in QEMU and checks its console and its network capture.
#
# Built wherever the cross compiler and QEMU are installed (not in the fuzzing build), from the same
# edition of each lab as this build: on the student track the board runs the student's code and
# stops at the first TODO it reaches, naming it (`camnet demo --board qemu` shows that). The boot
# test is registered only where it can pass: every lab from the reference solution.
find_program(CAMNET_ARM_GXX arm-none-eabi-g++)
find_program(CAMNET_QEMU_ARM qemu-system-arm)

set(why_not "")
if(NOT CAMNET_ARM_GXX OR NOT CAMNET_QEMU_ARM)
  set(why_not "arm-none-eabi-g++ or qemu-system-arm not found (apt-get install gcc-arm-none-eabi \
libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm, or run tools/setup.sh)")
elseif(CAMNET_FUZZ)
  set(why_not "the fuzzing build runs fuzz targets only")
endif()
if(NOT why_not STREQUAL "")
  message(STATUS "camnet: no qemu-mps2-an500 firmware image or boot test: ${why_not}")
  return()
endif()

# The nested build takes each lab's edition from this one; and the boot test needs all references.
set(lab_tracks "")
set(boot_test_why_not "")
get_property(labs GLOBAL PROPERTY CAMNET_LABS)
foreach(n IN LISTS labs)
  get_property(track GLOBAL PROPERTY CAMNET_LAB${n}_TRACK_USED)
  list(APPEND lab_tracks "-DCAMNET_LAB${n}_TRACK=${track}")
  if(NOT track STREQUAL "reference" AND boot_test_why_not STREQUAL "")
    set(boot_test_why_not "lab ${n} builds the ${track} edition, and the board stops at its first TODO")
  endif()
endforeach()

include(ExternalProject)
set(image_build "${CMAKE_BINARY_DIR}/firmware-qemu")
set(image "${image_build}/firmware/boards/qemu-mps2-an500/camera-qemu.elf")
ExternalProject_Add(camera-qemu-image
  SOURCE_DIR "${PROJECT_SOURCE_DIR}"
  BINARY_DIR "${image_build}"
  CMAKE_ARGS
    "-DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/arm-none-eabi.cmake"
    -DCAMNET_HOST=OFF
    -DCMAKE_BUILD_TYPE=MinSizeRel
    ${lab_tracks}
    -DCAMNET_WERROR=${CAMNET_WERROR}
  BUILD_COMMAND "${CMAKE_COMMAND}" --build "${image_build}" --target camera-qemu
  # Always ask the nested build: it knows which of the tree's sources the image depends on.
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS "${image}"
  INSTALL_COMMAND "")

# `camnet demo --board qemu` runs the same image.
set_property(GLOBAL PROPERTY CAMNET_QEMU_IMAGE "${image}")

if(NOT boot_test_why_not STREQUAL "")
  message(STATUS "camnet: qemu-mps2-an500 image built (`camnet demo --board qemu`), no boot test: \
${boot_test_why_not}")
  return()
endif()

add_executable(qemu_boot_test tests/test_boot.cpp)
target_link_libraries(qemu_boot_test PRIVATE camnet_test_main camnet_dissect)
target_compile_definitions(qemu_boot_test PRIVATE
  CAMNET_QEMU="${CAMNET_QEMU_ARM}"
  CAMNET_QEMU_IMAGE="${image}"
  CAMNET_BOOT_DIR="${CMAKE_CURRENT_BINARY_DIR}")
add_dependencies(qemu_boot_test camera-qemu-image)
camnet_warnings(qemu_boot_test)
camnet_discover_tests(qemu_boot_test TEST_PREFIX "firmware/"
  PROPERTIES LABELS "firmware" TIMEOUT 60)
message(STATUS "camnet: qemu-mps2-an500 image built from the host build; `ctest -L firmware` boots it")
