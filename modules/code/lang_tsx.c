/* The code-tsx module: the tree-sitter-typescript grammar with the shared ops. */
#include "code_module.h"

const TSLanguage *tree_sitter_tsx(void);

static const code_language tsx = {"tsx", FAMILY_JS, tree_sitter_tsx, code_js_roles, NULL};

CODE_DEFINE_MODULE(wm_code_tsx_module, tsx, "tree-sitter-typescript", "[\".tsx\"]");
