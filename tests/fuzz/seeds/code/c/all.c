#include <stdio.h>
#define M(x) (x)
static int *f(int a, char **b) {
#ifdef X
  if (a && b) return 0;
#else
  while (a || !b) a--;
#endif
  switch (a) { case 1: case 2: break; default: ; }
  do { a = a ? 1 : 2; } while (0);
  for (;;) goto out;
out:
  return (int *)0;
}
int (*g(void))(int) { return 0; }
