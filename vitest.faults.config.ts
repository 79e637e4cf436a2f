import { defineConfig } from 'vitest/config';

// The fault suite spawns real processes and its own redis-server per file: one file at a time,
// so a noisy 2-core machine is not asked to run several service stacks at once.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    testTimeout: 240_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
