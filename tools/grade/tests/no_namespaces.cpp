// no_namespaces PROGRAM [ARGS...]: runs PROGRAM where no new namespace can be made, as in a
// container under Docker's default seccomp profile (Gradescope's autograders run in one). The
// rules are that profile's for a process without CAP_SYS_ADMIN: unshare and setns fail with EPERM,
// clone fails with EPERM when asked for a new namespace, and clone3 fails with ENOSYS (so that the
// C library falls back to clone). The grader's tests run `camnet grade` under it to see it grade in
// the user sandbox, as it would on Gradescope.
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: no_namespaces PROGRAM [ARGS...]\n");
    return 2;
  }
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  if (filter == nullptr) {
    std::fprintf(stderr, "no_namespaces: seccomp_init failed\n");
    return 2;
  }
  constexpr scmp_datum_t namespace_flags[] = {CLONE_NEWNS,    CLONE_NEWUTS, CLONE_NEWIPC,
                                              CLONE_NEWUSER,  CLONE_NEWPID, CLONE_NEWNET,
                                              CLONE_NEWCGROUP};
  int failed = 0;
  failed |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
  failed |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setns), 0);
  failed |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
  for (scmp_datum_t flag : namespace_flags) {
    // clone's flags are its first argument on x86-64 and arm64 alike.
    failed |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
  }
  if (failed != 0 || seccomp_load(filter) != 0) {
    std::fprintf(stderr, "no_namespaces: could not load the seccomp filter\n");
    return 2;
  }
  seccomp_release(filter);
  execvp(argv[1], argv + 1);
  std::fprintf(stderr, "no_namespaces: %s: %s\n", argv[1], std::strerror(errno));
  return 127;
}
