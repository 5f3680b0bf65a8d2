/*
 * ms_format.c - Windows printf-style formatting from a Microsoft x64 argument list
 * (ms_format.h describes the language and the limits).
 *
 * Windows-image bridge only: empty unless MPABI_MS_ABI_BRIDGE is defined, so an ELF miniport
 * built from the stub directory's C files carries none of it.
 *
 * The formatter writes through a sink that knows how much room is left. Every read it makes
 * is bounded by that room: literal format text and string arguments are read at most one
 * character past what can still be stored, and formatting stops at the first piece that does
 * not fit. Integers are rendered here (the size prefixes are Windows'); doubles go through
 * snprintf with a C-typed value taken from the slot.
 */
#include "ms_format.h"

#if defined(__x86_64__) && defined(MPABI_MS_ABI_BRIDGE)

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ===== the output sink ===== */

typedef struct {
    char *Buffer;     /* NULL: measure only */
    size_t Capacity;  /* bytes of text that may be stored (the terminator not included) */
    size_t Length;    /* bytes stored (or measured) so far */
    size_t Wanted;    /* once Overflow: Length before the piece that did not fit, plus its size */
    int Overflow;     /* a piece did not fit: formatting stops */
} MpMsSink;

static size_t MpMsRoom(const MpMsSink *Sink)
{
    return Sink->Overflow ? 0 : Sink->Capacity - Sink->Length;
}

/* Appends Size bytes. A piece that does not fit is stored as far as it fits, or not at all
 * when Whole (one UTF-8 sequence), and stops the formatting. */
static void MpMsPut(MpMsSink *Sink, const char *Bytes, size_t Size, int Whole)
{
    if (Sink->Overflow)
        return;
    size_t room = Sink->Capacity - Sink->Length;
    size_t stored = Size <= room ? Size : (Whole ? 0 : room);
    if (Sink->Buffer != NULL && stored > 0)
        memcpy(Sink->Buffer + Sink->Length, Bytes, stored);
    if (Size > room) {
        Sink->Overflow = 1;
        Sink->Wanted = Sink->Length + Size;
    }
    Sink->Length += stored;
}

/* Appends Count copies of Fill. */
static void MpMsPad(MpMsSink *Sink, char Fill, size_t Count)
{
    char chunk[64];
    memset(chunk, Fill, sizeof chunk);
    while (Count > 0 && !Sink->Overflow) {
        size_t piece = Count < sizeof chunk ? Count : sizeof chunk;
        MpMsPut(Sink, chunk, piece, 0);
        Count -= piece;
    }
}

/* ===== one conversion specification ===== */

typedef struct {
    int Left, Plus, Space, Alternate, Zero;  /* flags - + space # 0 */
    int Width;                               /* 0: none */
    int Precision;                           /* -1: none */
    int IntegerBits;                         /* 8, 16, 32 or 64 */
    int CharacterWidth;                      /* -1 narrow (h), 0 default, 1 wide (l, w) */
    char Type;
} MpMsSpec;

/* The next 8-byte slot of the argument list. Every argument occupies one. */
static uint64_t MpMsSlot(__builtin_ms_va_list *Arguments)
{
    return __builtin_va_arg(*Arguments, unsigned long long);
}

static int MpMsCapField(long long Value)
{
    return Value > MPABI_MS_FORMAT_FIELD_MAX ? MPABI_MS_FORMAT_FIELD_MAX : (int)Value;
}

/* Reads decimal digits at *Cursor (capped, all digits consumed). */
static int MpMsDigits(const char **Cursor)
{
    long long value = 0;
    while (**Cursor >= '0' && **Cursor <= '9') {
        if (value <= MPABI_MS_FORMAT_FIELD_MAX)
            value = value * 10 + (**Cursor - '0');
        (*Cursor)++;
    }
    return MpMsCapField(value);
}

/* Parses the specification after '%' up to its type character (left at *Cursor; '\0' when
 * the format ends inside it). A `*` takes a slot. */
