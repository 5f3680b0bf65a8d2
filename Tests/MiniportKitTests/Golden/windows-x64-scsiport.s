	.def	@feat.00;
	.scl	3;
	.type	0;
	.endef
	.globl	@feat.00
@feat.00 = 0
	.file	"windows-x64-scsiport.c"
	.data
	.globl	mpabi_bf_0                      # @mpabi_bf_0
	.p2align	2, 0x0
mpabi_bf_0:
	.short	0                               # 0x0
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_1                      # @mpabi_bf_1
	.p2align	2, 0x0
mpabi_bf_1:
	.short	0                               # 0x0
	.zero	2
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_2                      # @mpabi_bf_2
	.p2align	2, 0x0
mpabi_bf_2:
	.short	0                               # 0x0
	.zero	2
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_3                      # @mpabi_bf_3
	.p2align	2, 0x0
mpabi_bf_3:
	.short	0                               # 0x0
	.zero	2
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_4                      # @mpabi_bf_4
	.p2align	2, 0x0
mpabi_bf_4:
	.short	0                               # 0x0
	.zero	2
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_5                      # @mpabi_bf_5
	.p2align	2, 0x0
mpabi_bf_5:
	.short	0                               # 0x0
	.zero	2
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_6                      # @mpabi_bf_6
	.p2align	2, 0x0
mpabi_bf_6:
	.short	0                               # 0x0
	.zero	2
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_7                      # @mpabi_bf_7
	.p2align	2, 0x0
mpabi_bf_7:
	.short	0                               # 0x0
	.zero	2
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_8                      # @mpabi_bf_8
	.p2align	2, 0x0
mpabi_bf_8:
	.short	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2

	.globl	mpabi_bf_9                      # @mpabi_bf_9
	.p2align	2, 0x0
mpabi_bf_9:
	.short	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	2

	.globl	mpabi_bf_10                     # @mpabi_bf_10
mpabi_bf_10:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_11                     # @mpabi_bf_11
mpabi_bf_11:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_12                     # @mpabi_bf_12
mpabi_bf_12:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_13                     # @mpabi_bf_13
mpabi_bf_13:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	1                               # 0x1
	.zero	10

	.globl	mpabi_bf_14                     # @mpabi_bf_14
mpabi_bf_14:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	2                               # 0x2
	.zero	10

	.globl	mpabi_bf_15                     # @mpabi_bf_15
mpabi_bf_15:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	60                              # 0x3c
	.zero	10

	.globl	mpabi_bf_16                     # @mpabi_bf_16
mpabi_bf_16:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	192                             # 0xc0
	.zero	10

	.globl	mpabi_bf_17                     # @mpabi_bf_17
mpabi_bf_17:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_18                     # @mpabi_bf_18
mpabi_bf_18:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_19                     # @mpabi_bf_19
mpabi_bf_19:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_20                     # @mpabi_bf_20
mpabi_bf_20:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_21                     # @mpabi_bf_21
mpabi_bf_21:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_22                     # @mpabi_bf_22
mpabi_bf_22:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_23                     # @mpabi_bf_23
mpabi_bf_23:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_24                     # @mpabi_bf_24
mpabi_bf_24:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_25                     # @mpabi_bf_25
mpabi_bf_25:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_26                     # @mpabi_bf_26
mpabi_bf_26:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_27                     # @mpabi_bf_27
mpabi_bf_27:
	.byte	0                               # 0x0
	.byte	24                              # 0x18
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_28                     # @mpabi_bf_28
mpabi_bf_28:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_29                     # @mpabi_bf_29
mpabi_bf_29:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_30                     # @mpabi_bf_30
mpabi_bf_30:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_31                     # @mpabi_bf_31
mpabi_bf_31:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_32                     # @mpabi_bf_32
mpabi_bf_32:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_33                     # @mpabi_bf_33
mpabi_bf_33:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_34                     # @mpabi_bf_34
mpabi_bf_34:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_35                     # @mpabi_bf_35
mpabi_bf_35:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_36                     # @mpabi_bf_36
mpabi_bf_36:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_37                     # @mpabi_bf_37
mpabi_bf_37:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_38                     # @mpabi_bf_38
mpabi_bf_38:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_39                     # @mpabi_bf_39
mpabi_bf_39:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_40                     # @mpabi_bf_40
mpabi_bf_40:
	.byte	0                               # 0x0
	.byte	6                               # 0x6
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_41                     # @mpabi_bf_41
mpabi_bf_41:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_42                     # @mpabi_bf_42
mpabi_bf_42:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_43                     # @mpabi_bf_43
mpabi_bf_43:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_44                     # @mpabi_bf_44
mpabi_bf_44:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_45                     # @mpabi_bf_45
mpabi_bf_45:
	.byte	0                               # 0x0
	.byte	6                               # 0x6
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_46                     # @mpabi_bf_46
mpabi_bf_46:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_47                     # @mpabi_bf_47
mpabi_bf_47:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_48                     # @mpabi_bf_48
mpabi_bf_48:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_49                     # @mpabi_bf_49
mpabi_bf_49:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_50                     # @mpabi_bf_50
mpabi_bf_50:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_51                     # @mpabi_bf_51
mpabi_bf_51:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_52                     # @mpabi_bf_52
mpabi_bf_52:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_53                     # @mpabi_bf_53
mpabi_bf_53:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_54                     # @mpabi_bf_54
mpabi_bf_54:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_55                     # @mpabi_bf_55
mpabi_bf_55:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_56                     # @mpabi_bf_56
mpabi_bf_56:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_57                     # @mpabi_bf_57
mpabi_bf_57:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	127                             # 0x7f
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_58                     # @mpabi_bf_58
mpabi_bf_58:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_59                     # @mpabi_bf_59
mpabi_bf_59:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	127                             # 0x7f
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_60                     # @mpabi_bf_60
mpabi_bf_60:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_61                     # @mpabi_bf_61
mpabi_bf_61:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_62                     # @mpabi_bf_62
mpabi_bf_62:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_63                     # @mpabi_bf_63
mpabi_bf_63:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	31                              # 0x1f
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_64                     # @mpabi_bf_64
mpabi_bf_64:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_65                     # @mpabi_bf_65
mpabi_bf_65:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_66                     # @mpabi_bf_66
mpabi_bf_66:
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_67                     # @mpabi_bf_67
mpabi_bf_67:
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_68                     # @mpabi_bf_68
mpabi_bf_68:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_69                     # @mpabi_bf_69
mpabi_bf_69:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	6
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_70                     # @mpabi_bf_70
mpabi_bf_70:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	6
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_71                     # @mpabi_bf_71
mpabi_bf_71:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_72                     # @mpabi_bf_72
mpabi_bf_72:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_73                     # @mpabi_bf_73
mpabi_bf_73:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_74                     # @mpabi_bf_74
mpabi_bf_74:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_75                     # @mpabi_bf_75
mpabi_bf_75:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_76                     # @mpabi_bf_76
mpabi_bf_76:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_77                     # @mpabi_bf_77
mpabi_bf_77:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	63                              # 0x3f
	.zero	6

	.globl	mpabi_bf_78                     # @mpabi_bf_78
mpabi_bf_78:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.byte	192                             # 0xc0
	.zero	6

	.globl	mpabi_bf_79                     # @mpabi_bf_79
