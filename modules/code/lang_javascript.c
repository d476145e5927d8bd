/* The code-javascript module: the tree-sitter-javascript grammar with the shared ops. */
#include "code_module.h"

const TSLanguage *tree_sitter_javascript(void);

static const code_language javascript = {"javascript", FAMILY_JS, tree_sitter_javascript, code_js_roles, NULL};

CODE_DEFINE_MODULE(wm_code_javascript_module, javascript, "tree-sitter-javascript", "[\".js\",\".mjs\",\".cjs\",\".jsx\"]");
