/* See mpabi_trap_text.h. */
#include "mpabi_trap_text.h"

void MpAbiTrapTextStart(MPABI_TRAP_TEXT *text, char *buffer, size_t capacity)
{
    text->Buffer = buffer;
    text->Capacity = buffer == 0 ? 0 : capacity;
    text->Used = 0;
    if (text->Capacity > 0)
        buffer[0] = 0;
}

static void put(MPABI_TRAP_TEXT *text, char character)
{
    if (text->Used + 1 >= text->Capacity)
        return;
    text->Buffer[text->Used++] = character;
    text->Buffer[text->Used] = 0;
}

void MpAbiTrapTextAppend(MPABI_TRAP_TEXT *text, const char *string)
{
    for (; string != 0 && *string != 0; string++)
        put(text, *string);
}

void MpAbiTrapTextHex(MPABI_TRAP_TEXT *text, unsigned long long value)
{
    char digits[16];
    int count = 0;
    do {
        digits[count++] = "0123456789abcdef"[value & 15];
        value >>= 4;
    } while (value != 0 && count < 16);
    put(text, '0');
    put(text, 'x');
    while (count > 0)
        put(text, digits[--count]);
}

void MpAbiTrapTextByte(MPABI_TRAP_TEXT *text, unsigned value)
{
    put(text, "0123456789abcdef"[(value >> 4) & 15]);
    put(text, "0123456789abcdef"[value & 15]);
}

/* The name of general register Number (0-15, or 16-19 for AH..BH) at Width bytes. */
static const char *registerName(int number, unsigned width)
{
    static const char *const names64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                             "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
    static const char *const names32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                             "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
    static const char *const names16[16] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
                                             "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" };
    static const char *const names8[16] = { "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                                            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" };
    static const char *const high[4] = { "ah", "ch", "dh", "bh" };
    if (number >= 16 && number < 20)
        return high[number - 16];
    if (number < 0 || number >= 16)
        return "?";
    return width == 8 ? names64[number] : width == 4 ? names32[number] : width == 2 ? names16[number] : names8[number];
}

static const char *sizeName(unsigned width)
{
    return width == 1 ? "byte " : width == 2 ? "word " : width == 4 ? "dword " : "qword ";
}

static void memoryOperand(MPABI_TRAP_TEXT *text, const MPABI_TRAP_DECODED *d)
{
    MpAbiTrapTextAppend(text, sizeName(d->Width));
    if (d->Segment == 0x64) MpAbiTrapTextAppend(text, "fs:");
    if (d->Segment == 0x65) MpAbiTrapTextAppend(text, "gs:");
    MpAbiTrapTextAppend(text, "[");
    int any = 0;
    if (d->Base == MPABI_X86_REGISTER_RIP) {
        MpAbiTrapTextAppend(text, d->AddressWidth == 4 ? "eip" : "rip");
        any = 1;
    } else if (d->Base >= 0) {
        MpAbiTrapTextAppend(text, registerName(d->Base, d->AddressWidth));
        any = 1;
    }
    if (d->Index >= 0) {
        if (any) MpAbiTrapTextAppend(text, "+");
        MpAbiTrapTextAppend(text, registerName(d->Index, d->AddressWidth));
        if (d->Scale > 1) {
            MpAbiTrapTextAppend(text, "*");
            MpAbiTrapTextAppend(text, d->Scale == 2 ? "2" : d->Scale == 4 ? "4" : "8");
        }
        any = 1;
    }
    if (!any) {
        unsigned long long absolute = (unsigned long long)d->Displacement;
        MpAbiTrapTextHex(text, d->AddressWidth == 4 ? absolute & 0xFFFFFFFFull : absolute);
    } else if (d->Displacement < 0) {
        MpAbiTrapTextAppend(text, "-");
        MpAbiTrapTextHex(text, 0 - (unsigned long long)d->Displacement);
    } else if (d->Displacement > 0) {
        MpAbiTrapTextAppend(text, "+");
        MpAbiTrapTextHex(text, (unsigned long long)d->Displacement);
    }
    MpAbiTrapTextAppend(text, "]");
}

static const char *stringSuffix(unsigned width)
{
    return width == 1 ? "b" : width == 2 ? "w" : width == 4 ? "d" : "q";
}

