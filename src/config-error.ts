import type { z } from 'zod';

/** Start-up problems: printed one line each, never as a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    return `${prefix}${path ? `${path}: ` : ''}${i.message}`;
  });
}
