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

int32_t tousu_traditional_to_simplified_rules(uint16_t *buffer, int32_t capacity, int32_t *outLength) {
    UErrorCode status = U_ZERO_ERROR;
    pthread_once(&keys_once, make_keys);
    UTransliterator *trans = thread_transliterator(hans_key, "Traditional-Simplified", &status);
    if (U_FAILURE(status)) return status;
    *outLength = utrans_toRules(trans, 0, (UChar *)buffer, capacity, &status);
    return status;
}

int32_t tousu_simplified_to_traditional(uint16_t *buffer, int32_t length, int32_t capacity,
                                        int32_t *outLength) {
    pthread_once(&keys_once, make_keys);
    return transliterate(&hant_key, "Simplified-Traditional", buffer, length, capacity, outLength);
}

// ---- charset conversion and detection ---------------------------------------------------------

#include <stdlib.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#define TOUSU_CHARSET_COUNT 4

static const char *const charset_names[TOUSU_CHARSET_COUNT] = {"UTF-8", "GB18030", "UTF-16LE",
                                                                "UTF-16BE"};

// Per thread: one converter per charset for the source side and one for the target side (so that
// UTF-8 → UTF-8 validation has two distinct converters).
typedef struct { UConverter *source[TOUSU_CHARSET_COUNT], *target[TOUSU_CHARSET_COUNT]; } converters;

static pthread_key_t cnv_key;
static pthread_once_t cnv_once = PTHREAD_ONCE_INIT;

static void close_converters(void *p) {
    converters *c = (converters *)p;
    for (int i = 0; i < TOUSU_CHARSET_COUNT; i++) {
        if (c->source[i]) ucnv_close(c->source[i]);
        if (c->target[i]) ucnv_close(c->target[i]);
    }
    free(c);
}

static void make_cnv_key(void) { pthread_key_create(&cnv_key, close_converters); }

static UConverter *thread_converter(int32_t charset, int target, UErrorCode *status) {
    pthread_once(&cnv_once, make_cnv_key);
    converters *c = (converters *)pthread_getspecific(cnv_key);
    if (c == NULL) {
        c = (converters *)calloc(1, sizeof(converters));
        if (c == NULL) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
        pthread_setspecific(cnv_key, c);
    }
    UConverter **slot = target ? &c->target[charset] : &c->source[charset];
    if (*slot == NULL) {
        *slot = ucnv_open(charset_names[charset], status);
        if (U_FAILURE(*status)) { *slot = NULL; return NULL; }
    }
    return *slot;
}

int32_t tousu_convert(int32_t to, int32_t from, const uint8_t *source, int32_t length,
                      uint8_t *dest, int32_t capacity, int32_t *outLength, int32_t strict) {
    UErrorCode status = U_ZERO_ERROR;
    *outLength = 0;
    if (to < 0 || to >= TOUSU_CHARSET_COUNT || from < 0 || from >= TOUSU_CHARSET_COUNT)
        return U_ILLEGAL_ARGUMENT_ERROR;
    UConverter *src = thread_converter(from, 0, &status);
    if (U_FAILURE(status)) return status;
    UConverter *dst = thread_converter(to, 1, &status);
    if (U_FAILURE(status)) return status;
    if (strict) {
        ucnv_setToUCallBack(src, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
        ucnv_setFromUCallBack(dst, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    } else {
        ucnv_setToUCallBack(src, UCNV_TO_U_CALLBACK_SUBSTITUTE, NULL, NULL, NULL, &status);
        ucnv_setFromUCallBack(dst, UCNV_FROM_U_CALLBACK_SUBSTITUTE, NULL, NULL, NULL, &status);
    }
    if (U_FAILURE(status)) return status;
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    char *target = (char *)dest;
    const char *sourceStart = (const char *)source;
    ucnv_convertEx(dst, src, &target, (char *)dest + capacity, &sourceStart,
                   (const char *)source + length, pivot, &pivotSource, &pivotTarget,
                   pivot + 1024, 1 /* reset */, 1 /* flush */, &status);
    *outLength = (int32_t)(target - (char *)dest);
    if (status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
    return status;
}

int32_t tousu_detect_charset(const uint8_t *sample, int32_t length, char *name, int32_t capacity,
                             int32_t *confidence) {
    UErrorCode status = U_ZERO_ERROR;
    *confidence = 0;
    if (capacity > 0) name[0] = 0;
    UCharsetDetector *det = ucsdet_open(&status);
    if (U_FAILURE(status)) return status;
    ucsdet_setText(det, (const char *)sample, length, &status);
    const UCharsetMatch *match = U_SUCCESS(status) ? ucsdet_detect(det, &status) : NULL;
    if (U_SUCCESS(status) && match != NULL) {
        const char *found = ucsdet_getName(match, &status);
        int32_t conf = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && found != NULL) {
            snprintf(name, (size_t)capacity, "%s", found);
            *confidence = conf;
        }
    }
    ucsdet_close(det);
    return status;
}
