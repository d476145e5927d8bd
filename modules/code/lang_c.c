/* The code-c module: the tree-sitter-c grammar with the shared ops. */
#include "code_module.h"

const TSLanguage *tree_sitter_c(void);

static const code_language c = {"c", FAMILY_C, tree_sitter_c, code_c_roles, code_mask_c_preprocessor};

CODE_DEFINE_MODULE(wm_code_c_module, c, "tree-sitter-c", "[\".c\",\".h\"]");
