// Order statistics shared by the benchmark scripts.

/** The `p`-quantile (0..1) of `v`, nearest rank. */
export const pct = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.round((s.length - 1) * p)]; };

/** The median of `v` (mean of the two middle values for an even count). */
export const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
