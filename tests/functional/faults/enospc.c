/* Storage faults for the functional tests, injected under linli through LD_PRELOAD: while the
 * file named by LINLI_FAULT_FLAG exists, every write or sync to a file whose path contains
 * LINLI_FAULT_MATCH (default ".db") fails with ENOSPC, as on a full disk, or with the errno in
 * LINLI_FAULT_ERRNO (30, EROFS: a file system remounted read-only). Remove the file and the fault
 * clears. Built by the test with the system C compiler. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int faulty(int fd) {
  const char* flag = getenv("LINLI_FAULT_FLAG");
  if (!flag || access(flag, F_OK) != 0) return 0;
  const char* match = getenv("LINLI_FAULT_MATCH");
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = '\0';
  return strstr(path, match ? match : ".db") != NULL;
}

#define PASS_THROUGH(ret, name, params, args)                 \
  ret name params {                                           \
    static ret(*real) params;                                 \
    if (!real) real = (ret(*) params)dlsym(RTLD_NEXT, #name); \
    if (faulty(fd)) {                                         \
      const char* e = getenv("LINLI_FAULT_ERRNO");            \
      errno = e ? atoi(e) : ENOSPC;                           \
      return -1;                                              \
    }                                                         \
    return real args;                                         \
  }

PASS_THROUGH(ssize_t, write, (int fd, const void* buf, size_t count), (fd, buf, count))
PASS_THROUGH(ssize_t, pwrite, (int fd, const void* buf, size_t count, off_t offset),
             (fd, buf, count, offset))
PASS_THROUGH(ssize_t, pwrite64, (int fd, const void* buf, size_t count, off_t offset),
             (fd, buf, count, offset))
PASS_THROUGH(int, fsync, (int fd), (fd))
PASS_THROUGH(int, fdatasync, (int fd), (fd))
PASS_THROUGH(int, ftruncate, (int fd, off_t length), (fd, length))
