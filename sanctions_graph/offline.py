"""Run a program that may accept connections but never open one.

    python offline.py PROGRAM [ARGS...]

installs a seccomp filter in this process and then becomes PROGRAM (exec),
which inherits the filter and cannot drop it. The filter makes the system
calls by which a process opens a connection or sends a datagram to an
address of its choosing fail with EPERM:

* ``connect`` (every TCP client, and connected UDP such as DNS lookups),
* ``sendto`` with a destination address (unconnected UDP; a server's replies
  on accepted sockets pass no address and still work),
* ``io_uring_setup`` (io_uring could do either without those calls).

``bind``, ``listen`` and ``accept`` are untouched, so a server still serves.
This is how ``sanctions-graph serve`` stops Oxigraph's server from running
SPARQL ``SERVICE`` calls (its HTTP client cannot connect anywhere), which the
server itself has no option for.

Linux only (x86-64 and AArch64). The file is run by path, not imported as
part of the package, so that it starts fast and imports nothing but ctypes;
:func:`supported` tells whether it can work here. It exits 126 with a
message on stderr when the filter cannot be installed, and 127 when PROGRAM
cannot be run, as a shell would.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

# linux/audit.h: the architecture tag the kernel puts in seccomp_data.arch.
# Syscall numbers of the calls we refuse, per architecture.
ARCHITECTURES = {
    "x86_64": (0xC000003E, {"connect": 42, "sendto": 44, "io_uring_setup": 425}),
    "aarch64": (0xC00000B7, {"connect": 203, "sendto": 206, "io_uring_setup": 425}),
}
X32_SYSCALL_BIT = 0x40000000  # x86-64's x32 ABI: the same calls under other numbers

# linux/filter.h and linux/seccomp.h
BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
BPF_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
BPF_RET_K = 0x06  # BPF_RET | BPF_K
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

# Offsets in struct seccomp_data: int nr; __u32 arch; __u64 ip; __u64 args[6].
NR, ARCH, ARGS = 0, 4, 16


def machine() -> str:
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(),
                                                       platform.machine().lower())


def supported() -> bool:
    """Whether the filter can be built here: Linux on one of ARCHITECTURES."""
    return sys.platform.startswith("linux") and machine() in ARCHITECTURES


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def program(arch: str) -> bytes:
    """The BPF filter for ``arch``, as the kernel reads it (struct sock_filter[])."""
    audit_arch, calls = ARCHITECTURES[arch]
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    # sendto's sixth argument is addrlen: zero means "no address given".
    addrlen = ARGS + 5 * 8 + (0 if sys.byteorder == "little" else 4)
    code = [
        # Calls made under another architecture's numbering are refused whole.
        _instruction(BPF_LD_W_ABS, 0, 0, ARCH),
        _instruction(BPF_JEQ_K, 1, 0, audit_arch),
        _instruction(BPF_RET_K, 0, 0, deny),
        _instruction(BPF_LD_W_ABS, 0, 0, NR),
        _instruction(BPF_JGE_K, 0, 1, X32_SYSCALL_BIT),
        _instruction(BPF_RET_K, 0, 0, deny),
        _instruction(BPF_JEQ_K, 4, 0, calls["connect"]),
        _instruction(BPF_JEQ_K, 3, 0, calls["io_uring_setup"]),
        _instruction(BPF_JEQ_K, 0, 3, calls["sendto"]),
        _instruction(BPF_LD_W_ABS, 0, 0, addrlen),  # addrlen < 2**32 in practice
        _instruction(BPF_JEQ_K, 1, 0, 0),
        _instruction(BPF_RET_K, 0, 0, deny),
        _instruction(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    return b"".join(code)


def install() -> None:
    """Install the filter in this process (and so in whatever it executes)."""
    if not supported():
        raise OSError(errno.ENOSYS, f"no connection filter for {sys.platform} on {machine()}")
    filters = program(machine())
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(filters) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong]
    # Without privileges, a filter may only be installed once no exec can
    # gain privileges again (setuid programs).
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"prctl(PR_SET_SECCOMP) failed: {os.strerror(code)}")


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: offline.py PROGRAM [ARGS...]", file=sys.stderr)
        return 2
    try:
        install()
    except OSError as error:
        print(f"Error: cannot keep {argv[0]} off the network: {error.strerror or error}",
              file=sys.stderr)
        return 126
    try:
        os.execv(argv[0], argv)
    except OSError as error:
        print(f"Error: cannot run {argv[0]}: {error.strerror or error}", file=sys.stderr)
        return 127
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