mpabi_bf_79:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_80                     # @mpabi_bf_80
mpabi_bf_80:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_81                     # @mpabi_bf_81
mpabi_bf_81:
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_82                     # @mpabi_bf_82
mpabi_bf_82:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_83                     # @mpabi_bf_83
mpabi_bf_83:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_84                     # @mpabi_bf_84
mpabi_bf_84:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_85                     # @mpabi_bf_85
mpabi_bf_85:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_86                     # @mpabi_bf_86
mpabi_bf_86:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_87                     # @mpabi_bf_87
mpabi_bf_87:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_88                     # @mpabi_bf_88
mpabi_bf_88:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_89                     # @mpabi_bf_89
mpabi_bf_89:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_90                     # @mpabi_bf_90
mpabi_bf_90:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	2
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_91                     # @mpabi_bf_91
mpabi_bf_91:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_92                     # @mpabi_bf_92
mpabi_bf_92:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_93                     # @mpabi_bf_93
mpabi_bf_93:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_94                     # @mpabi_bf_94
mpabi_bf_94:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_95                     # @mpabi_bf_95
mpabi_bf_95:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_96                     # @mpabi_bf_96
mpabi_bf_96:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_97                     # @mpabi_bf_97
mpabi_bf_97:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_98                     # @mpabi_bf_98
mpabi_bf_98:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_99                     # @mpabi_bf_99
mpabi_bf_99:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_100                    # @mpabi_bf_100
mpabi_bf_100:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_101                    # @mpabi_bf_101
mpabi_bf_101:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_102                    # @mpabi_bf_102
mpabi_bf_102:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_103                    # @mpabi_bf_103
mpabi_bf_103:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_104                    # @mpabi_bf_104
mpabi_bf_104:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_105                    # @mpabi_bf_105
mpabi_bf_105:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_106                    # @mpabi_bf_106
mpabi_bf_106:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.zero	4
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_107                    # @mpabi_bf_107
mpabi_bf_107:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	4
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_108                    # @mpabi_bf_108
mpabi_bf_108:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_109                    # @mpabi_bf_109
mpabi_bf_109:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_110                    # @mpabi_bf_110
mpabi_bf_110:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_111                    # @mpabi_bf_111
mpabi_bf_111:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_112                    # @mpabi_bf_112
mpabi_bf_112:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_113                    # @mpabi_bf_113
mpabi_bf_113:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_114                    # @mpabi_bf_114
mpabi_bf_114:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_115                    # @mpabi_bf_115
mpabi_bf_115:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_116                    # @mpabi_bf_116
mpabi_bf_116:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_117                    # @mpabi_bf_117
mpabi_bf_117:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_118                    # @mpabi_bf_118
mpabi_bf_118:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	112                             # 0x70
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_119                    # @mpabi_bf_119
mpabi_bf_119:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_120                    # @mpabi_bf_120
mpabi_bf_120:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_121                    # @mpabi_bf_121
mpabi_bf_121:
	.byte	0                               # 0x0
	.byte	14                              # 0xe
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_122                    # @mpabi_bf_122
mpabi_bf_122:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_123                    # @mpabi_bf_123
mpabi_bf_123:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_124                    # @mpabi_bf_124
mpabi_bf_124:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_125                    # @mpabi_bf_125
mpabi_bf_125:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_126                    # @mpabi_bf_126
mpabi_bf_126:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	7
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_127                    # @mpabi_bf_127
mpabi_bf_127:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	7
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_128                    # @mpabi_bf_128
mpabi_bf_128:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_129                    # @mpabi_bf_129
mpabi_bf_129:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_130                    # @mpabi_bf_130
mpabi_bf_130:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_131                    # @mpabi_bf_131
mpabi_bf_131:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_132                    # @mpabi_bf_132
mpabi_bf_132:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_133                    # @mpabi_bf_133
mpabi_bf_133:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_134                    # @mpabi_bf_134
mpabi_bf_134:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_135                    # @mpabi_bf_135
mpabi_bf_135:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_136                    # @mpabi_bf_136
mpabi_bf_136:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_137                    # @mpabi_bf_137
mpabi_bf_137:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_138                    # @mpabi_bf_138
mpabi_bf_138:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_139                    # @mpabi_bf_139
mpabi_bf_139:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_140                    # @mpabi_bf_140
mpabi_bf_140:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	6                               # 0x6
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_141                    # @mpabi_bf_141
mpabi_bf_141:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_142                    # @mpabi_bf_142
mpabi_bf_142:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_143                    # @mpabi_bf_143
mpabi_bf_143:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	96                              # 0x60
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_144                    # @mpabi_bf_144
mpabi_bf_144:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_145                    # @mpabi_bf_145
mpabi_bf_145:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_146                    # @mpabi_bf_146
mpabi_bf_146:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.byte	248                             # 0xf8
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_147                    # @mpabi_bf_147
mpabi_bf_147:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_148                    # @mpabi_bf_148
mpabi_bf_148:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_149                    # @mpabi_bf_149
mpabi_bf_149:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_150                    # @mpabi_bf_150
mpabi_bf_150:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_151                    # @mpabi_bf_151
mpabi_bf_151:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_152                    # @mpabi_bf_152
mpabi_bf_152:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	6                               # 0x6
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_153                    # @mpabi_bf_153
mpabi_bf_153:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_154                    # @mpabi_bf_154
mpabi_bf_154:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_155                    # @mpabi_bf_155
mpabi_bf_155:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	96                              # 0x60
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_156                    # @mpabi_bf_156
mpabi_bf_156:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_157                    # @mpabi_bf_157
mpabi_bf_157:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_158                    # @mpabi_bf_158
mpabi_bf_158:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	248                             # 0xf8
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_159                    # @mpabi_bf_159
mpabi_bf_159:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_160                    # @mpabi_bf_160
mpabi_bf_160:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_161                    # @mpabi_bf_161
mpabi_bf_161:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_162                    # @mpabi_bf_162
mpabi_bf_162:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_163                    # @mpabi_bf_163
mpabi_bf_163:
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_164                    # @mpabi_bf_164
mpabi_bf_164:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_165                    # @mpabi_bf_165
mpabi_bf_165:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_166                    # @mpabi_bf_166
mpabi_bf_166:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_167                    # @mpabi_bf_167
mpabi_bf_167:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_168                    # @mpabi_bf_168
mpabi_bf_168:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_169                    # @mpabi_bf_169
mpabi_bf_169:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_170                    # @mpabi_bf_170
mpabi_bf_170:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_171                    # @mpabi_bf_171
mpabi_bf_171:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_172                    # @mpabi_bf_172
mpabi_bf_172:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_173                    # @mpabi_bf_173
mpabi_bf_173:
	.byte	0                               # 0x0
	.byte	14                              # 0xe
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_174                    # @mpabi_bf_174
mpabi_bf_174:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_175                    # @mpabi_bf_175
mpabi_bf_175:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_176                    # @mpabi_bf_176
mpabi_bf_176:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_177                    # @mpabi_bf_177
mpabi_bf_177:
	.byte	0                               # 0x0
	.byte	14                              # 0xe
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_178                    # @mpabi_bf_178
mpabi_bf_178:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_179                    # @mpabi_bf_179
mpabi_bf_179:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_180                    # @mpabi_bf_180
mpabi_bf_180:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_181                    # @mpabi_bf_181
mpabi_bf_181:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_182                    # @mpabi_bf_182
mpabi_bf_182:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_183                    # @mpabi_bf_183
mpabi_bf_183:
	.byte	0                               # 0x0
	.byte	24                              # 0x18
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_184                    # @mpabi_bf_184
mpabi_bf_184:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_185                    # @mpabi_bf_185
mpabi_bf_185:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_186                    # @mpabi_bf_186
mpabi_bf_186:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_187                    # @mpabi_bf_187
mpabi_bf_187:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_188                    # @mpabi_bf_188
mpabi_bf_188:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_189                    # @mpabi_bf_189
mpabi_bf_189:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_190                    # @mpabi_bf_190
mpabi_bf_190:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_191                    # @mpabi_bf_191
mpabi_bf_191:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_192                    # @mpabi_bf_192
mpabi_bf_192:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_193                    # @mpabi_bf_193
mpabi_bf_193:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_194                    # @mpabi_bf_194
mpabi_bf_194:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_195                    # @mpabi_bf_195
mpabi_bf_195:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_196                    # @mpabi_bf_196
mpabi_bf_196:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_197                    # @mpabi_bf_197
mpabi_bf_197:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_198                    # @mpabi_bf_198
mpabi_bf_198:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_199                    # @mpabi_bf_199
mpabi_bf_199:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_200                    # @mpabi_bf_200
mpabi_bf_200:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_201                    # @mpabi_bf_201
mpabi_bf_201:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_202                    # @mpabi_bf_202
mpabi_bf_202:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_203                    # @mpabi_bf_203
mpabi_bf_203:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_204                    # @mpabi_bf_204
mpabi_bf_204:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_205                    # @mpabi_bf_205
mpabi_bf_205:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_206                    # @mpabi_bf_206
mpabi_bf_206:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_207                    # @mpabi_bf_207
mpabi_bf_207:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_208                    # @mpabi_bf_208
mpabi_bf_208:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_209                    # @mpabi_bf_209
mpabi_bf_209:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_210                    # @mpabi_bf_210
mpabi_bf_210:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_211                    # @mpabi_bf_211
mpabi_bf_211:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_212                    # @mpabi_bf_212
mpabi_bf_212:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_213                    # @mpabi_bf_213
mpabi_bf_213:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_214                    # @mpabi_bf_214
mpabi_bf_214:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_215                    # @mpabi_bf_215
mpabi_bf_215:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_216                    # @mpabi_bf_216
mpabi_bf_216:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_217                    # @mpabi_bf_217
mpabi_bf_217:
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_218                    # @mpabi_bf_218
mpabi_bf_218:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	1                               # 0x1
	.zero	10

	.globl	mpabi_bf_219                    # @mpabi_bf_219
mpabi_bf_219:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	2                               # 0x2
	.zero	10

	.globl	mpabi_bf_220                    # @mpabi_bf_220
mpabi_bf_220:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	60                              # 0x3c
	.zero	10

	.globl	mpabi_bf_221                    # @mpabi_bf_221
mpabi_bf_221:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	192                             # 0xc0
	.zero	10

	.globl	mpabi_bf_222                    # @mpabi_bf_222
mpabi_bf_222:
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	10

	.globl	mpabi_bf_223                    # @mpabi_bf_223
mpabi_bf_223:
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	10

	.globl	mpabi_bf_224                    # @mpabi_bf_224
