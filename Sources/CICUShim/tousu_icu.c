// The only file in tousu that includes ICU headers. Keep it small: each function is a direct,
// stable-named wrapper over one ICU service, with ICU's state kept per thread.
#include "tousu_icu.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

int32_t tousu_failed(int32_t status) { return U_FAILURE((UErrorCode)status) ? 1 : 0; }

const char *tousu_status_name(int32_t status) { return u_errorName((UErrorCode)status); }

void tousu_icu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    u_getVersion(info);
    snprintf(buffer, (size_t)capacity, "%d.%d", info[0], info[1]);
}

// ---- per-thread ICU objects -------------------------------------------------------------------

static pthread_key_t brk_key, hans_key, hant_key;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void close_brk(void *p) { ubrk_close((UBreakIterator *)p); }
static void close_trans(void *p) { utrans_close((UTransliterator *)p); }

static void make_keys(void) {
    pthread_key_create(&brk_key, close_brk);
    pthread_key_create(&hans_key, close_trans);
    pthread_key_create(&hant_key, close_trans);
}

static UBreakIterator *thread_word_breaker(UErrorCode *status) {
    pthread_once(&keys_once, make_keys);
    UBreakIterator *brk = (UBreakIterator *)pthread_getspecific(brk_key);
    if (brk == NULL) {
        brk = ubrk_open(UBRK_WORD, "", NULL, 0, status);
        if (U_FAILURE(*status)) return NULL;
        pthread_setspecific(brk_key, brk);
    }
    return brk;
}

static UTransliterator *thread_transliterator(pthread_key_t key, const char *id, UErrorCode *status) {
    pthread_once(&keys_once, make_keys);
    UTransliterator *trans = (UTransliterator *)pthread_getspecific(key);
    if (trans == NULL) {
        UChar uid[64];
        u_uastrcpy(uid, id);
        trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, status);
        if (U_FAILURE(*status)) return NULL;
        pthread_setspecific(key, trans);
    }
    return trans;
}

// ---- word breaks ------------------------------------------------------------------------------

int32_t tousu_word_breaks(const uint16_t *text, int32_t length,
                          int32_t *ends, int32_t *statuses, int32_t capacity, int32_t *count) {
    UErrorCode status = U_ZERO_ERROR;
    *count = 0;
    if (length == 0) return U_ZERO_ERROR;
    if (capacity < length) return U_BUFFER_OVERFLOW_ERROR;
    UBreakIterator *brk = thread_word_breaker(&status);
    if (U_FAILURE(status)) return status;
    ubrk_setText(brk, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return status;
    int32_t n = 0;
    ubrk_first(brk);
    for (int32_t end = ubrk_next(brk); end != UBRK_DONE; end = ubrk_next(brk)) {
        ends[n] = end;
        statuses[n] = ubrk_getRuleStatus(brk);
        n++;
    }
    // Do not leave the iterator pointing at the caller's buffer.
    ubrk_setText(brk, NULL, 0, &status);
    *count = n;
    return U_ZERO_ERROR;
}

// ---- normalization ----------------------------------------------------------------------------

static const UNormalizer2 *nfkc_cf(UErrorCode *status) {
    return unorm2_getNFKCCasefoldInstance(status);  // a shared, immutable, thread-safe singleton
}

int32_t tousu_nfkc_casefold(const uint16_t *source, int32_t length,
                            uint16_t *dest, int32_t capacity, int32_t *outLength) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = nfkc_cf(&status);
    if (U_FAILURE(status)) return status;
    *outLength = unorm2_normalize(norm, (const UChar *)source, length, (UChar *)dest, capacity, &status);
    return status;
}

int32_t tousu_nfkc_casefold_boundary_before(uint32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = nfkc_cf(&status);
    if (U_FAILURE(status)) return 1;
    return unorm2_hasBoundaryBefore(norm, (UChar32)c) ? 1 : 0;
}

int32_t tousu_char_category(uint32_t c) { return (int32_t)u_charType((UChar32)c); }

// ---- transliteration --------------------------------------------------------------------------

static int32_t transliterate(pthread_key_t *key, const char *id, uint16_t *buffer, int32_t length,
                             int32_t capacity, int32_t *outLength) {
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *trans = thread_transliterator(*key, id, &status);
    if (U_FAILURE(status)) return status;
    int32_t textLength = length, limit = length;
    utrans_transUChars(trans, (UChar *)buffer, &textLength, capacity, 0, &limit, &status);
    *outLength = textLength;
    return status;
}

int32_t tousu_traditional_to_simplified(uint16_t *buffer, int32_t length, int32_t capacity,
                                        int32_t *outLength) {
    pthread_once(&keys_once, make_keys);
    return transliterate(&hans_key, "Traditional-Simplified", buffer, length, capacity, outLength);
}

int32_t tousu_simplified_to_traditional(uint16_t *buffer, int32_t length, int32_t capacity,
                                        int32_t *outLength) {
    pthread_once(&keys_once, make_keys);
    return transliterate(&hant_key, "Simplified-Traditional", buffer, length, capacity, outLength);
}
