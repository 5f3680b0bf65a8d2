/* The x86-64 decoder of the fault trap (see mpabi_trap.h): the instructions Windows kernel code
 * executes that fault in a user process. Bounded (15 bytes at most), no library calls, so the
 * signal handler can use it. */
#include "mpabi_trap.h"
#include "mpabi_trap_text.h"

enum { maximumLength = 15 };

/* The bytes being decoded: a cursor that reports running off the end. */
typedef struct {
    const unsigned char *Bytes;
    size_t Available;
    size_t At;
    int Truncated;
    const char *Name;   /* the mnemonic, for the text */
} cursor;

static unsigned next(cursor *c)
{
    if (c->At >= c->Available || c->At >= maximumLength) {
        c->Truncated = 1;
        return 0;
    }
    return c->Bytes[c->At++];
}

static unsigned long long little(cursor *c, unsigned count)
{
    unsigned long long value = 0;
    for (unsigned i = 0; i < count; i++)
        value |= (unsigned long long)next(c) << (8 * i);
    return value;
}

static long long signExtend(unsigned long long value, unsigned bytes)
{
    if (bytes >= 8)
        return (long long)value;
    if (bytes == 0)
        return 0;
    unsigned shift = 64 - 8 * bytes;
    return (long long)(value << shift) >> shift;
}

/* The prefixes and REX of an instruction. */
typedef struct {
    int OperandSize;   /* 66 */
    int AddressSize;   /* 67 */
    int Repeat;        /* F3 or F2, the last one seen */
    int Segment;       /* 64 or 65 */
    int Rex;           /* 0x40-0x4F, or 0 */
} prefixes;

#define REX_W(p) (((p)->Rex >> 3) & 1)
#define REX_R(p) (((p)->Rex >> 2) & 1)
#define REX_X(p) (((p)->Rex >> 1) & 1)
#define REX_B(p) ((p)->Rex & 1)

/* Reads ModRM and what follows it (SIB, displacement) into Out's memory operand. Returns the
 * ModRM byte. A register form (mod 3) leaves HasMemory 0. */
static unsigned modrm(cursor *c, const prefixes *p, MPABI_TRAP_DECODED *out)
{
    unsigned byte = next(c);
    unsigned mod = byte >> 6, rm = byte & 7;
    if (mod == 3)
        return byte;
    out->HasMemory = 1;
    out->Base = MPABI_X86_REGISTER_NONE;
    out->Index = MPABI_X86_REGISTER_NONE;
    out->Scale = 1;
    unsigned displacement = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    if (rm == 4) {
        unsigned sib = next(c);
        unsigned index = ((sib >> 3) & 7) | (REX_X(p) << 3);
        unsigned base = sib & 7;
        out->Scale = 1u << (sib >> 6);
        if (index != 4)   /* RSP cannot be an index; R12 (REX.X) can */
            out->Index = (int)index;
        if (base == 5 && mod == 0)
            displacement = 4;   /* no base: disp32 */
        else
            out->Base = (int)(base | (REX_B(p) << 3));
    } else if (rm == 5 && mod == 0) {
        out->Base = MPABI_X86_REGISTER_RIP;
        displacement = 4;
    } else {
        out->Base = (int)(rm | (REX_B(p) << 3));
    }
    out->Displacement = signExtend(little(c, displacement), displacement);
    return byte;
}

/* The general register operand of ModRM.reg (or of an opcode's low bits) for a Width-byte
 * operand: byte registers 4-7 without REX are AH, CH, DH, BH. */
static int generalRegister(unsigned number, unsigned width, const prefixes *p)
{
    if (width == 1 && p->Rex == 0 && number >= 4 && number < 8)
        return (int)(16 + number - 4);
    return (int)number;
}

static unsigned operandWidth(const prefixes *p)
{
    return REX_W(p) ? 8 : p->OperandSize ? 2 : 4;
}

