import { performance } from "node:perf_hooks";

/**
 * Wall-clock and CPU time of each call. The CPU time (this process's user +
 * system time, process.cpuUsage) leaves out the time other processes hold the
 * core: on a shared, loaded machine it is the stable figure, while the
 * wall-clock tail mostly measures the scheduler.
 */
export class Timings {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];

  time<T>(run: () => T): T {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = run();
    this.wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    this.cpu.push((c.user + c.system) / 1000);
    return result;
  }

  /** "p50 a ms, p99 b ms" of one series. */
  static quantiles(samples: readonly number[], digits = 3): string {
    const sorted = [...samples].sort((a, b) => a - b);
    const q = (p: number): string =>
      (sorted[Math.floor(p * (sorted.length - 1))] ?? 0).toFixed(digits);
    const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
    return `mean ${mean.toFixed(digits)} ms, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`;
  }

  summary(digits = 3): string {
    return `CPU ${Timings.quantiles(this.cpu, digits)}; wall ${Timings.quantiles(this.wall, digits)}`;
  }
}