static void MpMsParse(const char **Cursor, MpMsSpec *Spec, __builtin_ms_va_list *Arguments)
{
    const char *p = *Cursor;
    memset(Spec, 0, sizeof *Spec);
    Spec->Precision = -1;
    Spec->IntegerBits = 32;
    for (;; p++) {
        if (*p == '-') Spec->Left = 1;
        else if (*p == '+') Spec->Plus = 1;
        else if (*p == ' ') Spec->Space = 1;
        else if (*p == '#') Spec->Alternate = 1;
        else if (*p == '0') Spec->Zero = 1;
        else break;
    }
    if (*p == '*') {
        long long width = (int32_t)(uint32_t)MpMsSlot(Arguments);
        if (width < 0) {
            Spec->Left = 1;
            width = -width;
        }
        Spec->Width = MpMsCapField(width);
        p++;
    } else {
        Spec->Width = MpMsDigits(&p);
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            long long precision = (int32_t)(uint32_t)MpMsSlot(Arguments);
            Spec->Precision = precision < 0 ? -1 : MpMsCapField(precision);
            p++;
        } else {
            Spec->Precision = MpMsDigits(&p);
        }
    }
    switch (*p) {
    case 'h':
        Spec->CharacterWidth = -1;
        Spec->IntegerBits = 16;
        if (p[1] == 'h') {
            Spec->IntegerBits = 8;
            p++;
        }
        p++;
        break;
    case 'l':
        Spec->CharacterWidth = 1;
        Spec->IntegerBits = 32;      /* Windows' long is 32 bits */
        if (p[1] == 'l') {
            Spec->IntegerBits = 64;
            p++;
        }
        p++;
        break;
    case 'w':
        Spec->CharacterWidth = 1;
        p++;
        break;
    case 'I':
        if (p[1] == '3' && p[2] == '2') {
            Spec->IntegerBits = 32;
            p += 3;
        } else if (p[1] == '6' && p[2] == '4') {
            Spec->IntegerBits = 64;
            p += 3;
        } else {
            Spec->IntegerBits = 64;  /* pointer-sized on x64 */
            p++;
        }
        break;
    case 'L': case 'z': case 't': case 'j':
        Spec->IntegerBits = 64;
        p++;
        break;
    default:
        break;
    }
    Spec->Type = *p;
    *Cursor = p;
}

/* ===== integers ===== */

static void MpMsInteger(MpMsSink *Sink, const MpMsSpec *Spec, uint64_t Slot)
{
    int isSigned = Spec->Type == 'd' || Spec->Type == 'i';
    unsigned base = 10;
    const char *digitSet = "0123456789abcdef";
    if (Spec->Type == 'o')
        base = 8;
    else if (Spec->Type == 'x' || Spec->Type == 'X')
        base = 16;
    if (Spec->Type == 'X')
        digitSet = "0123456789ABCDEF";

    uint64_t mask = Spec->IntegerBits >= 64 ? UINT64_MAX : ((UINT64_C(1) << Spec->IntegerBits) - 1);
    uint64_t value = Slot & mask;
    int negative = 0;
    if (isSigned && ((value >> (Spec->IntegerBits - 1)) & 1)) {
        negative = 1;
        value = (~value + 1) & mask;
    }

    char digits[24];
    size_t count = 0;
    if (!(value == 0 && Spec->Precision == 0)) {
        do {
            digits[sizeof digits - 1 - count++] = digitSet[value % base];
            value /= base;
        } while (value != 0);
    }
    const char *first = digits + sizeof digits - count;

    size_t zeros = Spec->Precision > 0 && (size_t)Spec->Precision > count ? (size_t)Spec->Precision - count : 0;
    if (base == 8 && Spec->Alternate && zeros == 0 && (count == 0 || first[0] != '0'))
        zeros = 1;
    char prefix[2];
    size_t prefixLength = 0;
    if (isSigned) {
        if (negative) prefix[prefixLength++] = '-';
        else if (Spec->Plus) prefix[prefixLength++] = '+';
        else if (Spec->Space) prefix[prefixLength++] = ' ';
    } else if (base == 16 && Spec->Alternate && count > 0 && !(count == 1 && first[0] == '0')) {
        prefix[prefixLength++] = '0';
        prefix[prefixLength++] = Spec->Type;
    }
    size_t total = prefixLength + zeros + count;
    size_t padding = (size_t)Spec->Width > total ? (size_t)Spec->Width - total : 0;
    if (Spec->Zero && !Spec->Left && Spec->Precision < 0) {
        zeros += padding;
        padding = 0;
    }
    if (!Spec->Left)
        MpMsPad(Sink, ' ', padding);
    MpMsPut(Sink, prefix, prefixLength, 0);
    MpMsPad(Sink, '0', zeros);
    MpMsPut(Sink, first, count, 0);
    if (Spec->Left)
        MpMsPad(Sink, ' ', padding);
}