void MpAbiTrapFormat(MPABI_TRAP_DECODED *d, const char *name)
{
    MPABI_TRAP_TEXT text;
    MpAbiTrapTextStart(&text, d->Text, sizeof d->Text);
    char special[8] = { 'c', 'r', 0, 0, 0 };
    if (d->Special >= 0) {
        if (d->Op == MPABI_X86_MOV_FROM_DR || d->Op == MPABI_X86_MOV_TO_DR)
            special[0] = 'd';
        if (d->Special >= 10) {
            special[2] = '1';
            special[3] = (char)('0' + d->Special - 10);
        } else {
            special[2] = (char)('0' + d->Special);
        }
    }
    const char *accumulator = registerName(0, d->Width);
    switch (d->Op) {
    case MPABI_X86_MOV_FROM_CR: case MPABI_X86_MOV_FROM_DR:
        MpAbiTrapTextAppend(&text, "mov ");
        MpAbiTrapTextAppend(&text, registerName(d->Register, 8));
        MpAbiTrapTextAppend(&text, ", ");
        MpAbiTrapTextAppend(&text, special);
        break;
    case MPABI_X86_MOV_TO_CR: case MPABI_X86_MOV_TO_DR:
        MpAbiTrapTextAppend(&text, "mov ");
        MpAbiTrapTextAppend(&text, special);
        MpAbiTrapTextAppend(&text, ", ");
        MpAbiTrapTextAppend(&text, registerName(d->Register, 8));
        break;
    case MPABI_X86_CLI: MpAbiTrapTextAppend(&text, "cli"); break;
    case MPABI_X86_STI: MpAbiTrapTextAppend(&text, "sti"); break;
    case MPABI_X86_HLT: MpAbiTrapTextAppend(&text, "hlt"); break;
    case MPABI_X86_RDMSR: MpAbiTrapTextAppend(&text, "rdmsr"); break;
    case MPABI_X86_WRMSR: MpAbiTrapTextAppend(&text, "wrmsr"); break;
    case MPABI_X86_IN:
        MpAbiTrapTextAppend(&text, "in ");
        MpAbiTrapTextAppend(&text, accumulator);
        MpAbiTrapTextAppend(&text, ", ");
        if (d->Port < 0) MpAbiTrapTextAppend(&text, "dx");
        else MpAbiTrapTextHex(&text, (unsigned long long)d->Port);
        break;
    case MPABI_X86_OUT:
        MpAbiTrapTextAppend(&text, "out ");
        if (d->Port < 0) MpAbiTrapTextAppend(&text, "dx");
        else MpAbiTrapTextHex(&text, (unsigned long long)d->Port);
        MpAbiTrapTextAppend(&text, ", ");
        MpAbiTrapTextAppend(&text, accumulator);
        break;
    case MPABI_X86_INS: case MPABI_X86_OUTS: case MPABI_X86_MOVS: case MPABI_X86_STOS: case MPABI_X86_LODS:
        if (d->Rep == 0xF3) MpAbiTrapTextAppend(&text, "rep ");
        if (d->Rep == 0xF2) MpAbiTrapTextAppend(&text, "repne ");
        MpAbiTrapTextAppend(&text, d->Op == MPABI_X86_INS ? "ins" : d->Op == MPABI_X86_OUTS ? "outs"
                                   : d->Op == MPABI_X86_STOS ? "stos" : d->Op == MPABI_X86_LODS ? "lods" : "movs");
        MpAbiTrapTextAppend(&text, stringSuffix(d->Width));
        break;
    case MPABI_X86_PRIVILEGED:
        MpAbiTrapTextAppend(&text, name != 0 ? name : "(privileged)");
        break;
    case MPABI_X86_LOAD:
        MpAbiTrapTextAppend(&text, name != 0 ? name : "mov");
        MpAbiTrapTextAppend(&text, " ");
        MpAbiTrapTextAppend(&text, registerName(d->Register, d->RegisterWidth));
        MpAbiTrapTextAppend(&text, ", ");
        memoryOperand(&text, d);
        break;
    case MPABI_X86_COMPARE: case MPABI_X86_TEST:
        MpAbiTrapTextAppend(&text, name != 0 ? name : "cmp");
        MpAbiTrapTextAppend(&text, " ");
        if (d->RegisterFirst) {
            MpAbiTrapTextAppend(&text, registerName(d->Register, d->Width));
            MpAbiTrapTextAppend(&text, ", ");
            memoryOperand(&text, d);
        } else {
            memoryOperand(&text, d);
            MpAbiTrapTextAppend(&text, ", ");
            if (d->Register >= 0)
                MpAbiTrapTextAppend(&text, registerName(d->Register, d->Width));
            else
                MpAbiTrapTextHex(&text, d->Width == 8 ? d->Immediate
                                        : d->Immediate & ((1ull << (8 * d->Width)) - 1));
        }
        break;
    case MPABI_X86_STORE: case MPABI_X86_STORE_IMMEDIATE:
        MpAbiTrapTextAppend(&text, "mov ");
        memoryOperand(&text, d);
        MpAbiTrapTextAppend(&text, ", ");
        if (d->Op == MPABI_X86_STORE)
            MpAbiTrapTextAppend(&text, registerName(d->Register, d->Width));
        else
            MpAbiTrapTextHex(&text, d->Width == 8 ? d->Immediate
                                    : d->Immediate & ((1ull << (8 * d->Width)) - 1));
        break;
    default:
        MpAbiTrapTextAppend(&text, "?");
        break;
    }
}

void MpAbiTrapFormatUndecoded(MPABI_TRAP_DECODED *d, const unsigned char *bytes, size_t count)
{
    MPABI_TRAP_TEXT text;
    MpAbiTrapTextStart(&text, d->Text, sizeof d->Text);
    MpAbiTrapTextAppend(&text, d->Op == MPABI_X86_TRUNCATED ? "(truncated)"
                               : d->Op == MPABI_X86_UNSUPPORTED ? "(unsupported)" : "(bad)");
    for (size_t i = 0; bytes != 0 && i < count; i++) {
        MpAbiTrapTextAppend(&text, " ");
        MpAbiTrapTextByte(&text, bytes[i]);
    }
}
