"""The whole file is read at once with .read(): a 4 GB film needs 4 GB of memory."""
import hashlib


def sha256_of(stream, chunk_size=CHUNK_SIZE):
    return hashlib.sha256(stream.read()).hexdigest()
