/* The code-python module: the tree-sitter-python grammar with the shared ops. */
#include "code_module.h"

const TSLanguage *tree_sitter_python(void);

static const code_language python = {"python", FAMILY_PYTHON, tree_sitter_python, code_python_roles, NULL};

CODE_DEFINE_MODULE(wm_code_python_module, python, "tree-sitter-python", "[\".py\",\".pyi\"]");
