// Carries libicu's compiler and linker flags (pkg-config icu-i18n) to the targets that depend on it.
// Only CICUShim includes ICU headers; no Swift module imports CICU.
#include <unicode/utypes.h>
