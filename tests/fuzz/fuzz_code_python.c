/* code-python on any bytes (see fuzz_code.h). */
#include "fuzz_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_code(&wm_code_python_module, data, size);
}
