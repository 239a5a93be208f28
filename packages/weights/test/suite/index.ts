// Every shared suite of @spectra/weights, run by vitest (Node), Deno and Chromium alike.
// Readers suites and analysis suites are listed separately so each area edits only its own list.
import analysisReference from './analysis-reference.suite.js';
import analysisPowerLaw from './analysis-power-law.suite.js';
import analysisSteps from './analysis-steps.suite.js';
import analysisTpl from './analysis-tpl.suite.js';
import analysisModel from './analysis-model.suite.js';
import analysisTransforms from './analysis-transforms.suite.js';
import analysisWorkers from './analysis-workers.suite.js';
import { readerSuites } from './readers.js';

/** The readers' suites (formats, extraction, fuzzing). */
export const readersSuites = readerSuites;

/** The analysis suites (specs/weights.md §3–§12). */
export const analysisSuites = [analysisReference, analysisPowerLaw, analysisSteps, analysisTpl, analysisModel, analysisTransforms, analysisWorkers];

export const weightsSuites = [...readersSuites, ...analysisSuites];
