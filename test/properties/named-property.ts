import type fc from 'fast-check';

/** A property with the name the fuzz report and the jest test title give it. */
export interface NamedProperty {
  /** `area.kind`, e.g. `cholesky.valid`; `npm run fuzz -- --only` and FUZZ_SEED replays use it. */
  name: string;
  /** What the property covers, for the fuzz report. */
  covers: string;
  property: fc.IRawProperty<any, boolean>;
  /** Share of the fuzz budget (1 = the default number of runs). */
  weight?: number;
}
