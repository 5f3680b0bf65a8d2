	.def	@feat.00;
	.scl	3;
	.type	0;
	.endef
	.globl	@feat.00
@feat.00 = 0
	.file	"windows-x64-storport.c"
	.data
	.globl	mpabi_bf_0                      # @mpabi_bf_0
	.p2align	2, 0x0
mpabi_bf_0:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_1                      # @mpabi_bf_1
	.p2align	2, 0x0
mpabi_bf_1:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_2                      # @mpabi_bf_2
	.p2align	2, 0x0
mpabi_bf_2:
	.byte	0                               # 0x0
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff

	.globl	mpabi_bf_3                      # @mpabi_bf_3
	.p2align	2, 0x0
mpabi_bf_3:
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_4                      # @mpabi_bf_4
	.p2align	2, 0x0
mpabi_bf_4:
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff

	.globl	mpabi_bf_5                      # @mpabi_bf_5
	.p2align	2, 0x0
mpabi_bf_5:
	.zero	2
	.byte	255                             # 0xff
	.byte	7                               # 0x7
	.zero	4
	.zero	4

	.globl	mpabi_bf_6                      # @mpabi_bf_6
	.p2align	2, 0x0
mpabi_bf_6:
	.zero	2
	.byte	0                               # 0x0
	.byte	56                              # 0x38
	.zero	4
	.zero	4

	.globl	mpabi_bf_7                      # @mpabi_bf_7
	.p2align	2, 0x0
mpabi_bf_7:
	.zero	2
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	4
	.zero	4

	.globl	mpabi_bf_8                      # @mpabi_bf_8
	.p2align	2, 0x0
mpabi_bf_8:
	.zero	2
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	4
	.zero	4

	.globl	mpabi_bf_9                      # @mpabi_bf_9
	.p2align	2, 0x0
mpabi_bf_9:
	.zero	2
	.zero	2
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_10                     # @mpabi_bf_10
	.p2align	2, 0x0
mpabi_bf_10:
	.zero	2
	.zero	2
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.zero	4

	.globl	mpabi_bf_11                     # @mpabi_bf_11
	.p2align	2, 0x0
mpabi_bf_11:
	.zero	2
	.zero	2
	.zero	4
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_12                     # @mpabi_bf_12
	.p2align	2, 0x0
mpabi_bf_12:
	.zero	2
	.zero	2
	.zero	4
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff

	.section	.debug$S,"dr"
	.p2align	2, 0x0
	.long	4                               # Debug section magic
	.long	241
	.long	.Ltmp1-.Ltmp0                   # Subsection size
.Ltmp0:
	.short	.Ltmp3-.Ltmp2                   # Record length
.Ltmp2:
	.short	4353                            # Record kind: S_OBJNAME
	.long	0                               # Signature
	.byte	0                               # Object name
	.p2align	2, 0x0
.Ltmp3:
	.short	.Ltmp5-.Ltmp4                   # Record length
.Ltmp4:
	.short	4412                            # Record kind: S_COMPILE3
	.long	0                               # Flags and language
	.short	208                             # CPUType
	.short	21                              # Frontend version
	.short	0
	.short	0
	.short	0
	.short	21000                           # Backend version
	.short	0
	.short	0
	.short	0
	.asciz	"clang version 21.0.0 (https://github.com/swiftlang/llvm-project.git 11673e6660b2d0a5f9f99b1c7b773f4c2f6df1b0)" # Null-terminated compiler version string
	.p2align	2, 0x0
.Ltmp5:
.Ltmp1:
	.p2align	2, 0x0
	.addrsig
