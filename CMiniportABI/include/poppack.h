/*
 * poppack.h - restore the structure packing that the matching pshpack1/2/4/8.h saved.
 * No include guard: each inclusion pops once.
 */
#if !(defined(lint) || defined(RC_INVOKED))
#pragma pack(pop)
#endif
