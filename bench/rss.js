// Preloaded into a benchmarked process: prints its peak resident memory and CPU time on exit, for the bench
// to read (CPU time, unlike wall time, barely moves when other work shares the machine's cores).
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${u.maxRSS}\nBENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