mpabi_bf_224:
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	60                              # 0x3c
	.zero	10

	.globl	mpabi_bf_225                    # @mpabi_bf_225
mpabi_bf_225:
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	10

	.globl	mpabi_bf_226                    # @mpabi_bf_226
mpabi_bf_226:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_227                    # @mpabi_bf_227
mpabi_bf_227:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_228                    # @mpabi_bf_228
mpabi_bf_228:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_229                    # @mpabi_bf_229
mpabi_bf_229:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_230                    # @mpabi_bf_230
mpabi_bf_230:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_231                    # @mpabi_bf_231
mpabi_bf_231:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_232                    # @mpabi_bf_232
mpabi_bf_232:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_233                    # @mpabi_bf_233
mpabi_bf_233:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.zero	10

	.globl	mpabi_bf_234                    # @mpabi_bf_234
mpabi_bf_234:
	.byte	0                               # 0x0
	.byte	24                              # 0x18
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.zero	10

	.globl	mpabi_bf_235                    # @mpabi_bf_235
mpabi_bf_235:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.zero	10

	.globl	mpabi_bf_236                    # @mpabi_bf_236
mpabi_bf_236:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	10

	.globl	mpabi_bf_237                    # @mpabi_bf_237
mpabi_bf_237:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	10

	.globl	mpabi_bf_238                    # @mpabi_bf_238
mpabi_bf_238:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	60                              # 0x3c
	.zero	10

	.globl	mpabi_bf_239                    # @mpabi_bf_239
mpabi_bf_239:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	10

	.globl	mpabi_bf_240                    # @mpabi_bf_240
mpabi_bf_240:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	7
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_241                    # @mpabi_bf_241
mpabi_bf_241:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	7
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_242                    # @mpabi_bf_242
mpabi_bf_242:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	7
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_243                    # @mpabi_bf_243
mpabi_bf_243:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_244                    # @mpabi_bf_244
mpabi_bf_244:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_245                    # @mpabi_bf_245
mpabi_bf_245:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	10

	.globl	mpabi_bf_246                    # @mpabi_bf_246
mpabi_bf_246:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	10

	.globl	mpabi_bf_247                    # @mpabi_bf_247
mpabi_bf_247:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	60                              # 0x3c
	.zero	10

	.globl	mpabi_bf_248                    # @mpabi_bf_248
mpabi_bf_248:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	10

	.globl	mpabi_bf_249                    # @mpabi_bf_249
mpabi_bf_249:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_250                    # @mpabi_bf_250
mpabi_bf_250:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	10

	.globl	mpabi_bf_251                    # @mpabi_bf_251
mpabi_bf_251:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	127                             # 0x7f
	.zero	10

	.globl	mpabi_bf_252                    # @mpabi_bf_252
mpabi_bf_252:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	128                             # 0x80
	.zero	10

	.globl	mpabi_bf_253                    # @mpabi_bf_253
mpabi_bf_253:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_254                    # @mpabi_bf_254
mpabi_bf_254:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_255                    # @mpabi_bf_255
mpabi_bf_255:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_256                    # @mpabi_bf_256
mpabi_bf_256:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	127                             # 0x7f
	.zero	6

	.globl	mpabi_bf_257                    # @mpabi_bf_257
mpabi_bf_257:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	6

	.globl	mpabi_bf_258                    # @mpabi_bf_258
mpabi_bf_258:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_259                    # @mpabi_bf_259
mpabi_bf_259:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_260                    # @mpabi_bf_260
mpabi_bf_260:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_261                    # @mpabi_bf_261
mpabi_bf_261:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.byte	254                             # 0xfe
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_262                    # @mpabi_bf_262
mpabi_bf_262:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_263                    # @mpabi_bf_263
mpabi_bf_263:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_264                    # @mpabi_bf_264
mpabi_bf_264:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_265                    # @mpabi_bf_265
mpabi_bf_265:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	254                             # 0xfe
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_266                    # @mpabi_bf_266
mpabi_bf_266:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_267                    # @mpabi_bf_267
mpabi_bf_267:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_268                    # @mpabi_bf_268
mpabi_bf_268:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_269                    # @mpabi_bf_269
mpabi_bf_269:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_270                    # @mpabi_bf_270
mpabi_bf_270:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_271                    # @mpabi_bf_271
mpabi_bf_271:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_272                    # @mpabi_bf_272
mpabi_bf_272:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_273                    # @mpabi_bf_273
mpabi_bf_273:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_274                    # @mpabi_bf_274
mpabi_bf_274:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_275                    # @mpabi_bf_275
mpabi_bf_275:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_276                    # @mpabi_bf_276
mpabi_bf_276:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_277                    # @mpabi_bf_277
mpabi_bf_277:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_278                    # @mpabi_bf_278
mpabi_bf_278:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_279                    # @mpabi_bf_279
mpabi_bf_279:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_280                    # @mpabi_bf_280
mpabi_bf_280:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_281                    # @mpabi_bf_281
mpabi_bf_281:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_282                    # @mpabi_bf_282
mpabi_bf_282:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_283                    # @mpabi_bf_283
mpabi_bf_283:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_284                    # @mpabi_bf_284
mpabi_bf_284:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_285                    # @mpabi_bf_285
mpabi_bf_285:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	1                               # 0x1
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_286                    # @mpabi_bf_286
mpabi_bf_286:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	2                               # 0x2
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_287                    # @mpabi_bf_287
mpabi_bf_287:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	252                             # 0xfc
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_288                    # @mpabi_bf_288
mpabi_bf_288:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	6
	.zero	2
	.zero	1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_289                    # @mpabi_bf_289
mpabi_bf_289:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	6
	.zero	2
	.zero	1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_290                    # @mpabi_bf_290
mpabi_bf_290:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_291                    # @mpabi_bf_291
mpabi_bf_291:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_292                    # @mpabi_bf_292
mpabi_bf_292:
	.byte	0                               # 0x0
	.byte	28                              # 0x1c
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_293                    # @mpabi_bf_293
mpabi_bf_293:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_294                    # @mpabi_bf_294
mpabi_bf_294:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_295                    # @mpabi_bf_295
mpabi_bf_295:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_296                    # @mpabi_bf_296
mpabi_bf_296:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_297                    # @mpabi_bf_297
mpabi_bf_297:
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_298                    # @mpabi_bf_298
mpabi_bf_298:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_299                    # @mpabi_bf_299
mpabi_bf_299:
	.byte	0                               # 0x0
	.byte	24                              # 0x18
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_300                    # @mpabi_bf_300
mpabi_bf_300:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_301                    # @mpabi_bf_301
mpabi_bf_301:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_302                    # @mpabi_bf_302
mpabi_bf_302:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_303                    # @mpabi_bf_303
mpabi_bf_303:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_304                    # @mpabi_bf_304
mpabi_bf_304:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_305                    # @mpabi_bf_305
mpabi_bf_305:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	5
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_306                    # @mpabi_bf_306
mpabi_bf_306:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	5
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_307                    # @mpabi_bf_307
mpabi_bf_307:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	6
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_308                    # @mpabi_bf_308
mpabi_bf_308:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	6
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_309                    # @mpabi_bf_309
mpabi_bf_309:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6
	.zero	2
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_310                    # @mpabi_bf_310
mpabi_bf_310:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	6
	.zero	2
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_311                    # @mpabi_bf_311
mpabi_bf_311:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_312                    # @mpabi_bf_312
mpabi_bf_312:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_313                    # @mpabi_bf_313
mpabi_bf_313:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	2
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_314                    # @mpabi_bf_314
mpabi_bf_314:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	2
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_315                    # @mpabi_bf_315
mpabi_bf_315:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_316                    # @mpabi_bf_316
mpabi_bf_316:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_317                    # @mpabi_bf_317
mpabi_bf_317:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_318                    # @mpabi_bf_318
mpabi_bf_318:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_319                    # @mpabi_bf_319
mpabi_bf_319:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_320                    # @mpabi_bf_320
mpabi_bf_320:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	5
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_321                    # @mpabi_bf_321
mpabi_bf_321:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_322                    # @mpabi_bf_322
mpabi_bf_322:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_323                    # @mpabi_bf_323
mpabi_bf_323:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_324                    # @mpabi_bf_324
mpabi_bf_324:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_325                    # @mpabi_bf_325
mpabi_bf_325:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_326                    # @mpabi_bf_326
mpabi_bf_326:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_327                    # @mpabi_bf_327
mpabi_bf_327:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_328                    # @mpabi_bf_328
mpabi_bf_328:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_329                    # @mpabi_bf_329
mpabi_bf_329:
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.zero	2
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_330                    # @mpabi_bf_330
mpabi_bf_330:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	2
	.zero	3
	.zero	2
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_331                    # @mpabi_bf_331
mpabi_bf_331:
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.zero	2
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_332                    # @mpabi_bf_332
mpabi_bf_332:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	2
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_333                    # @mpabi_bf_333
mpabi_bf_333:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_334                    # @mpabi_bf_334
mpabi_bf_334:
	.byte	0                               # 0x0
	.byte	6                               # 0x6
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_335                    # @mpabi_bf_335
mpabi_bf_335:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_336                    # @mpabi_bf_336
mpabi_bf_336:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_337                    # @mpabi_bf_337
mpabi_bf_337:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_338                    # @mpabi_bf_338
mpabi_bf_338:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.byte	127                             # 0x7f
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_339                    # @mpabi_bf_339
mpabi_bf_339:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_340                    # @mpabi_bf_340
mpabi_bf_340:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_341                    # @mpabi_bf_341
mpabi_bf_341:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_342                    # @mpabi_bf_342
mpabi_bf_342:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_343                    # @mpabi_bf_343
mpabi_bf_343:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_344                    # @mpabi_bf_344
mpabi_bf_344:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_345                    # @mpabi_bf_345
mpabi_bf_345:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_346                    # @mpabi_bf_346
mpabi_bf_346:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.byte	127                             # 0x7f
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_347                    # @mpabi_bf_347
mpabi_bf_347:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_348                    # @mpabi_bf_348
mpabi_bf_348:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_349                    # @mpabi_bf_349
mpabi_bf_349:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_350                    # @mpabi_bf_350
mpabi_bf_350:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_351                    # @mpabi_bf_351
mpabi_bf_351:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_352                    # @mpabi_bf_352
mpabi_bf_352:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_353                    # @mpabi_bf_353
mpabi_bf_353:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_354                    # @mpabi_bf_354
mpabi_bf_354:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_355                    # @mpabi_bf_355
mpabi_bf_355:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_356                    # @mpabi_bf_356
mpabi_bf_356:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_357                    # @mpabi_bf_357
mpabi_bf_357:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_358                    # @mpabi_bf_358
mpabi_bf_358:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_359                    # @mpabi_bf_359
mpabi_bf_359:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_360                    # @mpabi_bf_360
mpabi_bf_360:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_361                    # @mpabi_bf_361
mpabi_bf_361:
	.byte	0                               # 0x0
	.zero	1
	.zero	8
	.zero	4
	.byte	127                             # 0x7f
	.byte	0                               # 0x0

	.globl	mpabi_bf_362                    # @mpabi_bf_362
