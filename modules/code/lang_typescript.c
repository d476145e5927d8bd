/* The code-typescript module: the tree-sitter-typescript grammar with the shared ops. */
#include "code_module.h"

const TSLanguage *tree_sitter_typescript(void);

static const code_language typescript = {"typescript", FAMILY_JS, tree_sitter_typescript, code_js_roles, NULL};

CODE_DEFINE_MODULE(wm_code_typescript_module, typescript, "tree-sitter-typescript", "[\".ts\",\".mts\",\".cts\"]");
