// Where a lab's tests find the course's files: the lab's folder (its captures), the third-party
// captures, the camnet program. Each lab's test program defines them in one generated source
// (cmake/CamnetLab.cmake), and its test sources see this header first (-include), so that no other
// compile of the tests holds a path of this checkout: ccache then shares those compiles between
// checkouts and work folders (the grader's lanes, the student edition CI builds).
#pragma once

namespace camnet::testing {

const char* lab_dir();     // labs/NN-name of the course
const char* corpus_dir();  // the third-party captures (labs/corpus)
const char* camnet_exe();  // the camnet program of this build

}  // namespace camnet::testing

#define CAMNET_LAB_DIR (::camnet::testing::lab_dir())
#define CAMNET_CORPUS_DIR (::camnet::testing::corpus_dir())
#define CAMNET_EXE (::camnet::testing::camnet_exe())
