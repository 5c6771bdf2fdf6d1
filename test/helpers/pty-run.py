"""Runs a command on a fresh pseudo-terminal for the tests, and lets them
hang the terminal up (close the master, as sshd or tmux do when the client
goes away).

Usage: python3 pty-run.py COLUMNS ROWS OUTPUT_FILE -- COMMAND...

Everything the command writes to the terminal is appended to OUTPUT_FILE.
Commands on stdin, one per line:
  write <hex>   type these bytes into the terminal
  resize C R    change the window size (the command gets SIGWINCH)
  hangup        close the master: the command gets SIGHUP, then EIO
Prints `pid <pid>` when the command starts, and when it ends
`exit <code-or-minus-signal> <ms after hangup>`.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def set_size(fd, columns, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def main():
    columns, rows, output_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    print(f"pid {pid}", flush=True)
    set_size(master, columns, rows)
    os.kill(pid, signal.SIGWINCH)
    output = open(output_path, "ab", buffering=0)
    hung_up_at = None
    commands = sys.stdin.fileno()
    os.set_blocking(commands, False)
    pending = b""
    while True:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            break
        watched = [commands] + ([master] if master is not None else [])
        readable, _, _ = select.select(watched, [], [], 0.02)
        if master is not None and master in readable:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            output.write(data)
        if commands in readable:
            try:
                chunk = os.read(commands, 4096)
            except BlockingIOError:
                chunk = b""
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                words = line.decode().split()
                if not words:
                    continue
                if words[0] == "write" and master is not None:
                    os.write(master, bytes.fromhex(words[1]))
                elif words[0] == "resize" and master is not None:
                    set_size(master, int(words[1]), int(words[2]))
                elif words[0] == "hangup" and master is not None:
                    os.close(master)
                    master = None
                    hung_up_at = time.monotonic()
    code = os.waitstatus_to_exitcode(status)
    elapsed = -1 if hung_up_at is None else round((time.monotonic() - hung_up_at) * 1000)
    print(f"exit {code} {elapsed}", flush=True)


main()