/* The instruction after the prefixes: returns the op, fills Out. */
static MPABI_X86_OP opcode(cursor *c, const prefixes *p, MPABI_TRAP_DECODED *out)
{
    unsigned op = next(c);
    unsigned byte;
    switch (op) {
    case 0x88: case 0x89: case 0x8A: case 0x8B: {
        out->Width = (op & 1) ? operandWidth(p) : 1;
        out->RegisterWidth = out->Width;
        byte = modrm(c, p, out);
        out->Register = generalRegister(((byte >> 3) & 7) | (REX_R(p) << 3), out->Width, p);
        c->Name = "mov";
        if (!out->HasMemory)
            return MPABI_X86_UNSUPPORTED;   /* register to register: never faults */
        return (op & 2) ? MPABI_X86_LOAD : MPABI_X86_STORE;
    }
    case 0xC6: case 0xC7: {
        out->Width = op == 0xC6 ? 1 : operandWidth(p);
        byte = modrm(c, p, out);
        if (((byte >> 3) & 7) != 0 || !out->HasMemory)
            return MPABI_X86_UNSUPPORTED;   /* xabort/xbegin, or a register destination */
        unsigned size = out->Width > 4 ? 4 : out->Width;
        c->Name = "mov";
        out->Immediate = (unsigned long long)signExtend(little(c, size), size);
        return MPABI_X86_STORE_IMMEDIATE;
    }
    case 0x63: {
        /* movsxd: REX.W sign-extends 32 to 64; without it a plain 32- (or 16-) bit move. */
        out->Width = REX_W(p) ? 4 : p->OperandSize ? 2 : 4;
        out->RegisterWidth = operandWidth(p);
        out->Extend = REX_W(p) ? 2 : 0;
        byte = modrm(c, p, out);
        out->Register = (int)(((byte >> 3) & 7) | (REX_R(p) << 3));
        c->Name = REX_W(p) ? "movsxd" : "mov";
        return out->HasMemory ? MPABI_X86_LOAD : MPABI_X86_UNSUPPORTED;
    }
    case 0xA0: case 0xA1: case 0xA2: case 0xA3: {
        out->Width = (op & 1) ? operandWidth(p) : 1;
        out->RegisterWidth = out->Width;
        out->Register = 0;   /* AL, AX, EAX, RAX */
        unsigned size = p->AddressSize ? 4 : 8;
        out->HasMemory = 1;
        out->Base = MPABI_X86_REGISTER_NONE;
        out->Index = MPABI_X86_REGISTER_NONE;
        out->Scale = 1;
        out->Displacement = (long long)little(c, size);
        c->Name = "mov";
        return (op & 2) ? MPABI_X86_STORE : MPABI_X86_LOAD;
    }
    case 0x38: case 0x39: case 0x3A: case 0x3B: case 0x84: case 0x85: {
        out->Width = (op & 1) ? operandWidth(p) : 1;
        out->RegisterWidth = out->Width;
        byte = modrm(c, p, out);
        out->Register = generalRegister(((byte >> 3) & 7) | (REX_R(p) << 3), out->Width, p);
        out->RegisterFirst = op == 0x3A || op == 0x3B;
        c->Name = op >= 0x84 ? "test" : "cmp";
        if (!out->HasMemory)
            return MPABI_X86_UNSUPPORTED;
        return op >= 0x84 ? MPABI_X86_TEST : MPABI_X86_COMPARE;
    }
    case 0x80: case 0x81: case 0x83: case 0xF6: case 0xF7: {
        out->Width = (op == 0x80 || op == 0xF6) ? 1 : operandWidth(p);
        byte = modrm(c, p, out);
        unsigned reg = (byte >> 3) & 7;
        int test = op >= 0xF6;
        if (!out->HasMemory || reg != (test ? 0u : 7u))
            return MPABI_X86_UNSUPPORTED;   /* add, or, not, mul, div...: not modelled */
        unsigned size = op == 0x83 ? 1 : out->Width > 4 ? 4 : out->Width;
        out->Immediate = (unsigned long long)signExtend(little(c, size), size);
        c->Name = test ? "test" : "cmp";
        return test ? MPABI_X86_TEST : MPABI_X86_COMPARE;
    }
    case 0xA4: case 0xA5:
        out->Width = op == 0xA4 ? 1 : operandWidth(p);
        out->Rep = p->Repeat;
        return MPABI_X86_MOVS;
    case 0xAA: case 0xAB: case 0xAC: case 0xAD:
        out->Width = (op & 1) ? operandWidth(p) : 1;
        out->RegisterWidth = out->Width;
        out->Register = 0;
        out->Rep = p->Repeat;
        return op <= 0xAB ? MPABI_X86_STOS : MPABI_X86_LODS;
    case 0xE4: case 0xE5: case 0xE6: case 0xE7:
        out->Width = (op & 1) ? (p->OperandSize ? 2 : 4) : 1;
        out->RegisterWidth = out->Width;
        out->Register = 0;
        out->Port = (int)next(c);
        return (op & 2) ? MPABI_X86_OUT : MPABI_X86_IN;
    case 0xEC: case 0xED: case 0xEE: case 0xEF:
        out->Width = (op & 1) ? (p->OperandSize ? 2 : 4) : 1;
        out->RegisterWidth = out->Width;
        out->Register = 0;
        out->Port = -1;
        return (op & 2) ? MPABI_X86_OUT : MPABI_X86_IN;
    case 0x6C: case 0x6D: case 0x6E: case 0x6F:
        out->Width = (op & 1) ? (p->OperandSize ? 2 : 4) : 1;
        out->Port = -1;
        out->Rep = p->Repeat;
        return (op & 2) ? MPABI_X86_OUTS : MPABI_X86_INS;
    case 0xF4: return MPABI_X86_HLT;
    case 0xFA: return MPABI_X86_CLI;
    case 0xFB: return MPABI_X86_STI;
    case 0x0F:
        break;
    default:
        return MPABI_X86_UNSUPPORTED;
    }

    op = next(c);
    switch (op) {
    case 0x20: case 0x21: case 0x22: case 0x23:
        /* mov to or from CR/DR: always 64-bit, always a register (the mod bits are ignored). */
        byte = next(c);
        out->Special = (int)(((byte >> 3) & 7) | (REX_R(p) << 3));
        out->Register = (int)((byte & 7) | (REX_B(p) << 3));
        out->Width = out->RegisterWidth = 8;
        return op == 0x20 ? MPABI_X86_MOV_FROM_CR : op == 0x21 ? MPABI_X86_MOV_FROM_DR
             : op == 0x22 ? MPABI_X86_MOV_TO_CR : MPABI_X86_MOV_TO_DR;
    case 0xB6: case 0xB7: case 0xBE: case 0xBF:
        out->Width = (op & 1) ? 2 : 1;
        out->RegisterWidth = operandWidth(p);
        out->Extend = op >= 0xBE ? 2 : 1;
        byte = modrm(c, p, out);
        out->Register = (int)(((byte >> 3) & 7) | (REX_R(p) << 3));
        c->Name = op >= 0xBE ? "movsx" : "movzx";
        return out->HasMemory ? MPABI_X86_LOAD : MPABI_X86_UNSUPPORTED;
    case 0x30: out->Width = 8; return MPABI_X86_WRMSR;
    case 0x32: out->Width = 8; return MPABI_X86_RDMSR;
    case 0x06: c->Name = "clts"; return MPABI_X86_PRIVILEGED;
    case 0x07: c->Name = REX_W(p) ? "sysretq" : "sysret"; return MPABI_X86_PRIVILEGED;
    case 0x08: c->Name = "invd"; return MPABI_X86_PRIVILEGED;
    case 0x09: c->Name = "wbinvd"; return MPABI_X86_PRIVILEGED;
    case 0x33: c->Name = "rdpmc"; return MPABI_X86_PRIVILEGED;
    case 0x35: c->Name = "sysexit"; return MPABI_X86_PRIVILEGED;
    case 0x00:
        byte = modrm(c, p, out);
        out->HasMemory = 0;
        if (((byte >> 3) & 7) == 2) { c->Name = "lldt"; return MPABI_X86_PRIVILEGED; }
        if (((byte >> 3) & 7) == 3) { c->Name = "ltr"; return MPABI_X86_PRIVILEGED; }
        return MPABI_X86_UNSUPPORTED;
    case 0x01: {
        byte = modrm(c, p, out);
        unsigned reg = (byte >> 3) & 7;
        out->HasMemory = 0;
        if ((byte >> 6) != 3) {
            static const char *const names[8] = { 0, 0, "lgdt", "lidt", 0, 0, "lmsw", "invlpg" };
            c->Name = names[reg];
            return c->Name ? MPABI_X86_PRIVILEGED : MPABI_X86_UNSUPPORTED;
        }
        switch (byte) {
        case 0xC8: c->Name = "monitor"; return MPABI_X86_PRIVILEGED;
        case 0xC9: c->Name = "mwait"; return MPABI_X86_PRIVILEGED;
        case 0xCA: c->Name = "clac"; return MPABI_X86_PRIVILEGED;
        case 0xCB: c->Name = "stac"; return MPABI_X86_PRIVILEGED;
        case 0xF8: c->Name = "swapgs"; return MPABI_X86_PRIVILEGED;
        default:
            if (reg == 6) { c->Name = "lmsw"; return MPABI_X86_PRIVILEGED; }
            return MPABI_X86_UNSUPPORTED;
        }
    }
    default:
        return MPABI_X86_UNSUPPORTED;
    }
}

