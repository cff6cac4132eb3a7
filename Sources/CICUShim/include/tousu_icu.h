// tousu_icu.h — the C boundary between tousu and libicu.
//
// No ICU type appears here: only plain C integers and UTF-16 code units (uint16_t). Every function
// returns an ICU status code as int32_t: 0 is success, > 0 is an error, < 0 is a warning.
// Iterators and transliterators are kept per thread inside the shim, so callers on any thread may
// call any function at any time.
#ifndef TOUSU_ICU_H
#define TOUSU_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when `status` is an ICU failure code.
int32_t tousu_failed(int32_t status);

/// A short, static name for an ICU status code (e.g. "U_INVALID_CHAR_FOUND").
const char *tousu_status_name(int32_t status);

/// ICU's version as "major.minor" into `buffer`.
void tousu_icu_version(char *buffer, int32_t capacity);

/// Word segmentation of `text[0..<length]`. Writes the boundaries after the first (the segment ends)
/// to `ends` and each segment's rule status to `statuses` (ICU's UBRK_WORD_* ranges: [0, 100) none,
/// [100, 200) number, [200, 300) letter, [300, 400) kana, [400, 500) ideographic); `*count` receives
/// the number of segments.
/// `capacity` must be at least `length`. Uses a word BreakIterator (root locale) kept per thread.
int32_t tousu_word_breaks(const uint16_t *text, int32_t length,
                          int32_t *ends, int32_t *statuses, int32_t capacity, int32_t *count);

/// NFKC_Casefold normalization of `source` into `dest`; `*outLength` receives the length needed.
int32_t tousu_nfkc_casefold(const uint16_t *source, int32_t length,
                            uint16_t *dest, int32_t capacity, int32_t *outLength);

/// 1 when NFKC_Casefold has a normalization boundary before code point `c`
/// (text can be split there and normalized piece by piece).
int32_t tousu_nfkc_casefold_boundary_before(uint32_t c);

/// ICU's general category of code point `c` (the UCharCategory number).
int32_t tousu_char_category(uint32_t c);

/// Transliterates `buffer[0..<length]` in place, Traditional to Simplified Chinese, with ICU's
/// "Traditional-Simplified" transliterator (opened once per thread). `capacity` is the buffer's
/// size; `*outLength` receives the new length.
int32_t tousu_traditional_to_simplified(uint16_t *buffer, int32_t length, int32_t capacity,
                                        int32_t *outLength);

/// The rules of ICU's "Traditional-Simplified" transliterator, as UTF-16 text, into `buffer`;
/// `*outLength` receives the length needed.
int32_t tousu_traditional_to_simplified_rules(uint16_t *buffer, int32_t capacity, int32_t *outLength);

/// Transliterates in place, Simplified to Traditional (used to build test and benchmark text).
int32_t tousu_simplified_to_traditional(uint16_t *buffer, int32_t length, int32_t capacity,
                                        int32_t *outLength);

// ---- charset conversion and detection (batch input) -----------------------------------------

/// Character sets tousu converts between (argument values of tousu_convert).
enum {
    TOUSU_CHARSET_UTF8 = 0,
    TOUSU_CHARSET_GB18030 = 1,
    TOUSU_CHARSET_UTF16LE = 2,
    TOUSU_CHARSET_UTF16BE = 3
};

/// Converts the whole of `source[0..<length]` from charset `from` to charset `to` (TOUSU_CHARSET_*)
/// with ucnv_convertEx, flushing at the end (a truncated multi-byte sequence at the end is an error).
/// With `strict` = 1 an illegal, truncated or unassigned sequence stops the conversion with an
/// error status; with `strict` = 0 ICU substitutes it. `*outLength` receives the bytes written.
/// On U_BUFFER_OVERFLOW_ERROR (15), call again with a larger `dest`. Converters are kept per thread.
int32_t tousu_convert(int32_t to, int32_t from, const uint8_t *source, int32_t length,
                      uint8_t *dest, int32_t capacity, int32_t *outLength, int32_t strict);

/// Guesses the charset of `sample[0..<length]` with ICU's charset detector (ucsdet). Writes the
/// best match's name (e.g. "GB18030", "UTF-16LE", "ISO-8859-1") NUL-terminated into `name` and its
/// confidence (0...100) to `*confidence`. An empty `name` means no match.
int32_t tousu_detect_charset(const uint8_t *sample, int32_t length, char *name, int32_t capacity,
                             int32_t *confidence);

#ifdef __cplusplus
}
#endif

#endif
