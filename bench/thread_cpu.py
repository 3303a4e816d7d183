#!/usr/bin/env python3
"""CPU seconds by thread name of one command, read from /proc/PID/task every 20 ms while it runs (a thread
that ends is counted up to its last reading, so short threads may lose up to 20 ms).
usage: bench/thread_cpu.py COMMAND [ARG...]     prints "seconds name" lines, busiest first, then the total
and the command's context switches (voluntary: a thread waited; involuntary: it was preempted)"""
import collections
import os
import resource
import subprocess
import sys
import time

if len(sys.argv) < 2:
    print("usage: bench/thread_cpu.py COMMAND [ARG...]", file=sys.stderr)
    sys.exit(2)
try:
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except OSError as e:
    print(f"bench/thread_cpu.py: {sys.argv[1]}: {e.strerror}", file=sys.stderr)
    sys.exit(2)
ticks = os.sysconf("SC_CLK_TCK")
last = {}
while process.poll() is None:
    try:
        tasks = os.listdir(f"/proc/{process.pid}/task")
    except OSError:
        break
    for tid in tasks:
        try:
            with open(f"/proc/{process.pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        last[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    time.sleep(0.02)
by_name = collections.Counter()
for name, used in last.values():
    by_name[name] += used / ticks
for name, seconds in by_name.most_common():
    if seconds >= 0.01:
        print(f"{seconds:6.2f} {name}")
print(f"{sum(by_name.values()):6.2f} total")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command, reaped by poll()
print(f"context switches: {usage.ru_nvcsw} voluntary, {usage.ru_nivcsw} involuntary")
sys.exit(process.returncode)
