// Every shared suite of @spectra/free-prob, run by vitest (Node), Deno and Chromium alike (cases that
// sample large random networks are Node-only: `runtimes: ['node']`).
import engineAndErrors from './engine-and-errors.suite.js';
import jacobianReference from './jacobian-reference.suite.js';
import jacobianGeneral from './jacobian-general.suite.js';
import jacobianMonteCarlo from './jacobian-monte-carlo.suite.js';
import meanField from './mean-field.suite.js';
import measures from './measures.suite.js';
import pennington from './pennington.suite.js';

export const freeProbSuites = [jacobianReference, engineAndErrors, meanField, measures, jacobianGeneral, pennington, jacobianMonteCarlo];
