/* See mp_crc32c.h. */
#define _GNU_SOURCE
#include "mp_crc32c.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MP_HAVE_SSE42_PATH 1
#include <nmmintrin.h>
#endif

#define POLYNOMIAL 0x82F63B78u

/* table[k][b]: the CRC of byte b followed by k zero bytes, so eight bytes fold in with eight
 * lookups. */
static uint32_t table[8][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t value = byte;
        for (int bit = 0; bit < 8; bit++) value = (value & 1) ? (value >> 1) ^ POLYNOMIAL : value >> 1;
        table[0][byte] = value;
    }
    for (int slice = 1; slice < 8; slice++) {
        for (int byte = 0; byte < 256; byte++) {
            uint32_t previous = table[slice - 1][byte];
            table[slice][byte] = (previous >> 8) ^ table[0][previous & 0xFF];
        }
    }
}

static inline uint64_t load64(const unsigned char *p) {
    uint64_t value;
    memcpy(&value, p, sizeof value); /* little-endian host */
    return value;
}

/* Running value in, running value out (no inversion). */
static uint32_t table_update(uint32_t crc, const unsigned char *p, size_t length) {
    while (length >= 8) {
        uint64_t word = load64(p) ^ crc;
        crc = table[7][word & 0xFF] ^ table[6][(word >> 8) & 0xFF] ^ table[5][(word >> 16) & 0xFF]
            ^ table[4][(word >> 24) & 0xFF] ^ table[3][(word >> 32) & 0xFF] ^ table[2][(word >> 40) & 0xFF]
            ^ table[1][(word >> 48) & 0xFF] ^ table[0][word >> 56];
        p += 8;
        length -= 8;
    }
    while (length--) crc = table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return crc;
}

#ifdef MP_HAVE_SSE42_PATH
__attribute__((target("sse4.2")))
static uint32_t sse42_update(uint32_t crc, const unsigned char *p, size_t length) {
    uint64_t value = crc;
    while (length >= 8) {
        value = _mm_crc32_u64(value, load64(p));
        p += 8;
        length -= 8;
    }
    uint32_t narrow = (uint32_t)value;
    while (length--) narrow = _mm_crc32_u8(narrow, *p++);
    return narrow;
}

/* Four whole chunks side by side: four independent dependency chains keep the instruction's
 * pipeline full. `chunk` is a multiple of 8. */
__attribute__((target("sse4.2")))
static void sse42_four(const unsigned char *p, size_t chunk, uint32_t *out) {
    uint64_t a = 0xFFFFFFFFu, b = 0xFFFFFFFFu, c = 0xFFFFFFFFu, d = 0xFFFFFFFFu;
    const unsigned char *pa = p, *pb = p + chunk, *pc = p + 2 * chunk, *pd = p + 3 * chunk;
    for (size_t offset = 0; offset < chunk; offset += 8) {
        a = _mm_crc32_u64(a, load64(pa + offset));
        b = _mm_crc32_u64(b, load64(pb + offset));
        c = _mm_crc32_u64(c, load64(pc + offset));
        d = _mm_crc32_u64(d, load64(pd + offset));
    }
    out[0] = (uint32_t)a ^ 0xFFFFFFFFu;
    out[1] = (uint32_t)b ^ 0xFFFFFFFFu;
    out[2] = (uint32_t)c ^ 0xFFFFFFFFu;
    out[3] = (uint32_t)d ^ 0xFFFFFFFFu;
}
#endif

int mp_crc32c_available(mp_crc32c_engine engine) {
    switch (engine) {
    case MP_CRC32C_AUTOMATIC:
    case MP_CRC32C_TABLE:
        return 1;
    case MP_CRC32C_SSE42:
#ifdef MP_HAVE_SSE42_PATH
        return __builtin_cpu_supports("sse4.2") ? 1 : 0;
#else
        return 0;
#endif
    }
    return 0;
}

mp_crc32c_engine mp_crc32c_selected(void) {
    return mp_crc32c_available(MP_CRC32C_SSE42) ? MP_CRC32C_SSE42 : MP_CRC32C_TABLE;
}

static mp_crc32c_engine resolve(mp_crc32c_engine engine) {
    if (engine == MP_CRC32C_AUTOMATIC || !mp_crc32c_available(engine)) engine = mp_crc32c_selected();
    if (engine == MP_CRC32C_TABLE) pthread_once(&table_once, build_table);
    return engine;
}

static uint32_t update(mp_crc32c_engine resolved, uint32_t crc, const unsigned char *p, size_t length) {
#ifdef MP_HAVE_SSE42_PATH
    if (resolved == MP_CRC32C_SSE42) return sse42_update(crc, p, length);
#endif
    return table_update(crc, p, length);
}

uint32_t mp_crc32c(mp_crc32c_engine engine, const void *data, size_t length) {
    if (length == 0) return 0;
    return update(resolve(engine), 0xFFFFFFFFu, data, length) ^ 0xFFFFFFFFu;
}

void mp_crc32c_chunks(mp_crc32c_engine engine, const void *data, size_t length, size_t chunk,
                      uint32_t *checksums) {
    if (chunk == 0 || length == 0) return;
    mp_crc32c_engine resolved = resolve(engine);
    const unsigned char *p = data;
    size_t index = 0;
#ifdef MP_HAVE_SSE42_PATH
    if (resolved == MP_CRC32C_SSE42 && chunk % 8 == 0) {
        for (; (length - index * chunk) / chunk >= 4; index += 4) sse42_four(p + index * chunk, chunk, checksums + index);
    }
#endif
    for (size_t offset = index * chunk; offset < length; offset += chunk, index++) {
        size_t piece = length - offset < chunk ? length - offset : chunk;
        checksums[index] = update(resolved, 0xFFFFFFFFu, p + offset, piece) ^ 0xFFFFFFFFu;
    }
}

struct mp_crc32c_job {
    pthread_t thread;
    mp_crc32c_engine engine;
    const void *data;
    size_t length, chunk;
    uint32_t *checksums;
};

static void *job_main(void *argument) {
    mp_crc32c_job *job = argument;
    mp_crc32c_chunks(job->engine, job->data, job->length, job->chunk, job->checksums);
    return NULL;
}

mp_crc32c_job *mp_crc32c_chunks_start(mp_crc32c_engine engine, const void *data, size_t length, size_t chunk,
                                      uint32_t *checksums) {
    mp_crc32c_job *job = malloc(sizeof *job);
    if (job == NULL) return NULL;
    job->engine = resolve(engine);
    job->data = data;
    job->length = length;
    job->chunk = chunk;
    job->checksums = checksums;
    if (pthread_create(&job->thread, NULL, job_main, job) != 0) {
        free(job);
        return NULL;
    }
    return job;
}

void mp_crc32c_chunks_wait(mp_crc32c_job *job) {
    if (job == NULL) return;
    pthread_join(job->thread, NULL);
    free(job);
}

int mp_crc32c_usable_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    int count = CPU_COUNT(&set);
    return count > 0 ? count : 1;
}