mpabi_bf_362:
	.byte	0                               # 0x0
	.zero	1
	.zero	8
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0

	.globl	mpabi_bf_363                    # @mpabi_bf_363
mpabi_bf_363:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_364                    # @mpabi_bf_364
mpabi_bf_364:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_365                    # @mpabi_bf_365
mpabi_bf_365:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_366                    # @mpabi_bf_366
mpabi_bf_366:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.zero	1
	.byte	0                               # 0x0

	.globl	mpabi_bf_367                    # @mpabi_bf_367
mpabi_bf_367:
	.byte	0                               # 0x0
	.zero	1
	.zero	8
	.zero	4
	.byte	127                             # 0x7f
	.byte	0                               # 0x0

	.globl	mpabi_bf_368                    # @mpabi_bf_368
mpabi_bf_368:
	.byte	0                               # 0x0
	.zero	1
	.zero	8
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0

	.globl	mpabi_bf_369                    # @mpabi_bf_369
mpabi_bf_369:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_370                    # @mpabi_bf_370
mpabi_bf_370:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_371                    # @mpabi_bf_371
mpabi_bf_371:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_372                    # @mpabi_bf_372
mpabi_bf_372:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_373                    # @mpabi_bf_373
mpabi_bf_373:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_374                    # @mpabi_bf_374
mpabi_bf_374:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_375                    # @mpabi_bf_375
mpabi_bf_375:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	127                             # 0x7f
	.byte	0                               # 0x0

	.globl	mpabi_bf_376                    # @mpabi_bf_376
mpabi_bf_376:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0

	.globl	mpabi_bf_377                    # @mpabi_bf_377
mpabi_bf_377:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_378                    # @mpabi_bf_378
mpabi_bf_378:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_379                    # @mpabi_bf_379
mpabi_bf_379:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_380                    # @mpabi_bf_380
mpabi_bf_380:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_381                    # @mpabi_bf_381
mpabi_bf_381:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_382                    # @mpabi_bf_382
mpabi_bf_382:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0

	.globl	mpabi_bf_383                    # @mpabi_bf_383
mpabi_bf_383:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	254                             # 0xfe
	.byte	0                               # 0x0

	.globl	mpabi_bf_384                    # @mpabi_bf_384
mpabi_bf_384:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_385                    # @mpabi_bf_385
mpabi_bf_385:
	.byte	0                               # 0x0
	.byte	30                              # 0x1e
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_386                    # @mpabi_bf_386
mpabi_bf_386:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_387                    # @mpabi_bf_387
mpabi_bf_387:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_388                    # @mpabi_bf_388
mpabi_bf_388:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_389                    # @mpabi_bf_389
mpabi_bf_389:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_390                    # @mpabi_bf_390
mpabi_bf_390:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_391                    # @mpabi_bf_391
mpabi_bf_391:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_392                    # @mpabi_bf_392
mpabi_bf_392:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_393                    # @mpabi_bf_393
mpabi_bf_393:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_394                    # @mpabi_bf_394
mpabi_bf_394:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_395                    # @mpabi_bf_395
mpabi_bf_395:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_396                    # @mpabi_bf_396
mpabi_bf_396:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_397                    # @mpabi_bf_397
mpabi_bf_397:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.byte	31                              # 0x1f
	.byte	0                               # 0x0

	.globl	mpabi_bf_398                    # @mpabi_bf_398
mpabi_bf_398:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.byte	224                             # 0xe0
	.byte	0                               # 0x0

	.globl	mpabi_bf_399                    # @mpabi_bf_399
mpabi_bf_399:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_400                    # @mpabi_bf_400
mpabi_bf_400:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_401                    # @mpabi_bf_401
mpabi_bf_401:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_402                    # @mpabi_bf_402
mpabi_bf_402:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.byte	0                               # 0x0
	.zero	6

	.globl	mpabi_bf_403                    # @mpabi_bf_403
mpabi_bf_403:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_404                    # @mpabi_bf_404
mpabi_bf_404:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_405                    # @mpabi_bf_405
mpabi_bf_405:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0

	.globl	mpabi_bf_406                    # @mpabi_bf_406
mpabi_bf_406:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	254                             # 0xfe
	.byte	0                               # 0x0

	.globl	mpabi_bf_407                    # @mpabi_bf_407
mpabi_bf_407:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_408                    # @mpabi_bf_408
mpabi_bf_408:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_409                    # @mpabi_bf_409
mpabi_bf_409:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0

	.globl	mpabi_bf_410                    # @mpabi_bf_410
mpabi_bf_410:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	254                             # 0xfe
	.byte	0                               # 0x0

	.globl	mpabi_bf_411                    # @mpabi_bf_411
mpabi_bf_411:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_412                    # @mpabi_bf_412
mpabi_bf_412:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_413                    # @mpabi_bf_413
mpabi_bf_413:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0

	.globl	mpabi_bf_414                    # @mpabi_bf_414
mpabi_bf_414:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	254                             # 0xfe
	.byte	0                               # 0x0

	.globl	mpabi_bf_415                    # @mpabi_bf_415
mpabi_bf_415:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_416                    # @mpabi_bf_416
mpabi_bf_416:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_417                    # @mpabi_bf_417
mpabi_bf_417:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0

	.globl	mpabi_bf_418                    # @mpabi_bf_418
mpabi_bf_418:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	254                             # 0xfe
	.byte	0                               # 0x0

	.globl	mpabi_bf_419                    # @mpabi_bf_419
mpabi_bf_419:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_420                    # @mpabi_bf_420
mpabi_bf_420:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_421                    # @mpabi_bf_421
mpabi_bf_421:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	63                              # 0x3f
	.byte	0                               # 0x0

	.globl	mpabi_bf_422                    # @mpabi_bf_422
mpabi_bf_422:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	64                              # 0x40
	.byte	0                               # 0x0

	.globl	mpabi_bf_423                    # @mpabi_bf_423
mpabi_bf_423:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	4
	.byte	128                             # 0x80
	.byte	0                               # 0x0

	.globl	mpabi_bf_424                    # @mpabi_bf_424
mpabi_bf_424:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_425                    # @mpabi_bf_425
mpabi_bf_425:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_426                    # @mpabi_bf_426
mpabi_bf_426:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.byte	15                              # 0xf
	.byte	0                               # 0x0

	.globl	mpabi_bf_427                    # @mpabi_bf_427
mpabi_bf_427:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.byte	48                              # 0x30
	.byte	0                               # 0x0

	.globl	mpabi_bf_428                    # @mpabi_bf_428
mpabi_bf_428:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.byte	192                             # 0xc0
	.byte	0                               # 0x0

	.globl	mpabi_bf_429                    # @mpabi_bf_429
