"""tasks.extract.return_freed_memory hands memory freed by C code (as spaCy's Docs free it) back
to the operating system, which glibc alone keeps for itself."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

import pytest

from tasks.extract import return_freed_memory

MIB = 1024 * 1024


def resident_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_memory_freed_by_c_code_goes_back_to_the_system() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    # Small blocks, as a parse allocates them: glibc serves them from its heap, not from mmap.
    blocks = [libc.malloc(4096) for _ in range(50_000)]
    for block in blocks:
        ctypes.memset(block, 1, 4096)  # touched, so resident
    for block in blocks[:-1]:  # the last one pins the top of the heap: only a trim frees below it
        libc.free(block)
    before = resident_mib()
    assert return_freed_memory()
    after = resident_mib()
    libc.free(blocks[-1])
    assert before - after > 100, f"{before:.0f} MiB -> {after:.0f} MiB"
