# How many compiles and tests run at once: the CPUs this container may use (its CPU quota, which
# nproc does not see: an autograder gets part of a larger machine), and at most one per GiB of the
# memory it may use (compiling one of the course's files takes up to about 0.5 GiB).
grading_jobs() {
  local jobs quota period memory
  jobs=$(nproc)
  if read -r quota period 2>/dev/null </sys/fs/cgroup/cpu.max && [[ "$quota" =~ ^[0-9]+$ ]]; then
    jobs=$(((quota + period - 1) / period))  # cgroup v2
  elif read -r quota 2>/dev/null </sys/fs/cgroup/cpu/cpu.cfs_quota_us && ((quota > 0)) &&
    read -r period 2>/dev/null </sys/fs/cgroup/cpu/cpu.cfs_period_us; then
    jobs=$(((quota + period - 1) / period))  # cgroup v1
  fi
  if read -r memory 2>/dev/null </sys/fs/cgroup/memory.max ||
    read -r memory 2>/dev/null </sys/fs/cgroup/memory/memory.limit_in_bytes; then
    if [[ "$memory" =~ ^[0-9]+$ ]] && ((memory / (1 << 30) < jobs)); then
      jobs=$((memory / (1 << 30)))
    fi
  fi
  ((jobs <= $(nproc))) || jobs=$(nproc)
  ((jobs >= 1)) || jobs=1
  echo "$jobs"
}
