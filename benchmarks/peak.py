"""The peak memory of a benchmark's child process, as source text the child scripts start with.

A child's VmHWM is its own peak; ru_maxrss also counts the parent's memory copied at fork and
dropped at exec (a benchmark parent holding 100,000 titles read as 800 MB there)."""

PEAK_MB = r'''
def peak_mb():
    import resource
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
'''