mpabi_bf_429:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_430                    # @mpabi_bf_430
mpabi_bf_430:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_431                    # @mpabi_bf_431
mpabi_bf_431:
	.zero	2
	.byte	7                               # 0x7
	.byte	0                               # 0x0

	.globl	mpabi_bf_432                    # @mpabi_bf_432
mpabi_bf_432:
	.zero	2
	.byte	120                             # 0x78
	.byte	0                               # 0x0

	.globl	mpabi_bf_433                    # @mpabi_bf_433
mpabi_bf_433:
	.zero	2
	.byte	128                             # 0x80
	.byte	0                               # 0x0

	.globl	mpabi_bf_434                    # @mpabi_bf_434
mpabi_bf_434:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_435                    # @mpabi_bf_435
mpabi_bf_435:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_436                    # @mpabi_bf_436
mpabi_bf_436:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2

	.globl	mpabi_bf_437                    # @mpabi_bf_437
mpabi_bf_437:
	.byte	0                               # 0x0
	.byte	112                             # 0x70
	.zero	2

	.globl	mpabi_bf_438                    # @mpabi_bf_438
mpabi_bf_438:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	2

	.globl	mpabi_bf_439                    # @mpabi_bf_439
mpabi_bf_439:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_440                    # @mpabi_bf_440
mpabi_bf_440:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_441                    # @mpabi_bf_441
mpabi_bf_441:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_442                    # @mpabi_bf_442
mpabi_bf_442:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_443                    # @mpabi_bf_443
mpabi_bf_443:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2

	.globl	mpabi_bf_444                    # @mpabi_bf_444
mpabi_bf_444:
	.byte	0                               # 0x0
	.byte	112                             # 0x70
	.zero	2

	.globl	mpabi_bf_445                    # @mpabi_bf_445
mpabi_bf_445:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	2

	.globl	mpabi_bf_446                    # @mpabi_bf_446
mpabi_bf_446:
	.byte	15                              # 0xf
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_447                    # @mpabi_bf_447
mpabi_bf_447:
	.byte	240                             # 0xf0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_448                    # @mpabi_bf_448
mpabi_bf_448:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_449                    # @mpabi_bf_449
mpabi_bf_449:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_450                    # @mpabi_bf_450
mpabi_bf_450:
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_451                    # @mpabi_bf_451
mpabi_bf_451:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_452                    # @mpabi_bf_452
mpabi_bf_452:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_453                    # @mpabi_bf_453
mpabi_bf_453:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2

	.globl	mpabi_bf_454                    # @mpabi_bf_454
mpabi_bf_454:
	.byte	0                               # 0x0
	.byte	112                             # 0x70
	.zero	2

	.globl	mpabi_bf_455                    # @mpabi_bf_455
mpabi_bf_455:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	2

	.globl	mpabi_bf_456                    # @mpabi_bf_456
mpabi_bf_456:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_457                    # @mpabi_bf_457
mpabi_bf_457:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_458                    # @mpabi_bf_458
mpabi_bf_458:
	.zero	3
	.byte	63                              # 0x3f

	.globl	mpabi_bf_459                    # @mpabi_bf_459
mpabi_bf_459:
	.zero	3
	.byte	192                             # 0xc0

	.globl	mpabi_bf_460                    # @mpabi_bf_460
mpabi_bf_460:
	.zero	3
	.byte	1                               # 0x1

	.globl	mpabi_bf_461                    # @mpabi_bf_461
mpabi_bf_461:
	.zero	3
	.byte	254                             # 0xfe

	.globl	mpabi_bf_462                    # @mpabi_bf_462
mpabi_bf_462:
	.zero	2
	.zero	1
	.byte	7                               # 0x7
	.zero	8

	.globl	mpabi_bf_463                    # @mpabi_bf_463
mpabi_bf_463:
	.zero	2
	.zero	1
	.byte	24                              # 0x18
	.zero	8

	.globl	mpabi_bf_464                    # @mpabi_bf_464
mpabi_bf_464:
	.zero	2
	.zero	1
	.byte	32                              # 0x20
	.zero	8

	.globl	mpabi_bf_465                    # @mpabi_bf_465
mpabi_bf_465:
	.zero	2
	.zero	1
	.byte	64                              # 0x40
	.zero	8

	.globl	mpabi_bf_466                    # @mpabi_bf_466
mpabi_bf_466:
	.zero	2
	.zero	1
	.byte	128                             # 0x80
	.zero	8

	.globl	mpabi_bf_467                    # @mpabi_bf_467
mpabi_bf_467:
	.zero	4
	.byte	3                               # 0x3
	.zero	3

	.globl	mpabi_bf_468                    # @mpabi_bf_468
mpabi_bf_468:
	.zero	4
	.byte	252                             # 0xfc
	.zero	3

	.globl	mpabi_bf_469                    # @mpabi_bf_469
mpabi_bf_469:
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2

	.globl	mpabi_bf_470                    # @mpabi_bf_470
mpabi_bf_470:
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	2

	.globl	mpabi_bf_471                    # @mpabi_bf_471
mpabi_bf_471:
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	2

	.globl	mpabi_bf_472                    # @mpabi_bf_472
mpabi_bf_472:
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	2

	.globl	mpabi_bf_473                    # @mpabi_bf_473
mpabi_bf_473:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2

	.globl	mpabi_bf_474                    # @mpabi_bf_474
mpabi_bf_474:
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.zero	2

	.globl	mpabi_bf_475                    # @mpabi_bf_475
mpabi_bf_475:
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	2

	.globl	mpabi_bf_476                    # @mpabi_bf_476
mpabi_bf_476:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	2

	.globl	mpabi_bf_477                    # @mpabi_bf_477
mpabi_bf_477:
	.zero	4
	.byte	1                               # 0x1
	.zero	3

	.globl	mpabi_bf_478                    # @mpabi_bf_478
mpabi_bf_478:
	.zero	4
	.byte	2                               # 0x2
	.zero	3

	.globl	mpabi_bf_479                    # @mpabi_bf_479
mpabi_bf_479:
	.zero	4
	.byte	252                             # 0xfc
	.zero	3

	.globl	mpabi_bf_480                    # @mpabi_bf_480
mpabi_bf_480:
	.zero	2
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_481                    # @mpabi_bf_481
mpabi_bf_481:
	.zero	2
	.byte	12                              # 0xc
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_482                    # @mpabi_bf_482
mpabi_bf_482:
	.zero	2
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_483                    # @mpabi_bf_483
mpabi_bf_483:
	.zero	2
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_484                    # @mpabi_bf_484
mpabi_bf_484:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_485                    # @mpabi_bf_485
mpabi_bf_485:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_486                    # @mpabi_bf_486
mpabi_bf_486:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	24                              # 0x18
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_487                    # @mpabi_bf_487
mpabi_bf_487:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_488                    # @mpabi_bf_488
mpabi_bf_488:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_489                    # @mpabi_bf_489
mpabi_bf_489:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8

	.globl	mpabi_bf_490                    # @mpabi_bf_490
mpabi_bf_490:
	.zero	2
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_491                    # @mpabi_bf_491
mpabi_bf_491:
	.zero	2
	.byte	12                              # 0xc
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_492                    # @mpabi_bf_492
mpabi_bf_492:
	.zero	2
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_493                    # @mpabi_bf_493
mpabi_bf_493:
	.zero	2
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_494                    # @mpabi_bf_494
mpabi_bf_494:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_495                    # @mpabi_bf_495
mpabi_bf_495:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_496                    # @mpabi_bf_496
mpabi_bf_496:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_497                    # @mpabi_bf_497
mpabi_bf_497:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	8
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_498                    # @mpabi_bf_498
mpabi_bf_498:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_499                    # @mpabi_bf_499
mpabi_bf_499:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_500                    # @mpabi_bf_500
mpabi_bf_500:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_501                    # @mpabi_bf_501
mpabi_bf_501:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_502                    # @mpabi_bf_502
mpabi_bf_502:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_503                    # @mpabi_bf_503
mpabi_bf_503:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_504                    # @mpabi_bf_504
mpabi_bf_504:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_505                    # @mpabi_bf_505
mpabi_bf_505:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_506                    # @mpabi_bf_506
mpabi_bf_506:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_507                    # @mpabi_bf_507
mpabi_bf_507:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_508                    # @mpabi_bf_508
mpabi_bf_508:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_509                    # @mpabi_bf_509
mpabi_bf_509:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_510                    # @mpabi_bf_510
mpabi_bf_510:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_511                    # @mpabi_bf_511
mpabi_bf_511:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_512                    # @mpabi_bf_512
mpabi_bf_512:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_513                    # @mpabi_bf_513
mpabi_bf_513:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_514                    # @mpabi_bf_514
mpabi_bf_514:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_515                    # @mpabi_bf_515
mpabi_bf_515:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_516                    # @mpabi_bf_516
mpabi_bf_516:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_517                    # @mpabi_bf_517
mpabi_bf_517:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_518                    # @mpabi_bf_518
mpabi_bf_518:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_519                    # @mpabi_bf_519
mpabi_bf_519:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_520                    # @mpabi_bf_520
mpabi_bf_520:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_521                    # @mpabi_bf_521
mpabi_bf_521:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_522                    # @mpabi_bf_522
mpabi_bf_522:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_523                    # @mpabi_bf_523
mpabi_bf_523:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_524                    # @mpabi_bf_524
mpabi_bf_524:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_525                    # @mpabi_bf_525
mpabi_bf_525:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_526                    # @mpabi_bf_526
mpabi_bf_526:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_527                    # @mpabi_bf_527
mpabi_bf_527:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_528                    # @mpabi_bf_528
mpabi_bf_528:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_529                    # @mpabi_bf_529
mpabi_bf_529:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_530                    # @mpabi_bf_530
mpabi_bf_530:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_531                    # @mpabi_bf_531
mpabi_bf_531:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_532                    # @mpabi_bf_532
mpabi_bf_532:
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_533                    # @mpabi_bf_533
mpabi_bf_533:
	.byte	1                               # 0x1
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_534                    # @mpabi_bf_534
mpabi_bf_534:
	.byte	2                               # 0x2
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_535                    # @mpabi_bf_535
mpabi_bf_535:
	.byte	4                               # 0x4
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_536                    # @mpabi_bf_536
mpabi_bf_536:
	.byte	24                              # 0x18
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_537                    # @mpabi_bf_537
mpabi_bf_537:
	.byte	224                             # 0xe0
	.zero	3
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4

	.globl	mpabi_bf_538                    # @mpabi_bf_538
