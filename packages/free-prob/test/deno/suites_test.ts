import { runWithDeno } from '@spectra/testkit/deno';
import { freeProbSuites } from '../suite/index.js';
import { freeProbVariants } from '../variants.js';

runWithDeno(freeProbSuites, freeProbVariants);