int MpAbiTrapDecode(const unsigned char *bytes, size_t length, MPABI_TRAP_DECODED *out)
{
    if (out == 0)
        return 0;
    unsigned char *clear = (unsigned char *)out;
    for (size_t i = 0; i < sizeof *out; i++)
        clear[i] = 0;
    out->Register = MPABI_X86_REGISTER_NONE;
    out->Special = -1;
    out->Base = MPABI_X86_REGISTER_NONE;
    out->Index = MPABI_X86_REGISTER_NONE;
    out->Scale = 1;
    out->AddressWidth = 8;
    out->Port = -1;
    cursor c = { bytes, bytes == 0 ? 0 : length, 0, 0, 0 };

    prefixes p = { 0, 0, 0, 0, 0 };
    for (;;) {
        if (c.At >= c.Available || c.At >= maximumLength)
            break;
        unsigned byte = bytes[c.At];
        if (byte == 0x66) p.OperandSize = 1;
        else if (byte == 0x67) p.AddressSize = 1;
        else if (byte == 0xF2 || byte == 0xF3) p.Repeat = (int)byte;
        else if (byte == 0x64 || byte == 0x65) p.Segment = (int)byte;
        else if (byte == 0x2E || byte == 0x36 || byte == 0x3E || byte == 0x26 || byte == 0xF0) { /* no effect here */ }
        else if (byte >= 0x40 && byte <= 0x4F) {
            /* REX counts only right before the opcode: a legacy prefix after it cancels it, a
             * REX after it replaces it. */
            p.Rex = (int)byte;
            c.At++;
            if (c.At < c.Available && c.At < maximumLength) {
                unsigned following = bytes[c.At];
                if (following >= 0x40 && following <= 0x4F)
                    continue;
                if (following == 0x66 || following == 0x67 || following == 0xF2 || following == 0xF3 ||
                    following == 0x64 || following == 0x65 || following == 0x2E || following == 0x36 ||
                    following == 0x3E || following == 0x26 || following == 0xF0) {
                    p.Rex = 0;
                    continue;
                }
            }
            break;
        } else break;
        p.Rex = 0;
        c.At++;
    }
    out->AddressWidth = p.AddressSize ? 4 : 8;
    out->Segment = p.Segment;

    MPABI_X86_OP op = opcode(&c, &p, out);
    if (c.Truncated) {
        /* Fifteen bytes were there and the instruction needs more: not an instruction. */
        op = (c.Available >= maximumLength) ? MPABI_X86_INVALID : MPABI_X86_TRUNCATED;
    }
    out->Op = op;
    if (op == MPABI_X86_INVALID || op == MPABI_X86_TRUNCATED || op == MPABI_X86_UNSUPPORTED) {
        out->Length = 0;
        out->HasMemory = 0;
        out->Base = out->Index = MPABI_X86_REGISTER_NONE;
        out->Displacement = 0;
        MpAbiTrapFormatUndecoded(out, bytes, c.Available < maximumLength ? c.Available : maximumLength);
        return 0;
    }
    out->Length = (unsigned)c.At;
    MpAbiTrapFormat(out, c.Name);
    return 1;
}

unsigned long long MpAbiTrapEffectiveAddress(const MPABI_TRAP_DECODED *d, const unsigned long long registers[16],
                                             unsigned long long rip)
{
    if (d == 0 || !d->HasMemory)
        return 0;
    unsigned long long address = (unsigned long long)d->Displacement;
    if (d->Base == MPABI_X86_REGISTER_RIP)
        address += rip + d->Length;
    else if (d->Base >= 0 && d->Base < 16)
        address += registers[d->Base];
    if (d->Index >= 0 && d->Index < 16)
        address += registers[d->Index] * d->Scale;
    if (d->AddressWidth == 4)
        address &= 0xFFFFFFFFull;
    return address;
}