mpabi_bf_538:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_539                    # @mpabi_bf_539
mpabi_bf_539:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_540                    # @mpabi_bf_540
mpabi_bf_540:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_541                    # @mpabi_bf_541
mpabi_bf_541:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_542                    # @mpabi_bf_542
mpabi_bf_542:
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_543                    # @mpabi_bf_543
mpabi_bf_543:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_544                    # @mpabi_bf_544
mpabi_bf_544:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_545                    # @mpabi_bf_545
mpabi_bf_545:
	.byte	0                               # 0x0
	.byte	48                              # 0x30
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_546                    # @mpabi_bf_546
mpabi_bf_546:
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_547                    # @mpabi_bf_547
mpabi_bf_547:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_548                    # @mpabi_bf_548
mpabi_bf_548:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_549                    # @mpabi_bf_549
mpabi_bf_549:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_550                    # @mpabi_bf_550
mpabi_bf_550:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_551                    # @mpabi_bf_551
mpabi_bf_551:
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2

	.globl	mpabi_bf_552                    # @mpabi_bf_552
mpabi_bf_552:
	.zero	8
	.zero	4
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.zero	2

	.globl	mpabi_bf_553                    # @mpabi_bf_553
mpabi_bf_553:
	.byte	127                             # 0x7f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_554                    # @mpabi_bf_554
mpabi_bf_554:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_555                    # @mpabi_bf_555
mpabi_bf_555:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_556                    # @mpabi_bf_556
mpabi_bf_556:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_557                    # @mpabi_bf_557
mpabi_bf_557:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_558                    # @mpabi_bf_558
mpabi_bf_558:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_559                    # @mpabi_bf_559
mpabi_bf_559:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_560                    # @mpabi_bf_560
mpabi_bf_560:
	.zero	2
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4

	.globl	mpabi_bf_561                    # @mpabi_bf_561
mpabi_bf_561:
	.zero	2
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	4
	.zero	4

	.globl	mpabi_bf_562                    # @mpabi_bf_562
mpabi_bf_562:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_563                    # @mpabi_bf_563
mpabi_bf_563:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_564                    # @mpabi_bf_564
mpabi_bf_564:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_565                    # @mpabi_bf_565
mpabi_bf_565:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	3                               # 0x3
	.zero	3

	.globl	mpabi_bf_566                    # @mpabi_bf_566
mpabi_bf_566:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_567                    # @mpabi_bf_567
mpabi_bf_567:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_568                    # @mpabi_bf_568
mpabi_bf_568:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_569                    # @mpabi_bf_569
mpabi_bf_569:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_570                    # @mpabi_bf_570
mpabi_bf_570:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_571                    # @mpabi_bf_571
mpabi_bf_571:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_572                    # @mpabi_bf_572
mpabi_bf_572:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	248                             # 0xf8
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_573                    # @mpabi_bf_573
mpabi_bf_573:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_574                    # @mpabi_bf_574
mpabi_bf_574:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_575                    # @mpabi_bf_575
mpabi_bf_575:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_576                    # @mpabi_bf_576
mpabi_bf_576:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_577                    # @mpabi_bf_577
mpabi_bf_577:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_578                    # @mpabi_bf_578
mpabi_bf_578:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_579                    # @mpabi_bf_579
mpabi_bf_579:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_580                    # @mpabi_bf_580
mpabi_bf_580:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_581                    # @mpabi_bf_581
mpabi_bf_581:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_582                    # @mpabi_bf_582
mpabi_bf_582:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_583                    # @mpabi_bf_583
mpabi_bf_583:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_584                    # @mpabi_bf_584
mpabi_bf_584:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_585                    # @mpabi_bf_585
mpabi_bf_585:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_586                    # @mpabi_bf_586
mpabi_bf_586:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_587                    # @mpabi_bf_587
mpabi_bf_587:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_588                    # @mpabi_bf_588
mpabi_bf_588:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_589                    # @mpabi_bf_589
mpabi_bf_589:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_590                    # @mpabi_bf_590
mpabi_bf_590:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.zero	16
	.zero	16
	.zero	4

	.globl	mpabi_bf_591                    # @mpabi_bf_591
mpabi_bf_591:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_592                    # @mpabi_bf_592
mpabi_bf_592:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_593                    # @mpabi_bf_593
mpabi_bf_593:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_594                    # @mpabi_bf_594
mpabi_bf_594:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4

	.globl	mpabi_bf_595                    # @mpabi_bf_595
mpabi_bf_595:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	254                             # 0xfe
	.zero	4

	.globl	mpabi_bf_596                    # @mpabi_bf_596
mpabi_bf_596:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_597                    # @mpabi_bf_597
mpabi_bf_597:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_598                    # @mpabi_bf_598
mpabi_bf_598:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_599                    # @mpabi_bf_599
mpabi_bf_599:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_600                    # @mpabi_bf_600
mpabi_bf_600:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_601                    # @mpabi_bf_601
mpabi_bf_601:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_602                    # @mpabi_bf_602
mpabi_bf_602:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_603                    # @mpabi_bf_603
mpabi_bf_603:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_604                    # @mpabi_bf_604
mpabi_bf_604:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_605                    # @mpabi_bf_605
mpabi_bf_605:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_606                    # @mpabi_bf_606
mpabi_bf_606:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_607                    # @mpabi_bf_607
mpabi_bf_607:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.zero	2
	.zero	2

	.globl	mpabi_bf_608                    # @mpabi_bf_608
mpabi_bf_608:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.zero	2
	.zero	2

	.globl	mpabi_bf_609                    # @mpabi_bf_609
mpabi_bf_609:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_610                    # @mpabi_bf_610
mpabi_bf_610:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_611                    # @mpabi_bf_611
mpabi_bf_611:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_612                    # @mpabi_bf_612
mpabi_bf_612:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	15                              # 0xf
	.zero	3

	.globl	mpabi_bf_613                    # @mpabi_bf_613
mpabi_bf_613:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	16                              # 0x10
	.zero	3

	.globl	mpabi_bf_614                    # @mpabi_bf_614
mpabi_bf_614:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	32                              # 0x20
	.zero	3

	.globl	mpabi_bf_615                    # @mpabi_bf_615
mpabi_bf_615:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	64                              # 0x40
	.zero	3

	.globl	mpabi_bf_616                    # @mpabi_bf_616
mpabi_bf_616:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	128                             # 0x80
	.zero	3

	.globl	mpabi_bf_617                    # @mpabi_bf_617
mpabi_bf_617:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_618                    # @mpabi_bf_618
mpabi_bf_618:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_619                    # @mpabi_bf_619
mpabi_bf_619:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.zero	2
	.zero	3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_620                    # @mpabi_bf_620
mpabi_bf_620:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.zero	2
	.zero	3
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_621                    # @mpabi_bf_621
mpabi_bf_621:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	3
	.zero	3
	.zero	2
	.zero	3
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_622                    # @mpabi_bf_622
mpabi_bf_622:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_623                    # @mpabi_bf_623
mpabi_bf_623:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_624                    # @mpabi_bf_624
mpabi_bf_624:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_625                    # @mpabi_bf_625
mpabi_bf_625:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_626                    # @mpabi_bf_626
mpabi_bf_626:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_627                    # @mpabi_bf_627
mpabi_bf_627:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_628                    # @mpabi_bf_628
mpabi_bf_628:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_629                    # @mpabi_bf_629
mpabi_bf_629:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_630                    # @mpabi_bf_630
mpabi_bf_630:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_631                    # @mpabi_bf_631
mpabi_bf_631:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_632                    # @mpabi_bf_632
mpabi_bf_632:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.byte	0                               # 0x0
	.zero	3

	.globl	mpabi_bf_633                    # @mpabi_bf_633
