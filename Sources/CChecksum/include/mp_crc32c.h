/* CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final XOR
 * 0xFFFFFFFF; check value of "123456789" is 0xE3069283), the checksum of dump images from
 * format version 2 on (docs/dump-image.md). The SSE4.2 CRC32 instruction computes it when the
 * processor has one; a slicing-by-8 table does everywhere else. Both give the same values. */
#ifndef MP_CRC32C_H
#define MP_CRC32C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which implementation computes the checksum. */
typedef enum {
    /* The fastest one this processor has. */
    MP_CRC32C_AUTOMATIC = 0,
    /* Table-driven (slicing by 8), on any processor. */
    MP_CRC32C_TABLE = 1,
    /* The SSE4.2 CRC32 instruction, several streams interleaved (x86-64 only). */
    MP_CRC32C_SSE42 = 2,
} mp_crc32c_engine;

/* 1 when `engine` can run on this processor, 0 otherwise. */
int mp_crc32c_available(mp_crc32c_engine engine);

/* The engine MP_CRC32C_AUTOMATIC resolves to. */
mp_crc32c_engine mp_crc32c_selected(void);

/* The CRC-32C of `length` bytes at `data`. An engine not available here falls back to the
 * table. */
uint32_t mp_crc32c(mp_crc32c_engine engine, const void *data, size_t length);

/* The CRC-32C of every `chunk`-byte piece of the `length` bytes at `data`, in order, into
 * `checksums` (ceil(length / chunk) entries; the last piece may be shorter). Independent
 * pieces are computed side by side, which is what makes the instruction fast: one CRC32
 * instruction takes three cycles, and the processor starts one per cycle. `chunk` 0 writes
 * nothing. */
void mp_crc32c_chunks(mp_crc32c_engine engine, const void *data, size_t length, size_t chunk,
                      uint32_t *checksums);

/* mp_crc32c_chunks on a thread of its own, so the caller can do something else meanwhile
 * (the dump image writer writes the memory while its checksums are computed). Returns NULL,
 * having started nothing, when no thread could be created; the caller then computes the
 * checksums itself. `data` and `checksums` must stay valid, and `data` unchanged, until
 * mp_crc32c_chunks_wait returns. */
typedef struct mp_crc32c_job mp_crc32c_job;
mp_crc32c_job *mp_crc32c_chunks_start(mp_crc32c_engine engine, const void *data, size_t length, size_t chunk,
                                      uint32_t *checksums);

/* Waits until the job's checksums are all written, and frees the job. */
void mp_crc32c_chunks_wait(mp_crc32c_job *job);

/* CPUs this process may run on (its affinity mask); at least 1. */
int mp_crc32c_usable_cpus(void);

#ifdef __cplusplus
}
#endif

#endif
