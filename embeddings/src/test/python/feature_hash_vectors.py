#!/usr/bin/python3
"""Golden vectors for io.streamplex.embeddings.hash.FeatureHasher, computed with the reference
C implementation of XXH3 (libxxhash, Debian package libxxhash0) rather than with hash4j, so the
Java test checks the scheme against an independent implementation.

Run: /usr/bin/python3 feature_hash_vectors.py > ../resources/golden/feature-hash-v1.tsv
"""
import ctypes
import struct

lib = ctypes.CDLL("libxxhash.so.0")
xxh3 = lib.XXH3_64bits_withSeed
xxh3.restype = ctypes.c_uint64
xxh3.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
M64 = (1 << 64) - 1


def h(data: bytes, seed: int) -> int:
    return xxh3(data, len(data), seed & M64)


def chunk_seed(feature: str, chunk: int, seed: int) -> int:
    key = h(feature.encode("utf-8"), seed)
    return h(struct.pack("<QI", key, chunk), seed)


def value_hash(feature, chunk, value, seed):
    return h(value.encode("utf-8"), chunk_seed(feature, chunk, seed))


SIZES = [1000, 65536, 999983]
CASES = [
    ("user_id", 0, "1", 0),
    ("user_id", 0, "42", 0),
    ("user_id", 0, "42", 7),
    ("user_id", 1, "42", 7),
    ("item_id", 0, "42", 7),
    ("item_id", 0, "-9223372036854775808", 7),
    ("zip", 0, "02139", 2026),
    ("zip", 3, "02139", 2026),
    ("genre", 0, "Children's", -1),
    ("city", 0, "Zürich", 12345),
    ("city", 1, "東京", 12345),
    ("emoji", 0, "\U0001F600 ok", 99),
    ("device_ip", 0, "a" * 300, 5),
    ("C14", 2, "15706", 1 << 40),
]

print("feature\tchunk\tvalue\tseed\thash\t" + "\t".join(f"bucket_{n}" for n in SIZES))
for feature, chunk, value, seed in CASES:
    v = value_hash(feature, chunk, value, seed)
    signed_seed = seed if seed < (1 << 63) else seed - (1 << 64)
    print(f"{feature}\t{chunk}\t{value}\t{signed_seed}\t{v:016x}\t" + "\t".join(str(v % n) for n in SIZES))