/* %p: 16 upper-case hex digits, no prefix; only the width and '-' apply. */
static void MpMsPointer(MpMsSink *Sink, const MpMsSpec *Spec, uint64_t Slot)
{
    MpMsSpec hex = {0};
    hex.Left = Spec->Left;
    hex.Width = Spec->Width;
    hex.Precision = 16;
    hex.IntegerBits = 64;
    hex.Type = 'X';
    MpMsInteger(Sink, &hex, Slot);
}

/* ===== doubles ===== */

static void MpMsDouble(MpMsSink *Sink, const MpMsSpec *Spec, uint64_t Slot)
{
    double value;
    memcpy(&value, &Slot, sizeof value);
    char format[16];
    size_t n = 0;
    format[n++] = '%';
    if (Spec->Left) format[n++] = '-';
    if (Spec->Plus) format[n++] = '+';
    if (Spec->Space) format[n++] = ' ';
    if (Spec->Alternate) format[n++] = '#';
    if (Spec->Zero) format[n++] = '0';
    format[n++] = '*';
    format[n++] = '.';
    format[n++] = '*';
    format[n++] = Spec->Type;
    format[n] = '\0';
    /* The widest rendering: DBL_MAX in %f (309 digits) with the largest precision. */
    char text[MPABI_MS_FORMAT_FIELD_MAX * 2 + 512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int length = snprintf(text, sizeof text, format, Spec->Width, Spec->Precision, value);
#pragma GCC diagnostic pop
    if (length < 0)
        return;
    if ((size_t)length >= sizeof text)
        length = (int)sizeof text - 1;
    MpMsPut(Sink, text, (size_t)length, 0);
}

/* ===== characters and strings ===== */

/* A text argument: char or 16-bit WCHAR units, ending at a NUL or after Extent units. */
typedef struct {
    const unsigned char *Data;
    size_t Extent;     /* the text's own end (SIZE_MAX: only its NUL) */
    int Wide;
    size_t ReadEnd;    /* the units that may be read: Extent cut to the precision and the room */
    size_t Precision;  /* the precision in units (SIZE_MAX: none) */
} MpMsText;

static uint16_t MpMsUnit(const MpMsText *Text, size_t Index)
{
    uint16_t unit;
    memcpy(&unit, Text->Data + Index * 2, sizeof unit);  /* the buffer may be unaligned */
    return unit;
}

/* The UTF-8 encoding of Code (at most U+10FFFF); returns its length. */
static size_t MpMsUtf8(uint32_t Code, char Out[4])
{
    if (Code < 0x80) {
        Out[0] = (char)Code;
        return 1;
    }
    if (Code < 0x800) {
        Out[0] = (char)(0xC0 | (Code >> 6));
        Out[1] = (char)(0x80 | (Code & 0x3F));
        return 2;
    }
    if (Code < 0x10000) {
        Out[0] = (char)(0xE0 | (Code >> 12));
        Out[1] = (char)(0x80 | ((Code >> 6) & 0x3F));
        Out[2] = (char)(0x80 | (Code & 0x3F));
        return 3;
    }
    Out[0] = (char)(0xF0 | (Code >> 18));
    Out[1] = (char)(0x80 | ((Code >> 12) & 0x3F));
    Out[2] = (char)(0x80 | ((Code >> 6) & 0x3F));
    Out[3] = (char)(0x80 | (Code & 0x3F));
    return 4;
}

/* The output of one WCHAR on its own: a surrogate half becomes '?'. */
static size_t MpMsWideCharacter(uint16_t Unit, char Out[4])
{
    if (Unit >= 0xD800 && Unit <= 0xDFFF) {
        Out[0] = '?';
        return 1;
    }
    return MpMsUtf8(Unit, Out);
}

/* The next character of Text at unit *Index as output bytes (0 at the end). A surrogate pair
 * is one character; a lone surrogate becomes '?'. Never reads past ReadEnd. */
static size_t MpMsNextCharacter(const MpMsText *Text, size_t *Index, char Out[4])
{
    if (*Index >= Text->ReadEnd)
        return 0;
    if (!Text->Wide) {
        unsigned char byte = Text->Data[*Index];
        if (byte == 0)
            return 0;
        (*Index)++;
        Out[0] = (char)byte;
        return 1;
    }
    uint16_t unit = MpMsUnit(Text, *Index);
    if (unit == 0)
        return 0;
    (*Index)++;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (*Index < Text->ReadEnd) {
            uint16_t low = MpMsUnit(Text, *Index);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                (*Index)++;
                return MpMsUtf8(0x10000 + (((uint32_t)unit - 0xD800) << 10) + ((uint32_t)low - 0xDC00), Out);
            }
        } else if (*Index < Text->Extent && *Index >= Text->Precision) {
            /* Its partner lies past the precision: a pair (4 bytes) could not fit, so the text
             * ends here rather than print a '?' for a half that is not known to be lone. */
            return 0;
        }
    }
    return MpMsWideCharacter(unit, Out);
}

