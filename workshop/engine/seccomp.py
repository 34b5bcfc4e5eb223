"""The seccomp filter of a checker child (Linux, x86-64 and ARM64): a BPF program written here.

No library: the program is a few dozen instructions, built in microseconds, and names the process
it is for (signals may go to it only). Denied calls fail with ``EPERM`` (``EAFNOSUPPORT`` for a
socket family, ``ENOSYS`` for ``clone3`` so that the C library falls back to ``clone``, whose flags
a filter can read); a call made through another architecture's numbers kills the process.
"""

from __future__ import annotations

import ctypes
import os
import struct

ARCH = os.uname().machine if hasattr(os, "uname") else ""


def supported(arch: str = ARCH) -> bool:
    """Whether this module knows the system call numbers of ``arch``."""
    return arch in SYSCALLS


_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
# name: number, per architecture (x86_64 has fork and vfork; aarch64 only clone).
SYSCALLS = {
    "x86_64": {"execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
               "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_send_signal": 424,
               "pidfd_getfd": 438, "pidfd_open": 434, "socket": 41, "socketpair": 53, "unshare": 272,
               "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "bpf": 321,
               "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
               "io_uring_register": 427, "kcmp": 312, "process_madvise": 440, "keyctl": 250, "add_key": 248,
               "request_key": 249, "personality": 135, "open_by_handle_at": 304, "fsopen": 430,
               "fsmount": 432, "open_tree": 428, "move_mount": 429, "mount_setattr": 442},
    "aarch64": {"execve": 221, "execveat": 281, "clone": 220, "clone3": 435, "ptrace": 117,
                "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_send_signal": 424,
                "pidfd_getfd": 438, "pidfd_open": 434, "socket": 198, "socketpair": 199, "unshare": 97,
                "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "bpf": 280,
                "perf_event_open": 241, "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426,
                "io_uring_register": 427, "kcmp": 272, "process_madvise": 440, "keyctl": 219, "add_key": 217,
                "request_key": 218, "personality": 92, "open_by_handle_at": 265, "fsopen": 430,
                "fsmount": 432, "open_tree": 428, "move_mount": 429, "mount_setattr": 442},
}
_ALLOWED_FAMILIES = (1, 2, 10)  # AF_UNIX, AF_INET, AF_INET6
_CLONE_THREAD = 0x00010000
_EPERM, _ENOSYS, _EAFNOSUPPORT = 1, 38, 97
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
# BPF opcodes
_LD_W_ABS, _JEQ_K, _JSET_K, _JGE_K, _RET_K = 0x20, 0x15, 0x45, 0x35, 0x06


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


#: Calls that send a signal, and the argument that names whom: allowed only to this process itself.
_SIGNALS = {"x86_64": {"kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297},
            "aarch64": {"kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240}}


def program(arch: str = ARCH, pid: int | None = None) -> bytes:
    """The filter as BPF instructions: checked architecture, then the denied calls, else allow.
    ``pid``: this process; signals go to it (or its own process group) only, for kernels whose
    Landlock cannot scope signals (before ABI 6) and a root that keeps its user id."""
    numbers = SYSCALLS[arch]
    pid = os.getpid() if pid is None else pid
    instructions: list[bytes] = []

    def emit(code, jt=0, jf=0, k=0):
        instructions.append(_instruction(code, jt, jf, k))

    errno = lambda value: _RET_ERRNO | value  # noqa: E731
    emit(_LD_W_ABS, k=4)  # seccomp_data.arch
    emit(_JEQ_K, 1, 0, _AUDIT_ARCH[arch])
    emit(_RET_K, k=_RET_KILL_PROCESS)
    emit(_LD_W_ABS, k=0)  # seccomp_data.nr
    if arch == "x86_64":
        emit(_JGE_K, 0, 1, 0x40000000)  # the x32 ABI: other numbers for the same calls
        emit(_RET_K, k=errno(_EPERM))
    # clone: allowed only for threads (flags in the first argument, low 32 bits).
    emit(_JEQ_K, 0, 4, numbers["clone"])
    emit(_LD_W_ABS, k=16)
    emit(_JSET_K, 0, 1, _CLONE_THREAD)
    emit(_RET_K, k=_RET_ALLOW)
    emit(_RET_K, k=errno(_EPERM))
    # clone3 keeps its flags in memory a filter cannot read: ENOSYS makes the C library use clone.
    emit(_JEQ_K, 0, 1, numbers["clone3"])
    emit(_RET_K, k=errno(_ENOSYS))
    # socket and socketpair: only the families in _ALLOWED_FAMILIES.
    for call in ("socket", "socketpair"):
        emit(_JEQ_K, 0, 2 + 2 * len(_ALLOWED_FAMILIES), numbers[call])
        emit(_LD_W_ABS, k=16)
        for family in _ALLOWED_FAMILIES:
            emit(_JEQ_K, 0, 1, family)
            emit(_RET_K, k=_RET_ALLOW)
        emit(_RET_K, k=errno(_EAFNOSUPPORT))
    # Signals: kill(pid or 0, …), and the thread/queue calls whose first argument is this process.
    for call, number in _SIGNALS[arch].items():
        if call == "kill":
            emit(_JEQ_K, 0, 5, number)
            emit(_LD_W_ABS, k=16)
            emit(_JEQ_K, 2, 0, pid)
            emit(_JEQ_K, 1, 0, 0)
        else:
            emit(_JEQ_K, 0, 4, number)
            emit(_LD_W_ABS, k=16)
            emit(_JEQ_K, 1, 0, pid)
        emit(_RET_K, k=errno(_EPERM))
        emit(_RET_K, k=_RET_ALLOW)
    denied = sorted({number for name, number in numbers.items()
                     if name not in ("clone", "clone3", "socket", "socketpair")})
    for number in denied:
        emit(_JEQ_K, 0, 1, number)
        emit(_RET_K, k=errno(_EPERM))
    emit(_RET_K, k=_RET_ALLOW)
    return b"".join(instructions)


def install(filter_program: bytes) -> None:
    """Load ``filter_program`` for every thread of this process (needs ``no_new_privs`` first)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    count = len(filter_program) // 8
    buffer = ctypes.create_string_buffer(filter_program, len(filter_program))
    fprog = struct.pack("HxxxxxxQ", count, ctypes.addressof(buffer))
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC): every thread of this process.
    if libc.syscall(317 if ARCH == "x86_64" else 277, 1, 1, ctypes.c_char_p(fprog)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")
