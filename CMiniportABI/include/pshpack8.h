/*
 * pshpack8.h - pack the following structures to 8-byte boundaries, saving the previous
 * packing; poppack.h restores it. No include guard: each inclusion pushes once.
 */
#if !(defined(lint) || defined(RC_INVOKED))
#if defined(__clang__)
/* Leaving the packing changed is this header's purpose. */
#pragma clang diagnostic ignored "-Wpragma-pack"
#endif
#pragma pack(push, 8)
#endif
