export type Parsed<T, R extends string = string> = { ok: true; value: T } | { ok: false; reason: R };
