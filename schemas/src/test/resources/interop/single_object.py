"""Decode and encode Streamplex topic records in Python from the .avsc files alone.

Used by PythonAvroInteropTest with Debian's python3-avro: proves that a client in another
language needs nothing but the schemas to read and write the wire format (C3 01, the 8-byte
little-endian CRC-64-AVRO fingerprint of the schema's parsing canonical form, the binary body).

usage: single_object.py decode SCHEMA.avsc FILE...   -> one JSON line per file
       single_object.py encode SCHEMA.avsc OUT JSON   -> writes one record
"""
import datetime
import io
import json
import sys

import avro.io
import avro.schema

EMPTY = 0xC15D213AA4D7A795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)


def crc64_avro(data):
    fp = EMPTY
    for b in data:
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


def collapse(node):
    # python3-avro 1.11 writes a logical-typed primitive as {"type":"long"}; the
    # specification's canonical form (and Java) writes "long".
    if isinstance(node, dict):
        node = {k: collapse(v) for k, v in node.items()}
        if list(node.keys()) == ["type"] and isinstance(node["type"], str):
            return node["type"]
        return node
    if isinstance(node, list):
        return [collapse(v) for v in node]
    return node


def fingerprint(schema):
    canonical = json.dumps(collapse(json.loads(schema.canonical_form)), separators=(",", ":"))
    return crc64_avro(canonical.encode("utf-8"))


def plain(value):
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    mode, schema_path = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = avro.schema.parse(f.read())
    fp = fingerprint(schema)
    if mode == "decode":
        for path in sys.argv[3:]:
            with open(path, "rb") as f:
                data = f.read()
            if data[:2] != b"\xc3\x01":
                raise SystemExit(f"{path}: no C3 01 marker")
            got = int.from_bytes(data[2:10], "little")
            if got != fp:
                raise SystemExit(f"{path}: fingerprint {got:016x} != schema {fp:016x}")
            reader = avro.io.DatumReader(schema)
            record = reader.read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
            print(json.dumps(plain(record), sort_keys=True))
    elif mode == "encode":
        out_path, record = sys.argv[3], json.loads(sys.argv[4])
        for field in schema.fields:
            logical = getattr(field.type, "logical_type", None)
            types = getattr(field.type, "schemas", [field.type])
            if any(t.type == "bytes" for t in types) and isinstance(record.get(field.name), str):
                # JSON has no bytes: the caller passes them as hex, the way decode prints them.
                record[field.name] = bytes.fromhex(record[field.name])
            if logical == "timestamp-millis" and field.name in record:
                record[field.name] = datetime.datetime.fromtimestamp(
                    record[field.name] / 1000, tz=datetime.timezone.utc)
        buf = io.BytesIO()
        avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(buf))
        with open(out_path, "wb") as f:
            f.write(b"\xc3\x01" + fp.to_bytes(8, "little") + buf.getvalue())
    else:
        raise SystemExit("mode must be decode or encode")


if __name__ == "__main__":
    main()
