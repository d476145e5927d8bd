/* Attribute and qualifier macros the C grammar cannot expand (code_mask.c). */
#define FFI_HIDDEN __attribute__((visibility("hidden")))
#define XMLCALL \
  /* a continued directive */
extern void ffi_call_SYSV(void *frame, void (*fn)(void)) FFI_HIDDEN;
extern int two(int) FFI_HIDDEN XMLCALL, three(void) FFI_HIDDEN;
LZ4_FORCE_INLINE int f(int x) { return x ? 1 : 2; }
LZ4_FORCE_INLINE
U32 g(const BYTE* p) { return *p && 1; }
static int PTRFASTCALL h(int x) { while (x) x--; return x; }
static int PTRCALL PREFIX(scan)(const ENCODING *enc, const char *ptr) { return enc != 0; }
enum XML_Status XMLCALL
XML_Parse(XML_Parser parser, const char *s) { return s ? 1 : 0; }
const XML_LChar * XMLCALL XML_ErrorString(enum XML_Error code) { return "x"; }
int FFI_HIDDEN __attribute__((ms_abi))
inner(ffi_cif *cif, void (*fun)(ffi_cif*, void*), struct frame *frame) { return cif || fun; }
typedef BOOLEAN (APIENTRY *RTLGENRANDOM_FUNC)(PVOID, ULONG);
struct handlers { void (XMLCALL *start)(void *data, const char *name); };
END_TEST
static void test_x(void) { char *s = "FFI_HIDDEN ( \" ' */"; char c = '('; }
int int FFI_HIDDEN twice(void);
U32 PVOID FFI_HIDDEN caps(void);
void tail(void) FFI_HIDDEN FFI_HIDDEN(1);
int f2(void) { return (WIDTH *height)(1); }
unsigned long long XMLCALL *ptrs(int a, int (*cb)(int)) { return 0; }
int kr(a, b) int a; char *b; { return a; }
extern void open_ended(int x) FFI_HIDDEN