/* Writes Text with the specification's width and precision (in output bytes; a character
 * that would cross the precision is left out whole). */
static void MpMsString(MpMsSink *Sink, const MpMsSpec *Spec, MpMsText Text)
{
    static const char null[] = "(null)";
    if (Text.Data == NULL) {
        Text.Data = (const unsigned char *)null;
        Text.Extent = sizeof null - 1;
        Text.Wide = 0;
    }
    size_t limit = Spec->Precision >= 0 ? (size_t)Spec->Precision : SIZE_MAX;
    size_t room = MpMsRoom(Sink);
    /* Each unit gives at least one output byte, so the precision bounds the units read, and
     * room + 1 units tell that the text does not fit. */
    Text.Precision = limit;
    Text.ReadEnd = Text.Extent;
    if (Text.ReadEnd > limit)
        Text.ReadEnd = limit;
    if (Text.ReadEnd > room + 1)
        Text.ReadEnd = room + 1;

    size_t measured = 0, index = 0, size;
    char bytes[4];
    while ((size = MpMsNextCharacter(&Text, &index, bytes)) != 0 && measured + size <= limit) {
        measured += size;
        if (measured > room)
            break;
    }
    size_t padding = (size_t)Spec->Width > measured ? (size_t)Spec->Width - measured : 0;
    if (!Spec->Left)
        MpMsPad(Sink, ' ', padding);
    size_t written = 0;
    index = 0;
    while (!Sink->Overflow && (size = MpMsNextCharacter(&Text, &index, bytes)) != 0 && written + size <= limit) {
        MpMsPut(Sink, bytes, size, 1);
        written += size;
    }
    if (Spec->Left)
        MpMsPad(Sink, ' ', padding);
}

/* One character, narrow (the low byte) or wide (the low 16 bits), padded to the width. */
static void MpMsCharacter(MpMsSink *Sink, const MpMsSpec *Spec, uint64_t Slot, int Wide)
{
    char bytes[4];
    size_t size;
    if (Wide) {
        size = MpMsWideCharacter((uint16_t)Slot, bytes);
    } else {
        bytes[0] = (char)(uint8_t)Slot;
        size = 1;
    }
    size_t padding = (size_t)Spec->Width > size ? (size_t)Spec->Width - size : 0;
    if (!Spec->Left)
        MpMsPad(Sink, ' ', padding);
    MpMsPut(Sink, bytes, size, 1);
    if (Spec->Left)
        MpMsPad(Sink, ' ', padding);
}

/* %Z / %wZ: an ANSI_STRING or UNICODE_STRING (USHORT Length in bytes, USHORT MaximumLength,
 * the Buffer pointer at offset 8). Only Length is trusted for the extent. */
static void MpMsCountedString(MpMsSink *Sink, const MpMsSpec *Spec, uint64_t Slot, int Wide)
{
    const unsigned char *structure = (const unsigned char *)(uintptr_t)Slot;
    MpMsText text = { NULL, 0, Wide, 0, 0 };
    if (structure != NULL) {
        uint16_t length;
        const unsigned char *buffer;
        memcpy(&length, structure, sizeof length);
        memcpy(&buffer, structure + 8, sizeof buffer);
        text.Data = buffer;
        text.Extent = Wide ? length / 2u : length;
    }
    MpMsString(Sink, Spec, text);
}

/* ===== the format loop ===== */

