import os, time
_fd = {}
def m(label):
    pid = os.getpid()
    try:
        fd = _fd.get(pid)
        if fd is None:
            fd = _fd[pid] = os.open('/tmp/ws-times', os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            fd = _fd[pid] = os.dup2(fd, 900 + pid % 50)
        os.write(fd, f'{pid} {label} {time.perf_counter():.5f}\n'.encode())
    except Exception:
        pass