mpabi_bf_633:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_634                    # @mpabi_bf_634
mpabi_bf_634:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_635                    # @mpabi_bf_635
mpabi_bf_635:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_636                    # @mpabi_bf_636
mpabi_bf_636:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_637                    # @mpabi_bf_637
mpabi_bf_637:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_638                    # @mpabi_bf_638
mpabi_bf_638:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_639                    # @mpabi_bf_639
mpabi_bf_639:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_640                    # @mpabi_bf_640
mpabi_bf_640:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_641                    # @mpabi_bf_641
mpabi_bf_641:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_642                    # @mpabi_bf_642
mpabi_bf_642:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_643                    # @mpabi_bf_643
mpabi_bf_643:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_644                    # @mpabi_bf_644
mpabi_bf_644:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_645                    # @mpabi_bf_645
mpabi_bf_645:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_646                    # @mpabi_bf_646
mpabi_bf_646:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_647                    # @mpabi_bf_647
mpabi_bf_647:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_648                    # @mpabi_bf_648
mpabi_bf_648:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_649                    # @mpabi_bf_649
mpabi_bf_649:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_650                    # @mpabi_bf_650
mpabi_bf_650:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	112                             # 0x70
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_651                    # @mpabi_bf_651
mpabi_bf_651:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_652                    # @mpabi_bf_652
mpabi_bf_652:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	15                              # 0xf
	.zero	4
	.zero	4

	.globl	mpabi_bf_653                    # @mpabi_bf_653
mpabi_bf_653:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	240                             # 0xf0
	.zero	4
	.zero	4

	.globl	mpabi_bf_654                    # @mpabi_bf_654
mpabi_bf_654:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_655                    # @mpabi_bf_655
mpabi_bf_655:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_656                    # @mpabi_bf_656
mpabi_bf_656:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	4

	.globl	mpabi_bf_657                    # @mpabi_bf_657
mpabi_bf_657:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	4
	.zero	4

	.globl	mpabi_bf_658                    # @mpabi_bf_658
mpabi_bf_658:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	4
	.zero	4

	.globl	mpabi_bf_659                    # @mpabi_bf_659
mpabi_bf_659:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	252                             # 0xfc
	.zero	4
	.zero	4

	.globl	mpabi_bf_660                    # @mpabi_bf_660
mpabi_bf_660:
	.byte	15                              # 0xf
	.byte	0                               # 0x0

	.globl	mpabi_bf_661                    # @mpabi_bf_661
mpabi_bf_661:
	.byte	240                             # 0xf0
	.byte	0                               # 0x0

	.globl	mpabi_bf_662                    # @mpabi_bf_662
mpabi_bf_662:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_663                    # @mpabi_bf_663
mpabi_bf_663:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_664                    # @mpabi_bf_664
mpabi_bf_664:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_665                    # @mpabi_bf_665
mpabi_bf_665:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_666                    # @mpabi_bf_666
mpabi_bf_666:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_667                    # @mpabi_bf_667
mpabi_bf_667:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_668                    # @mpabi_bf_668
mpabi_bf_668:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	248                             # 0xf8
	.zero	3
	.zero	2
	.zero	8

	.globl	mpabi_bf_669                    # @mpabi_bf_669
mpabi_bf_669:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_670                    # @mpabi_bf_670
mpabi_bf_670:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_671                    # @mpabi_bf_671
mpabi_bf_671:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_672                    # @mpabi_bf_672
mpabi_bf_672:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_673                    # @mpabi_bf_673
mpabi_bf_673:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_674                    # @mpabi_bf_674
mpabi_bf_674:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_675                    # @mpabi_bf_675
mpabi_bf_675:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_676                    # @mpabi_bf_676
mpabi_bf_676:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_677                    # @mpabi_bf_677
mpabi_bf_677:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.byte	252                             # 0xfc
	.byte	0                               # 0x0
	.zero	2
	.zero	2

	.globl	mpabi_bf_678                    # @mpabi_bf_678
mpabi_bf_678:
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_679                    # @mpabi_bf_679
mpabi_bf_679:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_680                    # @mpabi_bf_680
mpabi_bf_680:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_681                    # @mpabi_bf_681
mpabi_bf_681:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_682                    # @mpabi_bf_682
mpabi_bf_682:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_683                    # @mpabi_bf_683
mpabi_bf_683:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_684                    # @mpabi_bf_684
mpabi_bf_684:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_685                    # @mpabi_bf_685
mpabi_bf_685:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_686                    # @mpabi_bf_686
mpabi_bf_686:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_687                    # @mpabi_bf_687
mpabi_bf_687:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_688                    # @mpabi_bf_688
mpabi_bf_688:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_689                    # @mpabi_bf_689
mpabi_bf_689:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_690                    # @mpabi_bf_690
mpabi_bf_690:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_691                    # @mpabi_bf_691
mpabi_bf_691:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_692                    # @mpabi_bf_692
mpabi_bf_692:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_693                    # @mpabi_bf_693
mpabi_bf_693:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_694                    # @mpabi_bf_694
mpabi_bf_694:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_695                    # @mpabi_bf_695
mpabi_bf_695:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_696                    # @mpabi_bf_696
mpabi_bf_696:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_697                    # @mpabi_bf_697
mpabi_bf_697:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_698                    # @mpabi_bf_698
mpabi_bf_698:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_699                    # @mpabi_bf_699
mpabi_bf_699:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_700                    # @mpabi_bf_700
mpabi_bf_700:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_701                    # @mpabi_bf_701
mpabi_bf_701:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_702                    # @mpabi_bf_702
mpabi_bf_702:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_703                    # @mpabi_bf_703
mpabi_bf_703:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_704                    # @mpabi_bf_704
mpabi_bf_704:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_705                    # @mpabi_bf_705
mpabi_bf_705:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_706                    # @mpabi_bf_706
mpabi_bf_706:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_707                    # @mpabi_bf_707
mpabi_bf_707:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_708                    # @mpabi_bf_708
mpabi_bf_708:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_709                    # @mpabi_bf_709
mpabi_bf_709:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_710                    # @mpabi_bf_710
mpabi_bf_710:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_711                    # @mpabi_bf_711
mpabi_bf_711:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_712                    # @mpabi_bf_712
mpabi_bf_712:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_713                    # @mpabi_bf_713
mpabi_bf_713:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_714                    # @mpabi_bf_714
mpabi_bf_714:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_715                    # @mpabi_bf_715
mpabi_bf_715:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_716                    # @mpabi_bf_716
mpabi_bf_716:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_717                    # @mpabi_bf_717
mpabi_bf_717:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_718                    # @mpabi_bf_718
mpabi_bf_718:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_719                    # @mpabi_bf_719
mpabi_bf_719:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_720                    # @mpabi_bf_720
mpabi_bf_720:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_721                    # @mpabi_bf_721
mpabi_bf_721:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_722                    # @mpabi_bf_722
mpabi_bf_722:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_723                    # @mpabi_bf_723
mpabi_bf_723:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_724                    # @mpabi_bf_724
mpabi_bf_724:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_725                    # @mpabi_bf_725
mpabi_bf_725:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_726                    # @mpabi_bf_726
mpabi_bf_726:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_727                    # @mpabi_bf_727
mpabi_bf_727:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_728                    # @mpabi_bf_728
mpabi_bf_728:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	48                              # 0x30
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_729                    # @mpabi_bf_729
mpabi_bf_729:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	2
	.zero	2
	.zero	2
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.zero	2
	.zero	2
	.zero	2

	.globl	mpabi_bf_730                    # @mpabi_bf_730
mpabi_bf_730:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_731                    # @mpabi_bf_731
mpabi_bf_731:
	.byte	96                              # 0x60
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_732                    # @mpabi_bf_732
mpabi_bf_732:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_733                    # @mpabi_bf_733
mpabi_bf_733:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	3
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_734                    # @mpabi_bf_734
mpabi_bf_734:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_735                    # @mpabi_bf_735
mpabi_bf_735:
	.byte	1                               # 0x1
	.zero	3

	.globl	mpabi_bf_736                    # @mpabi_bf_736
mpabi_bf_736:
	.byte	126                             # 0x7e
	.zero	3

	.globl	mpabi_bf_737                    # @mpabi_bf_737
mpabi_bf_737:
	.byte	128                             # 0x80
	.zero	3

	.globl	mpabi_bf_738                    # @mpabi_bf_738
mpabi_bf_738:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_739                    # @mpabi_bf_739
mpabi_bf_739:
	.byte	96                              # 0x60
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_740                    # @mpabi_bf_740
mpabi_bf_740:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_741                    # @mpabi_bf_741
mpabi_bf_741:
	.byte	0                               # 0x0
	.byte	31                              # 0x1f
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_742                    # @mpabi_bf_742
mpabi_bf_742:
	.byte	0                               # 0x0
	.byte	224                             # 0xe0
	.zero	3
	.byte	0                               # 0x0
	.zero	2
	.zero	4

	.globl	mpabi_bf_743                    # @mpabi_bf_743
	.p2align	1, 0x0
