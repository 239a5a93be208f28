import { runInBrowser } from '@spectra/testkit/browser';
import { freeProbSuites } from '../suite/index.js';
import { freeProbVariants } from '../variants.js';

await runInBrowser(freeProbSuites, freeProbVariants);
