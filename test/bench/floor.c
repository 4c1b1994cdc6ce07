/* Verbatim copy of shared/bench/floor.c (the project's shared bench folder, /work/shared/bench/floor.c;
   ../shared/bench/floor.c from the repo root in CI). test/bench/run.mjs builds the shared file when it
   exists and this copy otherwise, and warns when the two differ. Everything below this comment is verbatim. */
/* The I/O floor for a tree scan: walk every regular file (no symlink following),
   read its first 64 bytes, count ELF magic. Anything that finds ELF files by content
   must do at least this much work. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static long files, elf;
static int visit(const char *p, const struct stat *st, int type, struct FTW *f) {
  (void)f;
  if (type != FTW_F || !S_ISREG(st->st_mode)) return 0;
  files++;
  int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return 0;
  unsigned char b[64];
  if (pread(fd, b, sizeof b, 0) >= 4 && memcmp(b, "\x7f" "ELF", 4) == 0) elf++;
  close(fd);
  return 0;
}
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) nftw(argv[i], visit, 64, FTW_PHYS);
  printf("%ld files, %ld elf\n", files, elf);
  return 0;
}
