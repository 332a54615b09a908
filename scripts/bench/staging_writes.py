"""What staging one object costs the kernel, written through the page cache or around it (decision 0815).

  /usr/bin/python3 scripts/bench/staging_writes.py DIR [FILES] [BYTES]

Writes FILES (300) files of BYTES (530,000, one benchmark CT slice) into DIR as FileSystemBlobStore stages them:
128 KiB pwrites then fsync, once through the page cache and once with O_DIRECT (a page-aligned buffer, the last
block padded and cut back with ftruncate), each twice, alternating. Prints the process's user and system CPU and
the wall time per file. DIR must be on the filesystem under test; the files are removed at the end.
"""
import mmap
import os
import sys
import time

CHUNK = 128 * 1024
BLOCK = 4096


def stage(directory, files, size, direct, tag):
    data = os.urandom(size)
    aligned = mmap.mmap(-1, (size + BLOCK - 1) // BLOCK * BLOCK)  # anonymous maps are page-aligned
    aligned[:size] = data
    padded = len(aligned)
    before, started = os.times(), time.perf_counter()
    for n in range(files):
        path = os.path.join(directory, f"{tag}-{n}.tmp")
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | (os.O_DIRECT if direct else 0)
        fd = os.open(path, flags, 0o644)
        source, end = (memoryview(aligned), padded) if direct else (memoryview(data), size)
        for offset in range(0, end, CHUNK):
            os.pwrite(fd, source[offset:min(offset + CHUNK, end)], offset)
        if direct:
            os.ftruncate(fd, size)
        os.fsync(fd)
        os.close(fd)
    after, ended = os.times(), time.perf_counter()
    per_file = lambda seconds: seconds * 1000 / files
    print(f"| {'O_DIRECT' if direct else 'page cache'} | {per_file(after.user - before.user):.2f} ms "
          f"| {per_file(after.system - before.system):.2f} ms | {per_file(ended - started):.2f} ms |")


def main():
    directory = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 530_000
    os.makedirs(directory, exist_ok=True)
    print("| writes | user CPU per file | system CPU per file | wall time per file |")
    print("|---|---:|---:|---:|")
    for round_ in range(2):
        for direct in (False, True):
            stage(directory, files, size, direct, f"r{round_}-{'d' if direct else 'b'}")
    # Removed only at the end: ext4 scans past recently freed inodes when it creates a file (decision 0813).
    for name in os.listdir(directory):
        if name.endswith(".tmp"):
            os.remove(os.path.join(directory, name))


if __name__ == "__main__":
    main()