static void MpMsRun(MpMsSink *Sink, const char *Format, __builtin_ms_va_list *Arguments)
{
    const char *p = Format;
    while (*p != '\0' && !Sink->Overflow) {
        if (*p != '%') {
            /* Literal text, read no further than one byte past the room left. */
            size_t room = MpMsRoom(Sink);
            const char *end = p;
            while (*end != '\0' && *end != '%' && (size_t)(end - p) <= room)
                end++;
            MpMsPut(Sink, p, (size_t)(end - p), 0);
            p = end;
            continue;
        }
        const char *start = p++;
        MpMsSpec spec;
        MpMsParse(&p, &spec, Arguments);
        int wide = spec.CharacterWidth > 0;
        int narrow = spec.CharacterWidth < 0;
        switch (spec.Type) {
        case '%':
            MpMsPut(Sink, "%", 1, 0);
            break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
            MpMsInteger(Sink, &spec, MpMsSlot(Arguments));
            break;
        case 'p':
            MpMsPointer(Sink, &spec, MpMsSlot(Arguments));
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            MpMsDouble(Sink, &spec, MpMsSlot(Arguments));
            break;
        case 'c':
            MpMsCharacter(Sink, &spec, MpMsSlot(Arguments), wide);
            break;
        case 'C':
            MpMsCharacter(Sink, &spec, MpMsSlot(Arguments), !narrow);
            break;
        case 's': {
            MpMsText text = { (const unsigned char *)(uintptr_t)MpMsSlot(Arguments), SIZE_MAX, wide, 0, 0 };
            MpMsString(Sink, &spec, text);
            break;
        }
        case 'S': {
            MpMsText text = { (const unsigned char *)(uintptr_t)MpMsSlot(Arguments), SIZE_MAX, !narrow, 0, 0 };
            MpMsString(Sink, &spec, text);
            break;
        }
        case 'Z':
            MpMsCountedString(Sink, &spec, MpMsSlot(Arguments), wide);
            break;
        case 'n':
            (void)MpMsSlot(Arguments);   /* refused: nothing is written through the pointer */
            break;
        case '\0':
            /* The format ends inside a specification: copy it as written. */
            MpMsPut(Sink, start, (size_t)(p - start), 0);
            continue;
        default:
            /* Unknown conversion: copy it as written, the type character included. */
            MpMsPut(Sink, start, (size_t)(p - start) + 1, 0);
            break;
        }
        p++;
    }
}

int MpAbiMsVsnprintf(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments)
{
    if (Format == NULL || (Buffer == NULL && Count != 0))
        return -1;
    MpMsSink sink = { Buffer, Count, 0, 0, 0 };
    if (Buffer == NULL)
        sink.Capacity = MPABI_MS_FORMAT_MEASURE_MAX;
    else if (sink.Capacity > INT_MAX)
        sink.Capacity = INT_MAX;
    __builtin_ms_va_list arguments;
    __builtin_ms_va_copy(arguments, Arguments);
    MpMsRun(&sink, Format, &arguments);
    __builtin_ms_va_end(arguments);
    if (sink.Overflow)
        return -1;
    if (Buffer != NULL && sink.Length < Count)
        Buffer[sink.Length] = '\0';
    return (int)sink.Length;
}

int MpAbiMsFormat(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments)
{
    if (Buffer == NULL)
        Count = 0;
    if (Count > 0)
        Buffer[0] = '\0';
    if (Format == NULL)
        return -1;
    MpMsSink sink = { Count > 0 ? Buffer : NULL, Count > 0 ? Count - 1 : 0, 0, 0, 0 };
    if (sink.Capacity > INT_MAX - 1)
        sink.Capacity = INT_MAX - 1;
    __builtin_ms_va_list arguments;
    __builtin_ms_va_copy(arguments, Arguments);
    MpMsRun(&sink, Format, &arguments);
    __builtin_ms_va_end(arguments);
    if (Count > 0)
        Buffer[sink.Length] = '\0';
    if (!sink.Overflow)
        return (int)sink.Length;
    return sink.Wanted > INT_MAX ? INT_MAX : (int)sink.Wanted;
}

#else

/* Not the bridge: nothing (ISO C wants a declaration in every translation unit). */
typedef int MpAbiMsFormatNotCompiled;

#endif /* __x86_64__ && MPABI_MS_ABI_BRIDGE */
