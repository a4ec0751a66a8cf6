# From the host build (included by CMakeLists.txt when CAMNET_HOST is on): the qemu-mps2-an500
# image, built as a nested cross build of this same source tree into <host build>/firmware-qemu,
# and the `firmware` test that boots it in QEMU and checks its console and its network capture.
#
# Registered only where it can pass: the cross compiler and QEMU are installed, every lab is built
# from the reference solution (on the student track the board would stop at the first TODO), and
# this is not the fuzzing build. Otherwise one STATUS line says why.
find_program(CAMNET_ARM_GXX arm-none-eabi-g++)
find_program(CAMNET_QEMU_ARM qemu-system-arm)

set(why_not "")
if(NOT CAMNET_ARM_GXX OR NOT CAMNET_QEMU_ARM)
  set(why_not "arm-none-eabi-g++ or qemu-system-arm not found (apt-get install gcc-arm-none-eabi \
libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)")
elseif(CAMNET_FUZZ)
  set(why_not "the fuzzing build runs fuzz targets only")
else()
  get_property(labs GLOBAL PROPERTY CAMNET_LABS)
  foreach(n IN LISTS labs)
    get_property(track GLOBAL PROPERTY CAMNET_LAB${n}_TRACK_USED)
    if(NOT track STREQUAL "reference" AND why_not STREQUAL "")
      set(why_not "lab ${n} builds the ${track} edition, and the board would stop at its first TODO")
    endif()
  endforeach()
endif()
if(NOT why_not STREQUAL "")
  message(STATUS "camnet: no qemu-mps2-an500 firmware image or boot test: ${why_not}")
  return()
endif()

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
    -DCAMNET_TRACK=reference
    -DCAMNET_WERROR=${CAMNET_WERROR}
  BUILD_COMMAND "${CMAKE_COMMAND}" --build "${image_build}" --target camera-qemu
  # Always ask the nested build: it knows which of the tree's sources the image depends on.
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS "${image}"
  INSTALL_COMMAND "")

# `camnet demo --board qemu` runs the same image.
set_property(GLOBAL PROPERTY CAMNET_QEMU_IMAGE "${image}")

add_executable(qemu_boot_test tests/test_boot.cpp)
target_link_libraries(qemu_boot_test PRIVATE camnet_test_main camnet_dissect)
target_compile_definitions(qemu_boot_test PRIVATE
  CAMNET_QEMU="${CAMNET_QEMU_ARM}"
  CAMNET_QEMU_IMAGE="${image}"
  CAMNET_BOOT_DIR="${CMAKE_CURRENT_BINARY_DIR}")
add_dependencies(qemu_boot_test camera-qemu-image)
camnet_warnings(qemu_boot_test)
catch_discover_tests(qemu_boot_test TEST_PREFIX "firmware/"
  PROPERTIES LABELS "firmware" TIMEOUT 60)
message(STATUS "camnet: qemu-mps2-an500 image built from the host build; `ctest -L firmware` boots it")