mpabi_bf_743:
	.byte	3                               # 0x3
	.byte	0                               # 0x0
	.short	0                               # 0x0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_744                    # @mpabi_bf_744
	.p2align	1, 0x0
mpabi_bf_744:
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.short	0                               # 0x0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_745                    # @mpabi_bf_745
	.p2align	1, 0x0
mpabi_bf_745:
	.byte	56                              # 0x38
	.byte	0                               # 0x0
	.short	0                               # 0x0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_746                    # @mpabi_bf_746
	.p2align	1, 0x0
mpabi_bf_746:
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.short	0                               # 0x0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_747                    # @mpabi_bf_747
	.p2align	1, 0x0
mpabi_bf_747:
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.short	0                               # 0x0
	.zero	4
	.zero	4
	.byte	0                               # 0x0
	.zero	3
	.zero	4

	.globl	mpabi_bf_748                    # @mpabi_bf_748
mpabi_bf_748:
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_749                    # @mpabi_bf_749
mpabi_bf_749:
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_750                    # @mpabi_bf_750
mpabi_bf_750:
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_751                    # @mpabi_bf_751
mpabi_bf_751:
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_752                    # @mpabi_bf_752
mpabi_bf_752:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_753                    # @mpabi_bf_753
mpabi_bf_753:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_754                    # @mpabi_bf_754
mpabi_bf_754:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_755                    # @mpabi_bf_755
mpabi_bf_755:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_756                    # @mpabi_bf_756
mpabi_bf_756:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_757                    # @mpabi_bf_757
mpabi_bf_757:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_758                    # @mpabi_bf_758
mpabi_bf_758:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_759                    # @mpabi_bf_759
mpabi_bf_759:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	63                              # 0x3f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_760                    # @mpabi_bf_760
mpabi_bf_760:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	192                             # 0xc0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_761                    # @mpabi_bf_761
mpabi_bf_761:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	127                             # 0x7f
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_762                    # @mpabi_bf_762
mpabi_bf_762:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	128                             # 0x80
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_763                    # @mpabi_bf_763
mpabi_bf_763:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	127                             # 0x7f
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_764                    # @mpabi_bf_764
mpabi_bf_764:
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4
	.zero	2
	.byte	0                               # 0x0
	.zero	13
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	2
	.zero	3
	.zero	2
	.zero	5
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_765                    # @mpabi_bf_765
	.p2align	1, 0x0
mpabi_bf_765:
	.byte	31                              # 0x1f
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_766                    # @mpabi_bf_766
	.p2align	1, 0x0
mpabi_bf_766:
	.byte	224                             # 0xe0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_767                    # @mpabi_bf_767
	.p2align	1, 0x0
mpabi_bf_767:
	.byte	0                               # 0x0
	.byte	127                             # 0x7f
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_768                    # @mpabi_bf_768
	.p2align	1, 0x0
mpabi_bf_768:
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_769                    # @mpabi_bf_769
	.p2align	1, 0x0
mpabi_bf_769:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	15                              # 0xf
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_770                    # @mpabi_bf_770
	.p2align	1, 0x0
mpabi_bf_770:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_771                    # @mpabi_bf_771
	.p2align	1, 0x0
mpabi_bf_771:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_772                    # @mpabi_bf_772
	.p2align	1, 0x0
mpabi_bf_772:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_773                    # @mpabi_bf_773
	.p2align	1, 0x0
mpabi_bf_773:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_774                    # @mpabi_bf_774
	.p2align	1, 0x0
mpabi_bf_774:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_775                    # @mpabi_bf_775
	.p2align	1, 0x0
mpabi_bf_775:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_776                    # @mpabi_bf_776
	.p2align	1, 0x0
mpabi_bf_776:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_777                    # @mpabi_bf_777
	.p2align	1, 0x0
mpabi_bf_777:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_778                    # @mpabi_bf_778
	.p2align	1, 0x0
mpabi_bf_778:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	16                              # 0x10
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_779                    # @mpabi_bf_779
	.p2align	1, 0x0
mpabi_bf_779:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	32                              # 0x20
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_780                    # @mpabi_bf_780
	.p2align	1, 0x0
mpabi_bf_780:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	64                              # 0x40
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_781                    # @mpabi_bf_781
	.p2align	1, 0x0
mpabi_bf_781:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	128                             # 0x80
	.byte	0                               # 0x0
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_782                    # @mpabi_bf_782
	.p2align	1, 0x0
mpabi_bf_782:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	1                               # 0x1
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_783                    # @mpabi_bf_783
	.p2align	1, 0x0
mpabi_bf_783:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	2                               # 0x2
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_784                    # @mpabi_bf_784
	.p2align	1, 0x0
mpabi_bf_784:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	4                               # 0x4
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_785                    # @mpabi_bf_785
	.p2align	1, 0x0
mpabi_bf_785:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	8                               # 0x8
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_786                    # @mpabi_bf_786
	.p2align	1, 0x0
mpabi_bf_786:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	16                              # 0x10
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_787                    # @mpabi_bf_787
	.p2align	1, 0x0
mpabi_bf_787:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	32                              # 0x20
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_788                    # @mpabi_bf_788
	.p2align	1, 0x0
mpabi_bf_788:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_789                    # @mpabi_bf_789
	.p2align	1, 0x0
mpabi_bf_789:
	.byte	0                               # 0x0
	.zero	1
	.zero	1
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	1
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	8
	.zero	16
	.zero	4
	.zero	20
	.zero	2
	.zero	16
	.zero	30

	.globl	mpabi_bf_790                    # @mpabi_bf_790
mpabi_bf_790:
	.zero	8
	.zero	8
	.zero	4
	.byte	1                               # 0x1
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_791                    # @mpabi_bf_791
mpabi_bf_791:
	.zero	8
	.zero	8
	.zero	4
	.byte	2                               # 0x2
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_792                    # @mpabi_bf_792
mpabi_bf_792:
	.zero	8
	.zero	8
	.zero	4
	.byte	4                               # 0x4
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_793                    # @mpabi_bf_793
mpabi_bf_793:
	.zero	8
	.zero	8
	.zero	4
	.byte	8                               # 0x8
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_794                    # @mpabi_bf_794
mpabi_bf_794:
	.zero	8
	.zero	8
	.zero	4
	.byte	240                             # 0xf0
	.byte	0                               # 0x0
	.zero	2

	.globl	mpabi_bf_795                    # @mpabi_bf_795
	.p2align	2, 0x0
mpabi_bf_795:
	.byte	31                              # 0x1f
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_796                    # @mpabi_bf_796
	.p2align	2, 0x0
mpabi_bf_796:
	.byte	224                             # 0xe0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_797                    # @mpabi_bf_797
	.p2align	2, 0x0
mpabi_bf_797:
	.byte	0                               # 0x0
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff

	.globl	mpabi_bf_798                    # @mpabi_bf_798
	.p2align	2, 0x0
mpabi_bf_798:
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_799                    # @mpabi_bf_799
	.p2align	2, 0x0
mpabi_bf_799:
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff

	.globl	mpabi_bf_800                    # @mpabi_bf_800
	.p2align	2, 0x0
mpabi_bf_800:
	.zero	2
	.byte	255                             # 0xff
	.byte	7                               # 0x7
	.zero	4
	.zero	4

	.globl	mpabi_bf_801                    # @mpabi_bf_801
	.p2align	2, 0x0
mpabi_bf_801:
	.zero	2
	.byte	0                               # 0x0
	.byte	56                              # 0x38
	.zero	4
	.zero	4

	.globl	mpabi_bf_802                    # @mpabi_bf_802
	.p2align	2, 0x0
mpabi_bf_802:
	.zero	2
	.byte	0                               # 0x0
	.byte	64                              # 0x40
	.zero	4
	.zero	4

	.globl	mpabi_bf_803                    # @mpabi_bf_803
	.p2align	2, 0x0
mpabi_bf_803:
	.zero	2
	.byte	0                               # 0x0
	.byte	128                             # 0x80
	.zero	4
	.zero	4

	.globl	mpabi_bf_804                    # @mpabi_bf_804
	.p2align	2, 0x0
mpabi_bf_804:
	.zero	2
	.zero	2
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.zero	4

	.globl	mpabi_bf_805                    # @mpabi_bf_805
	.p2align	2, 0x0
mpabi_bf_805:
	.zero	2
	.zero	2
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.byte	255                             # 0xff
	.zero	4

	.globl	mpabi_bf_806                    # @mpabi_bf_806
	.p2align	2, 0x0
mpabi_bf_806:
	.zero	2
	.zero	2
	.zero	4
	.byte	7                               # 0x7
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0

	.globl	mpabi_bf_807                    # @mpabi_bf_807
	.p2align	2, 0x0
mpabi_bf_807:
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
